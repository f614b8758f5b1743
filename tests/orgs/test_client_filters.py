"""The adviser's client list filters, sorting, status counts, saved filters and filtered export (issue #12)."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dxnavi.assessments.models import Assessment
from dxnavi.orgs import client_list
from dxnavi.orgs.client_filters import ClientQuery
from dxnavi.orgs.models import AdviserMembership, AuditEvent, SavedClientFilter, SupportLink
from tests.assessments.helpers import all_answers, complete_with, draft_with
from tests.dxdiag.helpers import MATURITY_PACK, STAGE_PACK, complete, load_packs, maturity_answers, stage_answers
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link

pytestmark = pytest.mark.django_db


def _org(role="editor"):
    org = AdviserOrganizationFactory()
    adviser = UserFactory(name="相談 一郎")
    AdviserMembership.objects.create(organization=org, user=adviser, role=role)
    return org, adviser


def _names(adviser, org, params="", member_ids=()):
    query = ClientQuery.from_params(QueryDict(params), member_ids)
    return [c.name for c in client_list.clients(adviser, org, query)]


@pytest.fixture
def clients():
    """Four clients of one organization with different profiles and results, plus another organization's."""
    load_packs()
    org, adviser = _org()
    a = CompanyFactory(name="A精機", industry_major="E", prefecture="13", employees=8)  # small, size 6-20
    b = CompanyFactory(name="B商店", industry_major="I", industry_middle="", prefecture="27", employees=40)  # SME, 21-50
    c = CompanyFactory(  # not an SME (capital and employees above the lines), 301+
        name="C建設", industry_major="D", industry_middle="", prefecture="13", employees=400, capital_yen=500_000_000
    )
    d = CompanyFactory(name="D食堂", industry_major="M", industry_middle="", prefecture="01", employees=3)  # small, 1-5
    for company in (a, b, c, d):
        link(company, org)
    link(CompanyFactory(name="Z別機関"), AdviserOrganizationFactory())
    complete_with(a, all_answers("yes"))  # 100/100 full
    complete_with(b, all_answers("partial"))  # 50/100
    complete(a, STAGE_PACK, stage_answers("stage3", yes=["paperless", "website"]))
    complete(c, STAGE_PACK, stage_answers("stage1"))
    complete(b, MATURITY_PACK, maturity_answers((2, 4)))
    complete(c, MATURITY_PACK, maturity_answers((3, 4)))
    draft_with(d, {})
    # b's self-check is 13 months old: "no self-check in 12 months" (with c and d, who have none).
    Assessment.objects.filter(company=b, pack_family="security_selfcheck").update(
        completed_at=timezone.now() - datetime.timedelta(days=400)
    )
    return {"org": org, "adviser": adviser, "a": a, "b": b, "c": c, "d": d}


@pytest.mark.parametrize(
    "params, expected",
    [
        ("", ["A精機", "B商店", "C建設", "D食堂"]),
        ("industry=E", ["A精機"]),
        ("prefecture=13", ["A精機", "C建設"]),
        ("size=21-50", ["B商店"]),
        ("size=1-5", ["D食堂"]),
        ("sme=small", ["A精機", "D食堂"]),
        ("sme=sme", ["B商店"]),
        ("sme=none", ["C建設"]),
        ("selfcheck_band=full", ["A精機"]),
        ("dx_stage=stage1", ["C建設"]),
        ("dx_maturity=3", ["C建設"]),
        ("dx_maturity=2", ["B商店"]),
        ("status=no_recent_selfcheck", ["B商店", "C建設", "D食堂"]),
        ("status=draft", ["D食堂"]),
        ("status=none", ["A精機", "B商店", "C建設", "D食堂"]),
        ("security_action=1", ["A精機"]),  # every principle covered by its all-「実施している」 self-check
        ("security_action=0", ["B商店", "C建設", "D食堂"]),
        ("security_action=2", []),
        ("q=商店", ["B商店"]),
        ("prefecture=13&sme=small", ["A精機"]),
        # Unknown values are ignored, not an error: the whole list.
        ("industry=ZZ&prefecture=99&sort=password", ["A精機", "B商店", "C建設", "D食堂"]),
    ],
)
def test_client_filter_each_filter_narrows_the_list(clients, params, expected):
    assert _names(clients["adviser"], clients["org"], params) == expected


