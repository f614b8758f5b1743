"""The basic policy's stored PDF (an immutable version) is keyed by its id, language and text."""

import datetime

import pytest
from django.utils import translation

from dxnavi.secaction import documents, services
from dxnavi.secaction.models import BasicPolicy
from tests.factories import CompanyFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(db):
    company = CompanyFactory()
    owner = member(company, role="owner")
    return services.create_policy(
        company, company_name=company.name, representative="代表 太郎",
        policy_date=datetime.date(2026, 11, 26), language="ja", user=owner,
    )  # fmt: skip


def _document(pk):
    document = documents.policy_document(BasicPolicy.objects.get(pk=pk))
    return document.key, document.html


def test_policy_key_does_not_follow_the_viewers_language(policy):
    with translation.override("en"):
        in_english_ui = _document(policy.pk)
    assert _document(policy.pk) == in_english_ui  # the document is in the policy's own language


def test_policy_key_changes_with_the_printed_text(policy):
    before = _document(policy.pk)
    parts = [dict(part) for part in policy.parts]
    parts[0]["body"] += "（追記）"
    BasicPolicy.objects.filter(pk=policy.pk).update(parts=parts)
    after = _document(policy.pk)
    assert (before[0] != after[0], before[1] != after[1]) == (True, True)


def test_policy_key_changes_with_the_title(policy):
    before = _document(policy.pk)
    BasicPolicy.objects.filter(pk=policy.pk).update(title="別の題名")
    after = _document(policy.pk)
    assert (before[0] != after[0], before[1] != after[1]) == (True, True)
