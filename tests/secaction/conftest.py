import datetime
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone

from dxnavi.secaction import selfcheck, services


@pytest.fixture
def owner_client(client, world):
    client.force_login(world["owner"])
    return client


@pytest.fixture
def adviser_client(client, world):
    client.force_login(world["linked_adviser"])
    return client


def use_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def fake_selfcheck(monkeypatch):
    """Stand-in for a completed self-check, independent of the assessments app.

    Call it with the question ids answered 実施している; the company then has a completed
    self-check with those answers.
    """

    def complete(yes=()):
        assessment = SimpleNamespace(pk=1, completed_at=timezone.now(), yes=set(yes))
        monkeypatch.setattr(selfcheck, "latest_completed", lambda company: assessment)
        monkeypatch.setattr(selfcheck, "answered_yes", lambda a: set(a.yes) if a is not None else set())
        monkeypatch.setattr(selfcheck, "for_dashboard", lambda view: (assessment, set(assessment.yes)))
        monkeypatch.setattr(selfcheck, "latest_for_actions", lambda company: (assessment, set(assessment.yes)))
        return assessment

    return complete


def make_policy(company, user, *, adopted_by=None, organization=None, **values):
    data = {
        "company_name": company.name,
        "representative": "代表取締役 山田 太郎",
        "policy_date": datetime.date(2026, 11, 26),
        "language": "ja",
        **values,
    }
    policy = services.create_policy(company, **data, user=user, organization=organization)
    if adopted_by is not None:
        policy.adopted_at = timezone.now()
        policy.adopted_by = adopted_by
        policy.save()
    return policy


def confirm_all(company, user):
    from dxnavi.secaction import content

    for item_id in content.item_ids():
        services.set_item_done(company, item_id, done=True, user=user)