def test_client_filter_stale_counts_a_recent_selfcheck_of_any_version(clients):
    Assessment.objects.filter(company=clients["b"], pack_family="security_selfcheck").update(completed_at=timezone.now())
    assert _names(clients["adviser"], clients["org"], "status=no_recent_selfcheck") == ["C建設", "D食堂"]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("name", ["A精機", "B商店", "C建設", "D食堂"]),
        ("-name", ["D食堂", "C建設", "B商店", "A精機"]),
        ("employees", ["D食堂", "A精機", "B商店", "C建設"]),
        ("-employees", ["C建設", "B商店", "A精機", "D食堂"]),
        ("prefecture", ["D食堂", "A精機", "C建設", "B商店"]),
        ("-prefecture", ["B商店", "A精機", "C建設", "D食堂"]),
        ("industry", ["C建設", "A精機", "B商店", "D食堂"]),
        ("-industry", ["D食堂", "B商店", "A精機", "C建設"]),
        # Results: companies without one come last both ways (then by name).
        ("security_selfcheck", ["B商店", "A精機", "C建設", "D食堂"]),
        ("-security_selfcheck", ["A精機", "B商店", "C建設", "D食堂"]),
        ("dx_stage", ["C建設", "A精機", "B商店", "D食堂"]),
        ("-dx_stage", ["A精機", "C建設", "B商店", "D食堂"]),
        ("dx_maturity", ["B商店", "C建設", "A精機", "D食堂"]),
        ("-dx_maturity", ["C建設", "B商店", "A精機", "D食堂"]),
    ],
)
def test_client_sort_both_ways(clients, sort, expected):
    assert _names(clients["adviser"], clients["org"], f"sort={sort}") == expected


def test_client_sort_by_last_activity_both_ways(clients):
    now = timezone.now()
    for n, key in enumerate(["c", "a", "d", "b"]):  # b the most recent
        Assessment.objects.filter(company=clients[key]).update(updated=now - datetime.timedelta(days=10 - n))
    assert _names(clients["adviser"], clients["org"], "sort=-last_activity") == ["B商店", "D食堂", "A精機", "C建設"]
    assert _names(clients["adviser"], clients["org"], "sort=last_activity") == ["C建設", "A精機", "D食堂", "B商店"]


def test_client_filter_and_sort_by_person_in_charge(clients):
    org, adviser = clients["org"], clients["adviser"]
    other = UserFactory(name="佐藤")
    AdviserMembership.objects.create(organization=org, user=other, role="viewer")
    SupportLink.objects.filter(organization=org, company=clients["c"]).update(assignee=adviser)
    SupportLink.objects.filter(organization=org, company__in=[clients["a"], clients["d"]]).update(assignee=other)
    ids = [adviser.pk, other.pk]
    assert _names(adviser, org, f"assignee={other.pk}", ids) == ["A精機", "D食堂"]
    assert _names(adviser, org, "assignee=none", ids) == ["B商店"]
    assert _names(adviser, org, "status=none", ids) == ["B商店"]
    # A non-member's id is not a filter (ignored): the whole list.
    assert _names(adviser, org, f"assignee={UserFactory().pk}", ids) == ["A精機", "B商店", "C建設", "D食堂"]
    # 佐藤 < 相談 一郎 in code point order of the name; unassigned last both ways.
    assert _names(adviser, org, "sort=assignee", ids) == ["A精機", "D食堂", "C建設", "B商店"]
    assert _names(adviser, org, "sort=-assignee", ids) == ["C建設", "A精機", "D食堂", "B商店"]


