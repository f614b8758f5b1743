"""The header's company switcher (issue #10 item 1): one <details> menu instead of a link per company."""

import re

import pytest
from django.urls import reverse

from dxnavi.orgs.scoping import CompanyAccess
from dxnavi.web.context_processors import SWITCHER_LIMIT, company_switcher
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member

pytestmark = pytest.mark.django_db


def switcher_html(response) -> str:
    html = response.content.decode()
    found = re.search(r'<details class="company-switcher".*?</details>', html, re.DOTALL)
    assert found is not None, "no company switcher in the page"
    return found.group(0)


def summary_text(switcher: str) -> str:
    summary = re.search(r"<summary>(.*?)</summary>", switcher, re.DOTALL).group(1)
    return re.sub(r"<[^>]+>", "", summary).strip()


def dashboard_links(switcher: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/c/(\d+)/"', switcher)]


def test_company_switcher_owner_of_three_shows_current_and_lists_all(client):
    owner = UserFactory()
    companies = [CompanyFactory(name=name) for name in ("あいう商事", "かきく工業", "さしす物流")]
    for company in companies:
        member(company, user=owner)
    client.force_login(owner)

    switcher = switcher_html(client.get(reverse("web:company_dashboard", args=[companies[1].pk])))

    assert summary_text(switcher) == "表示中の会社： かきく工業"
    assert dashboard_links(switcher) == [c.pk for c in companies]
    assert switcher.count('aria-current="true"') == 1
    assert re.search(rf'href="/c/{companies[1].pk}/" aria-current="true"', switcher) is not None
    assert "あなたの会社をすべて見る" not in switcher


def test_company_switcher_on_a_page_without_company_asks_to_choose(client):
    owner = UserFactory()
    for name in ("あいう商事", "かきく工業"):
        member(CompanyFactory(name=name), user=owner)
    client.force_login(owner)

    switcher = switcher_html(client.get(reverse("web:home")))

    assert summary_text(switcher) == "表示中の会社： 会社を選ぶ"
    assert 'aria-current' not in switcher


def test_company_switcher_many_companies_lists_limit_and_links_home(client):
    owner = UserFactory()
    companies = [CompanyFactory(name=f"会社{n:02d}") for n in range(SWITCHER_LIMIT + 2)]
    for company in companies:
        member(company, user=owner)
    client.force_login(owner)

    switcher = switcher_html(client.get(reverse("web:company_dashboard", args=[companies[-1].pk])))

    # The current company is named in the summary even when it is beyond the listed ones.
    assert summary_text(switcher) == f"表示中の会社： 会社{SWITCHER_LIMIT + 1:02d}"
    assert dashboard_links(switcher) == [c.pk for c in companies[:SWITCHER_LIMIT]]
    assert f'href="{reverse("web:home")}">あなたの会社をすべて見る' in switcher


def test_company_switcher_adviser_on_client_page_names_client_and_leads_back_to_clients(client):
    organization = AdviserOrganizationFactory(name="みどり商工会")
    adviser = UserFactory()
    client_company = CompanyFactory(name="支援先精機株式会社")
    link(client_company, organization, adviser=adviser)
    client.force_login(adviser)

    switcher = switcher_html(client.get(reverse("web:company_dashboard", args=[client_company.pk])))

    assert summary_text(switcher) == "表示中の会社： 支援先精機株式会社"
    assert "みどり商工会の支援者として表示中" in switcher
    assert f'href="{reverse("orgs:adviser_org", args=[organization.pk])}">支援先の一覧に戻る' in switcher
    assert dashboard_links(switcher) == []  # the adviser has no company of its own
    assert "あなたの会社" not in switcher


def test_company_switcher_adviser_without_companies_off_client_pages_has_none(client):
    organization = AdviserOrganizationFactory()
    adviser = UserFactory()
    link(CompanyFactory(), organization, adviser=adviser)
    client.force_login(adviser)

    html = client.get(reverse("orgs:adviser_org", args=[organization.pk])).content.decode()

    assert 'class="company-switcher"' not in html
    assert f'href="{reverse("web:adviser_home")}"' in html  # the adviser workspace stays in the header


def test_company_switcher_one_query_however_many_companies(django_assert_num_queries):
    owner = UserFactory()
    companies = [CompanyFactory() for _ in range(SWITCHER_LIMIT + 3)]
    for company in companies:
        member(company, user=owner)
    access = CompanyAccess(company=companies[0], via="member", role="owner")

    with django_assert_num_queries(1):
        context = company_switcher(owner, access)

    assert len(context["nav_companies"]) == SWITCHER_LIMIT
    assert context["nav_companies_more"] is True
    assert context["nav_current_company"] == companies[0]
    assert context["nav_current_org"] is None


def test_company_switcher_adviser_access_sets_current_org():
    organization = AdviserOrganizationFactory()
    adviser = UserFactory()
    company = CompanyFactory()
    link(company, organization, adviser=adviser)
    access = CompanyAccess(company=company, via="adviser", role="editor", organization=organization)

    context = company_switcher(adviser, access)

    assert context["nav_companies"] == []
    assert context["nav_companies_more"] is False
    assert context["nav_current_company"] == company
    assert context["nav_current_org"] == organization
