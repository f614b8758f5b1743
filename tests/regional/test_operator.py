"""The operators' prefecture reports: staff only (404 for anyone else), computed by a plain job."""

import pytest
from django.urls import reverse

from dxnavi.regional.models import RegionalReport
from tests.factories import AdviserOrganizationFactory, UserFactory, link
from tests.regional.helpers import clients, packs, result

pytestmark = pytest.mark.django_db

OPERATOR_URLS = [
    ("get", "regional:operator_index", []),
    ("get", "regional:prefecture_report", ["13"]),
    ("post", "regional:prefecture_recompute", ["13"]),
    ("get", "regional:prefecture_xlsx", ["13"]),
    ("get", "regional:prefecture_pdf", ["13"]),
]


@pytest.fixture
def operator():
    packs()
    return UserFactory(is_staff=True)


@pytest.mark.parametrize("method,name,args", OPERATOR_URLS)
def test_operator_pages_are_404_for_non_operators(client, method, name, args):
    organization = AdviserOrganizationFactory()
    adviser = UserFactory()
    company = clients(None, 1)[0]
    link(company, organization, adviser=adviser, role="owner")
    RegionalReport.objects.create(prefecture="13", status="done", data={"sections": []})
    for user in (adviser, UserFactory()):
        client.force_login(user)
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 404, (name, user)
    assert RegionalReport.objects.count() == 1


@pytest.mark.parametrize("method,name,args", OPERATOR_URLS)
def test_operator_pages_send_anonymous_users_to_login(client, method, name, args):
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_operator_page_unknown_prefecture_is_404(client, operator):
    client.force_login(operator)
    assert client.get(reverse("regional:prefecture_report", args=["48"])).status_code == 404
    assert client.get(reverse("regional:prefecture_report", args=["xx"])).status_code == 404


def test_operator_recompute_stores_the_prefecture_report(client, operator, django_capture_on_commit_callbacks):
    from django.utils import timezone

    for company in clients(None, 10, prefecture="13"):
        result(company, "dx_stage", "stage2", {}, timezone.now())
    for company in clients(None, 10, prefecture="27"):
        result(company, "dx_stage", "stage3", {}, timezone.now())
    client.force_login(operator)
    assert client.get(reverse("regional:operator_index")).status_code == 200
    assert "まだ集計していません" in client.get(reverse("regional:prefecture_report", args=["13"])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("regional:prefecture_recompute", args=["13"]))
    assert response.status_code == 302
    stored = RegionalReport.objects.get(prefecture="13")
    assert stored.status == "done" and stored.organization is None
    stage = next(s for s in stored.data["sections"] if s["id"] == "dx_stage")["dimensions"]["industry"]["current"]
    assert stage["total"] == 10 and stage["col_totals"][stage["cols"].index("stage2")] == 10
    body = client.get(reverse("regional:prefecture_report", args=["13"])).content.decode()
    assert "集計日時" in body and "東京都の全企業" in body
    assert client.get(reverse("regional:prefecture_xlsx", args=["13"])).status_code == 200


def test_operator_with_unverified_second_factor_is_404(client, operator, monkeypatch):
    from dxnavi.regional import access

    monkeypatch.setattr(access, "session_meets_second_factor", lambda request: False)
    client.force_login(operator)
    assert client.get(reverse("regional:operator_index")).status_code == 404


def test_operator_recompute_waits_for_a_pending_one_but_not_a_stalled_one(
    client, operator, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    client.force_login(operator)
    RegionalReport.objects.create(prefecture="13", status="running")
    client.post(reverse("regional:prefecture_recompute", args=["13"]))
    assert RegionalReport.objects.filter(prefecture="13").count() == 1
    assert "再集計中です" in client.get(reverse("regional:prefecture_report", args=["13"])).content.decode()
    RegionalReport.objects.update(requested_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("regional:prefecture_recompute", args=["13"]))
    # the new one ran (sync jobs in tests) and cleared the stalled one
    assert list(RegionalReport.objects.values_list("status", flat=True)) == ["done"]


def test_operator_admin_index_links_the_prefecture_reports(client):
    from django.urls import reverse

    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    page = client.get(reverse("admin:index")).content.decode()
    assert '<h2>運営者のツール</h2>' in page
    assert f'<a href="{reverse("regional:operator_index")}">都道府県別の集計レポート</a>' in page