def test_client_status_counts_at_the_top(client, clients):
    org, adviser = clients["org"], clients["adviser"]
    link(CompanyFactory(name="承諾待ち"), org, status=SupportLink.Status.PENDING)
    SupportLink.objects.filter(organization=org, company=clients["a"]).update(assignee=adviser)
    assert client_list.status_counts(adviser, org, 1) == {
        "all": 4, "no_recent_selfcheck": 3, "draft": 1, "none": 3, "pending": 1,
    }  # fmt: skip
    client.force_login(adviser)
    html = client.get(reverse("orgs:adviser_org", args=[org.pk])).content.decode()
    nav = html.split('class="status-counts"')[1].split("</nav>")[0]
    assert [part.split("<strong>")[1].split("</strong>")[0] for part in nav.split("<li>")[1:]] == ["4", "3", "1", "3", "1"]
    assert "自社診断が12か月以上ない" in nav and "同意待ち" in nav


def test_client_list_pending_tab_lists_the_requests(client, clients):
    org, adviser = clients["org"], clients["adviser"]
    link(CompanyFactory(name="承諾待ち商会", corporate_number="1234567890123"), org, status=SupportLink.Status.PENDING)
    client.force_login(adviser)
    html = client.get(reverse("orgs:adviser_org", args=[org.pk]) + "?status=pending").content.decode()
    results = html.split('id="client-results"')[1]
    assert "法人番号 1234567890123 の企業" in results
    assert "承諾待ち商会" not in html  # not registered by the adviser: named by the number only
    assert "A精機" not in results


def test_client_list_page_shows_filters_and_keeps_them_in_links(client, clients):
    org, adviser = clients["org"], clients["adviser"]
    client.force_login(adviser)
    html = client.get(reverse("orgs:adviser_org", args=[org.pk]) + "?prefecture=13&sort=-employees").content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    assert body.index("C建設") < body.index("A精機") and "B商店" not in body
    assert f'href="{reverse("orgs:adviser_clients_xlsx", args=[org.pk])}?prefecture=13&amp;sort=-employees"' in html
    assert '<option value="13" selected>東京都</option>' in html
    assert 'aria-sort="descending"' in html


