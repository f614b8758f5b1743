"""The admin shows packs and assessments but never lets anyone edit scores or packs by hand."""

import pytest
from django.urls import reverse

from tests.assessments.helpers import answers_for_total, complete_with
from tests.factories import CompanyFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(email="admin@example.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_admin_lists_packs_and_assessments_read_only(admin_client, pack):
    done = complete_with(CompanyFactory(), answers_for_total(64))
    assert admin_client.get(reverse("admin:assessments_questionnairepack_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:assessments_assessment_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:assessments_assessment_change", args=[done.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'name="total_score"' not in body and 'name="_save"' not in body
    assert admin_client.get(reverse("admin:assessments_assessment_add")).status_code == 403
    assert admin_client.get(reverse("admin:assessments_questionnairepack_add")).status_code == 403


def test_admin_cannot_post_a_score(admin_client, pack):
    done = complete_with(CompanyFactory(), answers_for_total(64))
    url = reverse("admin:assessments_assessment_change", args=[done.pk])
    response = admin_client.post(url, {"total_score": 100})
    done.refresh_from_db()
    assert (response.status_code, done.total_score) == (403, 64)
