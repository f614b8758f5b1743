"""The attack-surface check's pages, end to end: add → the record to add → 確認する → 今すぐチェック → result, history."""

import pytest
from django.urls import reverse

from dxnavi.surface.models import CheckRun, Domain
from tests.factories import CompanyFactory, UserFactory, member

from . import servers
from .conftest import DOMAIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client):
    company = CompanyFactory()
    owner = member(company)
    client.force_login(owner)
    client.company = company
    return client


def test_views_add_verify_check_and_read_the_result(owner_client, net, ca, settings, django_capture_on_commit_callbacks):
    net.settings(settings)
    company = owner_client.company
    response = owner_client.post(reverse("surface:domain_add", args=[company.pk]), {"domain": DOMAIN})
    domain = Domain.objects.get(company=company)
    assert response.status_code == 302 and response["Location"] == reverse("surface:domain", args=[company.pk, domain.pk])
    page = owner_client.get(response["Location"]).content.decode()
    assert f"_dxnavi-verify.{DOMAIN}" in page and f"dxnavi-verify={domain.token}" in page
    assert "確認する" in page and "今すぐチェック" not in page

    response = owner_client.post(reverse("surface:domain_verify", args=[company.pk, domain.pk]), follow=True)
    assert "確認用のレコードがまだ見つかりません" in response.content.decode()
    net.owned(token=domain.token)
    net.dns.add(DOMAIN, "TXT", '"v=spf1 mx ~all"')
    net.serve(443, servers.WebServer(headers=servers.GOOD_HEADERS, tls_context=servers.tls_context(ca, DOMAIN, days=10.05)))
    response = owner_client.post(reverse("surface:domain_verify", args=[company.pk, domain.pk]), follow=True)
    assert "確認できました" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("surface:domain_check", args=[company.pk, domain.pk]))
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    job_page = owner_client.get(response["Location"]).content.decode()
    result_url = reverse("surface:result", args=[company.pk, domain.pk])
    assert result_url in job_page

    result = owner_client.get(result_url).content.decode()
    assert "ホームページの証明書があと10日で期限切れになります" in result
    assert "なりすましメール対策のDMARCがありません" in result
    assert "対応方法：" in result and "出典：" in result
    assert reverse("assessments:start", args=[company.pk, "security_selfcheck"]) in result
    history = owner_client.get(reverse("surface:history", args=[company.pk, domain.pk])).content.decode()
    run = CheckRun.objects.get(domain=domain)
    assert reverse("surface:run", args=[company.pk, domain.pk, run.pk]) in history


def test_views_add_refuses_bad_input_with_the_field_named(owner_client):
    company = owner_client.company
    for value, message in [
        ("https://tanaka.jp/", "ドメイン名：https:// や / を付けずに"),
        ("192.0.2.1", "ドメイン名：IPアドレスではなく"),
        ("nas.local", "ドメイン名：この名前はテストや社内ネットワーク用"),
        ("", "ドメイン名：ドメインを入力してください"),
    ]:
        response = owner_client.post(reverse("surface:domain_add", args=[company.pk]), {"domain": value})
        assert (response.status_code, message in response.content.decode()) == (200, True)
    assert Domain.objects.filter(company=company).count() == 0


def test_views_viewer_cannot_change_and_sees_no_buttons(client):
    company = CompanyFactory()
    viewer = member(company, user=UserFactory(), role="viewer")
    Domain.objects.create(company=company, name=DOMAIN, display_name=DOMAIN, token="t" * 32)
    client.force_login(viewer)
    page = client.get(reverse("surface:domains", args=[company.pk])).content.decode()
    assert DOMAIN in page and 'name="domain"' not in page
    assert client.post(reverse("surface:domain_add", args=[company.pk]), {"domain": "b-sme.jp"}).status_code == 403
    assert Domain.objects.filter(company=company).count() == 1


def test_views_remove_deletes_domain_and_history(owner_client):
    company = owner_client.company
    domain = Domain.objects.create(company=company, name=DOMAIN, display_name=DOMAIN, token="t" * 32, status="verified")
    CheckRun.objects.create(domain=domain, company=company, trigger="manual", status="done")
    response = owner_client.post(reverse("surface:domain_remove", args=[company.pk, domain.pk]))
    assert (response.status_code, Domain.objects.count(), CheckRun.objects.count()) == (302, 0, 0)


def test_views_lost_domain_says_checks_stopped(owner_client):
    company = owner_client.company
    domain = Domain.objects.create(company=company, name=DOMAIN, display_name=DOMAIN, token="t" * 32, status="lost")
    listing = owner_client.get(reverse("surface:domains", args=[company.pk])).content.decode()
    assert "確認用のレコードが削除されたため、チェックを止めています" in listing
    page = owner_client.get(reverse("surface:domain", args=[company.pk, domain.pk])).content.decode()
    assert "今すぐチェック" not in page


def test_views_domain_list_query_count(owner_client, django_assert_max_num_queries):
    company = owner_client.company
    for i in range(8):
        Domain.objects.create(company=company, name=f"d{i}.tanaka.jp", display_name=f"d{i}.tanaka.jp", token="t" * 32)
    with django_assert_max_num_queries(12):
        response = owner_client.get(reverse("surface:domains", args=[company.pk]))
    assert response.content.decode().count('class="name"') == 8


def test_views_dashboard_card_lists_domains_with_latest_counts(owner_client, django_assert_num_queries):
    from dxnavi.orgs.scoping import CompanyAccess
    from dxnavi.surface.cards import surface_card

    company = owner_client.company
    checked = Domain.objects.create(company=company, name="a-sme.jp", display_name="a-sme.jp", token="t" * 32, status="verified")
    Domain.objects.create(company=company, name="b-sme.jp", display_name="b-sme.jp", token="t" * 32)
    CheckRun.objects.create(domain=checked, company=company, trigger="manual", status="done", high=2, medium=1)
    access = CompanyAccess(company=company, via="member", role="owner")
    with django_assert_num_queries(1):
        card = surface_card(access)
    assert [(d["domain"].name, d["domain"].high, d["domain"].medium) for d in card["domains"]] == [
        ("a-sme.jp", 2, 1), ("b-sme.jp", None, None),
    ]
    page = owner_client.get(reverse("web:company_dashboard", args=[company.pk])).content.decode()
    assert "至急 2・早めに対応 1" in page