def test_client_list_htmx_swaps_only_the_results(client, clients):
    client.force_login(clients["adviser"])
    response = client.get(
        reverse("orgs:adviser_org", args=[clients["org"].pk]) + "?industry=E", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="client-results"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="client-results">') and "<html" not in html
    assert "A精機" in html and "B商店" not in html


def test_client_list_queries_do_not_depend_on_page_size(client, django_assert_max_num_queries, monkeypatch):
    load_packs()
    org, adviser = _org()
    companies = [CompanyFactory(name=f"顧客{i:03d}") for i in range(30)]
    for company in companies:
        link(company, org)
    for company in companies[:12]:
        complete_with(company, all_answers("partial"))
    client.force_login(adviser)
    url = reverse("orgs:adviser_org", args=[org.pk]) + "?status=no_recent_selfcheck&sort=-security_selfcheck&sme=small"
    client.get(url)
    counts = []
    for size in (5, 25):
        monkeypatch.setattr(client_list, "PAGE_SIZE", size)
        with django_assert_max_num_queries(11), CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        counts.append((len(ctx.captured_queries), html.split("<tbody>")[1].count("<tr>")))
    assert counts[0][0] == counts[1][0]
    assert [rows for _q, rows in counts] == [5, 18]


def test_client_export_takes_the_filters_and_sort(client, clients):
    org, adviser = clients["org"], clients["adviser"]
    SupportLink.objects.filter(organization=org, company=clients["c"]).update(assignee=adviser)
    client.force_login(adviser)
    params = "status=no_recent_selfcheck&sort=-employees"
    response = client.get(reverse("orgs:adviser_clients_xlsx", args=[org.pk]) + "?" + params)
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [(row[0], row[-1]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows == [("C建設", "相談 一郎"), ("B商店", None), ("D食堂", None)]
    assert [name for name, _ in rows] == _names(adviser, org, params)
    exported = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).values_list("company__name", flat=True)
    assert sorted(exported) == ["B商店", "C建設", "D食堂"]


def test_saved_filter_save_apply_delete(client, clients):
    org, adviser = clients["org"], clients["adviser"]
    client.force_login(adviser)
    save = reverse("orgs:adviser_filter_save", args=[org.pk])
    response = client.post(save, {"name": "東京の小規模", "query": "prefecture=13&sme=small&bogus=1"})
    saved = SavedClientFilter.objects.get()
    assert (saved.user, saved.organization, saved.name, saved.query) == (adviser, org, "東京の小規模", "prefecture=13&sme=small")
    assert response["Location"] == reverse("orgs:adviser_org", args=[org.pk]) + "?prefecture=13&sme=small"
    client.post(save, {"name": "東京の小規模", "query": "prefecture=13"})  # the same name: replaced
    assert list(SavedClientFilter.objects.values_list("name", "query")) == [("東京の小規模", "prefecture=13")]
    page = client.get(reverse("orgs:adviser_org", args=[org.pk])).content.decode()
    apply_url = reverse("orgs:adviser_filter_apply", args=[org.pk, saved.pk])
    assert f'href="{apply_url}">東京の小規模</a>' in page
    response = client.get(apply_url)
    assert response["Location"] == reverse("orgs:adviser_org", args=[org.pk]) + "?prefecture=13"
    assert client.post(save, {"name": "  ", "query": ""}).status_code == 302
    assert SavedClientFilter.objects.count() == 1  # a name is required
    client.post(reverse("orgs:adviser_filter_delete", args=[org.pk, saved.pk]))
    assert SavedClientFilter.objects.count() == 0


def test_saved_filter_is_the_users_own(client, clients):
    org, adviser = clients["org"], clients["adviser"]
    saved = SavedClientFilter.objects.create(organization=org, user=adviser, name="私の条件", query="industry=E")
    colleague = UserFactory()
    AdviserMembership.objects.create(organization=org, user=colleague, role="owner")
    outsider = UserFactory()
    other_org = AdviserOrganizationFactory()
    AdviserMembership.objects.create(organization=other_org, user=outsider, role="owner")
    for user, org_id in ((colleague, org.pk), (outsider, other_org.pk), (outsider, org.pk)):
        client.force_login(user)
        page = client.get(reverse("orgs:adviser_org", args=[org_id]))
        assert "私の条件" not in page.content.decode()
        assert client.get(reverse("orgs:adviser_filter_apply", args=[org_id, saved.pk])).status_code == 404
        assert client.post(reverse("orgs:adviser_filter_delete", args=[org_id, saved.pk])).status_code == 404
    assert SavedClientFilter.objects.filter(pk=saved.pk).exists()


def test_saved_filters_of_a_removed_member_go_with_them(clients):
    from dxnavi.orgs import services

    org, adviser = clients["org"], clients["adviser"]
    owner = UserFactory()
    AdviserMembership.objects.create(organization=org, user=owner, role="owner")
    SavedClientFilter.objects.create(organization=org, user=adviser, name="x", query="")
    SavedClientFilter.objects.create(organization=org, user=owner, name="y", query="")
    services.remove_adviser_member(org, AdviserMembership.objects.get(organization=org, user=adviser), user=owner)
    assert list(SavedClientFilter.objects.values_list("name", flat=True)) == ["y"]


def test_client_status_counts_compiled_once_equal_the_queryset(clients):
    """``client_list.status_counts`` runs the counts statement compiled once (per day): the same numbers as
    ``client_filters.counts`` built on the spot."""
    from dxnavi.orgs import client_filters, client_list
    from dxnavi.orgs.scoping import adviser_companies

    adviser, org = clients["adviser"], clients["org"]
    built = client_filters.counts(adviser_companies(adviser, org), org, 1)
    assert client_list.status_counts(adviser, org, 1) == built
    assert client_list.status_counts(adviser, org, 1) == built  # the compiled statement again
    assert set(built) == {"all", "no_recent_selfcheck", "draft", "none", "pending"}
