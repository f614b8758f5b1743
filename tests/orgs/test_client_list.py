"""The adviser's client list (orgs.client_list): its rows, paging, queries and the Excel export."""

import datetime
import re
from io import BytesIO

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dxnavi.assessments.models import Assessment
from dxnavi.content.i18n import pick
from dxnavi.orgs import client_columns, client_list
from dxnavi.orgs.models import AdviserMembership, Company
from tests.assessments.helpers import all_answers, complete_with
from tests.dxdiag.helpers import MATURITY_PACK, STAGE_PACK, complete, load_packs, maturity_answers, stage_answers
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link

pytestmark = pytest.mark.django_db


def _adviser_with(companies):
    org = AdviserOrganizationFactory()
    adviser = UserFactory()
    AdviserMembership.objects.create(organization=org, user=adviser, role="editor")
    for company in companies:
        link(company, org)
    return org, adviser


def _with_all_results(company):
    complete_with(company, all_answers("partial"))
    complete(company, STAGE_PACK, stage_answers("stage3", yes=["paperless", "website"]))
    complete(company, MATURITY_PACK, maturity_answers((2, 4)))


def _day(assessment):
    return f"{timezone.localtime(assessment.completed_at):%Y-%m-%d}"


def test_client_row_html_equals_the_former_template_markup(client):
    load_packs()
    done = CompanyFactory(name="<結果あり> & 株式会社", employees=30)
    empty = CompanyFactory(name="未回答商店", employees=3)
    _with_all_results(done)
    org, adviser = _adviser_with([done, empty])
    client.force_login(adviser)
    html = client.get(reverse("orgs:adviser_org", args=[org.pk])).content.decode()
    # The 担当者 cell (last) holds the editor's form with its CSRF token: compared in test_client_filters.
    html = re.sub(r'<td id="assignee-\d+"><form .*?</form></td>', "<td>担当者</td>", html)

    latest = {a.pack_family: a for a in Assessment.objects.filter(company=done, is_latest=True)}
    security, stage, maturity = latest["security_selfcheck"], latest[STAGE_PACK], latest[MATURITY_PACK]
    stage_label = pick(stage.spec.band(stage.score_details["stage"])["label"], "ja")
    security_text = f"{security.total_score}/100 {pick(security.band['label'], 'ja')}"

    def cell(a, text):
        url = reverse("assessments:result", args=[done.pk, a.pk])
        return f'<td><a href="{url}">{text}</a><br><span class="muted">{_day(a)}</span></td>'

    done_row = (
        f'\n    <tr><td><a href="{reverse("web:company_dashboard", args=[done.pk])}">&lt;結果あり&gt; &amp; 株式会社</a></td>'
        f"<td>30</td>\n      <td>中小企業者</td>\n      "
        + cell(security, security_text) + cell(stage, stage_label) + cell(maturity, "2.00 / 5")
        + "<td>担当者</td>\n    </tr>\n  "
    )  # fmt: skip
    not_yet = '<td><span class="muted">未実施</span></td>'
    empty_row = (
        f'\n    <tr><td><a href="{reverse("web:company_dashboard", args=[empty.pk])}">未回答商店</a></td>'
        f"<td>3</td>\n      <td>小規模企業者</td>\n      {not_yet * 3}<td>担当者</td>\n    </tr>\n  "
    )
    assert f"<tbody>{done_row}{empty_row}</tbody>" in html


def test_client_list_queries_do_not_grow_with_clients_or_results(client, django_assert_max_num_queries):
    load_packs()
    few = [CompanyFactory() for _ in range(2)]
    many = [CompanyFactory() for _ in range(60)]  # two pages
    for company in few + many[:12]:
        _with_all_results(company)
    counts = []
    for companies in (few, many):
        org, adviser = _adviser_with(companies)
        client.force_login(adviser)
        url = reverse("orgs:adviser_org", args=[org.pk])
        client.get(url)  # warm the pack cache, as after a process's first request
        # session, user, organization with its members, page (with its total), result columns, LIST audit, header, pending,
        # status counts, saved filters, current questionnaire packs (the filters' choices)
        with django_assert_max_num_queries(11), CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("number", ["1", "2", "3", "0", "-1", "x", "", None, "99999999999999999999", "1.5"])
def test_client_page_matches_paginator_get_page(number):
    org, adviser = _adviser_with([CompanyFactory(name=f"会社{i:03d}") for i in range(105)])
    companies = client_list.clients(adviser, org)
    expected = Paginator(companies, client_list.PAGE_SIZE).get_page(number)
    page = client_list.page(companies, number)
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (
        expected.number, expected.paginator.count, expected.paginator.num_pages,
    )  # fmt: skip
    assert [c.pk for c in page.object_list] == [c.pk for c in expected.object_list]


def test_client_page_of_an_empty_list_is_page_one():
    org, adviser = _adviser_with([])
    page = client_list.page(client_list.clients(adviser, org), "4")
    assert (page.number, list(page.object_list), page.paginator.count) == (1, [], 0)


def test_url_pattern_equals_reverse():
    pattern = client_columns.UrlPattern("assessments:result", 2)
    assert pattern(12, 3456789) == reverse("assessments:result", args=[12, 3456789])
    assert client_columns.UrlPattern("web:company_dashboard", 1)(7) == reverse("web:company_dashboard", args=[7])


def test_cell_local_date_from_datetime_and_date():
    moment = datetime.datetime(2026, 3, 31, 15, 30, tzinfo=datetime.timezone.utc)  # 2026-04-01 00:30 in Tokyo
    assert client_columns.Cell("x", moment).local_date() == datetime.date(2026, 4, 1)
    assert client_columns.Cell("x", datetime.date(2026, 4, 1)).local_date() == datetime.date(2026, 4, 1)
    assert client_columns.Cell("x").local_date() is None


def test_client_export_rows_equal_the_list_cells(client, django_assert_max_num_queries):
    load_packs()
    companies = [CompanyFactory(name=f"書出し{i}") for i in range(3)]
    _with_all_results(companies[0])
    complete_with(companies[1], all_answers("yes"))
    org, adviser = _adviser_with(companies)
    client.force_login(adviser)
    # session, user, organization, clients, result columns, EXPORT audit
    with django_assert_max_num_queries(6):
        response = client.get(reverse("orgs:adviser_clients_xlsx", args=[org.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {row[0]: row[7:13] for row in sheet.iter_rows(min_row=2, values_only=True)}  # then the person in charge
    latest = {(a.company_id, a.pack_family): a for a in Assessment.objects.filter(is_latest=True)}

    def day(a):
        return datetime.datetime.combine(timezone.localtime(a.completed_at).date(), datetime.time())

    first = [latest[(companies[0].pk, family)] for family in ("security_selfcheck", STAGE_PACK, MATURITY_PACK)]
    stage_label = pick(first[1].spec.band(first[1].score_details["stage"])["label"], "ja")
    assert rows == {
        "書出し0": (
            f"50/100 {pick(first[0].band['label'], 'ja')}", day(first[0]), stage_label, day(first[1]), "2.00 / 5", day(first[2]),
        ),
        "書出し1": (
            f"100/100 {pick(latest[(companies[1].pk, 'security_selfcheck')].band['label'], 'ja')}",
            day(latest[(companies[1].pk, "security_selfcheck")]), None, None, None, None,
        ),
        "書出し2": (None, None, None, None, None, None),
    }  # fmt: skip
    assert Company.objects.count() == 3


def _mixed_clients():
    """An organization with 105 accepted clients, a pending, a revoked and a deleted-pending one, and a client of
    another organization the adviser also belongs to."""
    from dxnavi.orgs.models import SupportLink

    org, adviser = _adviser_with([CompanyFactory(name=f"会社{i % 40:03d}") for i in range(105)])
    link(CompanyFactory(name="承諾待ち"), org, status=SupportLink.Status.PENDING)
    link(CompanyFactory(name="取り消し"), org, status=SupportLink.Status.REVOKED)
    link(CompanyFactory(name="削除予定", deletion_pending=True), org)
    other = AdviserOrganizationFactory()
    link(CompanyFactory(name="別の機関の顧客"), other, adviser=adviser)
    return org, adviser


@pytest.mark.parametrize("number", ["1", "2", "3", "4", "0", "x", None, "99999999999999999999"])
def test_client_page_compiled_once_equals_page_of_clients(number):
    org, adviser = _mixed_clients()
    expected = client_list.page(client_list.clients(adviser, org), number)
    page = client_list.client_page(adviser, org, "", number)
    assert (page.number, page.paginator.count, page.paginator.num_pages, [tuple(c)[:5] for c in page.object_list]) == (
        expected.number, expected.paginator.count, expected.paginator.num_pages, [tuple(c)[:5] for c in expected.object_list],
    )  # fmt: skip
    assert [c.pk for c in page.object_list] == [c.pk for c in expected.object_list]


def test_client_page_of_another_users_organization_is_empty():
    org, _adviser = _mixed_clients()
    page = client_list.client_page(UserFactory(), org, "", "1")
    assert (page.number, list(page.object_list), page.paginator.count) == (1, [], 0)


def test_pending_links_equal_the_queryset():
    from dxnavi.orgs.models import SupportLink

    org, adviser = _mixed_clients()
    link(CompanyFactory(name="二件目", corporate_number="1234567890123", created_by=adviser), org, status="pending")
    SupportLink.objects.filter(organization=org, status="pending").update(requested_by=adviser)
    expected = [
        (link.requested_by_id, link.created, link.company.name, link.company.corporate_number, link.company.created_by_id)
        for link in org.support_links.filter(status="pending").select_related("company").order_by("-created")
    ]
    assert [tuple(p)[:5] for p in client_list.pending_links(org)] == expected
    # No owner's invitation (requests to companies the organization did not register): still waiting.
    assert [tuple(p)[7:] for p in client_list.pending_links(org)] == [(None, None, None, None)] * len(expected)
    assert all(p.waiting for p in client_list.pending_links(org))
    assert len(expected) == 2


def test_org_access_reads_the_members_in_the_same_query(rf):
    from django.http import Http404

    from dxnavi.orgs.scoping import get_org_access

    org, adviser = _mixed_clients()
    viewer = UserFactory(name="")
    AdviserMembership.objects.create(organization=org, user=viewer, role="viewer")
    request = rf.get("/")
    request.user = adviser
    with CaptureQueriesContext(connection) as ctx:
        access = get_org_access(request, org.pk, members=True)
    expected = get_org_access(request, org.pk)
    assert (len(ctx.captured_queries), access.role, access.organization.pk, access.organization.name) == (
        1, expected.role, org.pk, org.name,
    )  # fmt: skip
    members = org.memberships.select_related("user").order_by("created", "pk")
    assert [tuple(m) for m in client_list.members(access)] == [(m.user.display_name, m.get_role_display()) for m in members]
    request.user = UserFactory()  # a member of another organization only
    AdviserMembership.objects.create(organization=AdviserOrganizationFactory(), user=request.user, role="owner")
    with pytest.raises(Http404):
        get_org_access(request, org.pk, members=True)


def test_latest_values_compiled_once_equal_the_queryset():
    from dxnavi.assessments import client_columns as columns

    load_packs()
    companies = [CompanyFactory() for _ in range(3)]
    for company in companies[:2]:
        _with_all_results(company)
    ids = [c.pk for c in companies]
    families = ("security_selfcheck", STAGE_PACK, MATURITY_PACK)
    assert sorted(columns._latest_rows(ids, families)) == sorted(columns._latest_query(families)(ids))
    assert len(columns._latest_rows(ids, families)) == 6
