"""The adviser-organization resources: organizations, the client list (the web's filters and sorts, 422 for a value
the web would drop, keyset paging over NULL sort keys, counts, CSV and audit), and the aggregate report."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dxnavi.jobs.models import TrackedJob
from dxnavi.orgs import client_columns, client_list, exporters
from dxnavi.orgs.client_filters import ClientQuery
from dxnavi.orgs.models import AdviserMembership, AuditEvent, SupportLink
from dxnavi.regional import services as regional
from dxnavi.regional.domain.suppression import THRESHOLD
from dxnavi.regional.models import RegionalReport
from dxnavi.secaction.models import DeclarableLevel
from tests.api.helpers import call, make_token
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link
from tests.regional.helpers import clients, packs, result, table_counts

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def org():
    """An organization with nine clients of different profiles and results (several without any: NULL sort keys),
    two with the same name, one with a formula-like name, and another organization's client."""
    packs()
    organization = AdviserOrganizationFactory(name="テスト商工会")
    adviser = UserFactory(name="相談 一郎", email="adviser@org.test")
    AdviserMembership.objects.create(organization=organization, user=adviser, role="editor")
    other = UserFactory(name="支援 花子", email="other@org.test")
    AdviserMembership.objects.create(organization=organization, user=other, role="viewer")
    profiles = [
        ("A精機", "E", "13", 8), ("B商店", "I", "27", 40), ("C建設", "D", "13", 400), ("D食堂", "M", "01", 3),
        ("同名商事", "I", "13", 12), ("同名商事", "I", "13", 12), ("=HYPERLINK(\"http://x\")", "E", "13", 5),
        ("E工業", "E", "27", 60), ("F運輸", "H", "13", 25),
    ]  # fmt: skip
    companies = []
    for name, industry, prefecture, employees in profiles:
        company = CompanyFactory(name=name, industry_major=industry, industry_middle="", prefecture=prefecture, employees=employees)
        link(company, organization)
        companies.append(company)
    a, b, c, d, same1, same2, formula, e, f = companies
    result(a, "security_selfcheck", "full", {"basic": 30, "employee": 40, "organization": 30}, NOW - datetime.timedelta(days=3))
    result(b, "security_selfcheck", "insufficient", {"basic": 10, "employee": 20, "organization": 10}, NOW - datetime.timedelta(days=400))
    result(same1, "security_selfcheck", "mostly", {"basic": 20, "employee": 30, "organization": 20}, NOW - datetime.timedelta(days=10))
    result(same2, "security_selfcheck", "mostly", {"basic": 20, "employee": 30, "organization": 20}, NOW - datetime.timedelta(days=9))
    result(e, "security_selfcheck", "full", {"basic": 30, "employee": 40, "organization": 30}, NOW - datetime.timedelta(days=1))
    result(a, "dx_stage", "stage3", {}, NOW)
    result(c, "dx_stage", "stage1", {}, NOW)
    result(b, "dx_maturity", "level2", {"vision": 200, "strategy": 300}, NOW)
    DeclarableLevel.objects.update_or_create(company=a, defaults={"level": 2})
    DeclarableLevel.objects.update_or_create(company=e, defaults={"level": 1})
    SupportLink.objects.filter(company__in=[a, e], organization=organization).update(assignee=adviser)
    SupportLink.objects.filter(company=b, organization=organization).update(assignee=other)
    link(CompanyFactory(name="Z別機関"), AdviserOrganizationFactory())
    organization.adviser, organization.other, organization.companies = adviser, other, companies
    return organization


def _url(org, tail=""):
    return f"/api/v1/organizations/{org.pk}/clients{tail}"


def _all_pages(client, org, token, params, limit=2):
    ids, cursor, pages = [], None, 0
    while True:
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = call(client, "get", _url(org), token, query=query)
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return ids, pages
        assert response["Link"].endswith('rel="next"')


def _web_ids(org, params):
    members = list(org.memberships.values_list("user_id", flat=True))
    query = ClientQuery.from_params(QueryDict(mutable=True) | params, members)
    return list(client_list.clients(org.adviser, org, query).values_list("pk", flat=True))


# --- organizations -----------------------------------------------------------------------------


def test_organizations_lists_memberships_with_role_within_the_token_limit(client, org):
    second = AdviserOrganizationFactory(name="あおば銀行")
    AdviserMembership.objects.create(organization=second, user=org.adviser, role="owner")
    AdviserOrganizationFactory(name="無関係")
    body = call(client, "get", "/api/v1/organizations", make_token(org.adviser)).json()
    assert [(i["name"], i["role"]) for i in body["items"]] == [("あおば銀行", "owner"), ("テスト商工会", "editor")]
    limited = call(client, "get", "/api/v1/organizations", make_token(org.adviser, organization=second)).json()
    assert [i["id"] for i in limited["items"]] == [second.pk]


def test_organizations_query_count_does_not_grow_with_rows(client, org):
    token = make_token(org.adviser)
    call(client, "get", "/api/v1/organizations", token)  # warm: token last-use write

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert call(client, "get", "/api/v1/organizations", token).status_code == 200
        return len(captured)

    few = count()
    for i in range(5):
        AdviserMembership.objects.create(organization=AdviserOrganizationFactory(), user=org.adviser, role="viewer")
    many = count()
    assert many == few
    assert len(call(client, "get", "/api/v1/organizations", token).json()["items"]) == 6


def test_organizations_company_limited_token_sees_none(client, org):
    owner = UserFactory()
    from tests.factories import member

    member(org.companies[0], user=owner)
    AdviserMembership.objects.create(organization=org, user=owner, role="viewer")
    token = make_token(owner, company=org.companies[0])
    assert call(client, "get", "/api/v1/organizations", token).json()["items"] == []
    assert call(client, "get", _url(org), token).status_code == 404


# --- the client list: the web's results --------------------------------------------------------

WEB_PARAMS = [
    {}, {"industry": "I"}, {"prefecture": "13", "size": "6-20"}, {"sme": "small"}, {"selfcheck_band": "mostly"},
    {"dx_stage": "stage3"}, {"dx_maturity": "2"}, {"security_action": "0"}, {"security_action": "1"},
    {"status": "no_recent_selfcheck"}, {"status": "none"}, {"q": "同名"}, {"sort": "-employees"},
    {"sort": "security_selfcheck"}, {"sort": "-security_selfcheck"}, {"sort": "dx_stage"}, {"sort": "-last_activity"},
    {"sort": "last_activity", "prefecture": "13"}, {"sort": "assignee"}, {"sort": "-assignee"}, {"sort": "-name"},
    {"sort": "prefecture", "industry": "E"},
]  # fmt: skip


@pytest.mark.parametrize("params", WEB_PARAMS, ids=[str(p) for p in WEB_PARAMS])
def test_clients_equal_the_web_list_for_the_same_parameters(client, org, params):
    token = make_token(org.adviser)
    ids, _pages = _all_pages(client, org, token, params)
    assert ids == _web_ids(org, params)


def test_clients_assignee_filter_equals_the_web(client, org):
    token = make_token(org.adviser)
    for value in ("none", str(org.adviser.pk), str(org.other.pk)):
        ids, _pages = _all_pages(client, org, token, {"assignee": value})
        assert ids == _web_ids(org, {"assignee": value})
    assert _all_pages(client, org, token, {"assignee": str(org.adviser.pk)})[0] == [org.companies[0].pk, org.companies[7].pk]


@pytest.mark.parametrize("sort", ["name", "-name", "security_selfcheck", "-security_selfcheck", "dx_maturity", "-last_activity", "assignee"])
@pytest.mark.parametrize("limit", [1, 2, 4])
def test_clients_paging_gives_every_client_exactly_once_in_order(client, org, sort, limit):
    ids, pages = _all_pages(client, org, make_token(org.adviser), {"sort": sort}, limit=limit)
    assert ids == _web_ids(org, {"sort": sort})
    assert sorted(ids) == sorted(c.pk for c in org.companies)
    assert pages == -(-len(org.companies) // limit)


def test_clients_item_carries_profile_results_and_assignee(client, org):
    body = call(client, "get", _url(org), make_token(org.adviser), query={"q": "A精機"}).json()
    (item,) = body["items"]
    assert item["assignee"] == {"id": org.adviser.pk, "name": "相談 一郎"}
    assert (item["industry_major"], item["prefecture"], item["employees"], item["is_small"]) == ("E", "13", 8, True)
    keys = [c.key for c in client_columns.columns()]
    assert sorted(item["results"]) == sorted(keys)
    selfcheck = item["results"]["security_selfcheck"]
    assert selfcheck["date"] == (NOW - datetime.timedelta(days=3)).astimezone(timezone.get_current_timezone()).date().isoformat()
    assert body["next_cursor"] is None


# --- bad parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, field, field_ja",
    [
        ({"industry": "Q9"}, "industry", "業種"), ({"selfcheck_band": "excellent"}, "selfcheck_band", "最新の自社診断の結果"),
        ({"security_action": "3"}, "security_action", "SECURITY ACTION"), ({"sort": "-salary"}, "sort", "並び順"),
        ({"status": "archived"}, "status", "状態"), ({"status": "pending"}, "status", "状態"),
        ({"assignee": "999999"}, "assignee", "担当者"), ({"page": "2"}, "page", "page"),
    ],
)  # fmt: skip
def test_clients_bad_parameter_is_422_naming_it_in_japanese_and_english(client, org, params, field, field_ja):
    response = call(client, "get", _url(org), make_token(org.adviser), query=params)
    assert (response.status_code, response["Content-Type"]) == (422, "application/problem+json")
    body = response.json()
    assert body["code"] == "validation_error"
    (error,) = body["errors"]
    assert (error["field"], error["field_ja"]) == (field, field_ja)
    assert error["message"] and error["message_ja"] and error["message"] != error["message_ja"]


def test_clients_bad_values_are_all_named_and_the_csv_too(client, org):
    token = make_token(org.adviser)
    response = call(client, "get", _url(org), token, query={"industry": "Q9", "sort": "x", "format": "csv"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["industry", "sort"]
    assert "「Q9」" in response.json()["errors"][0]["message_ja"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 0


def test_clients_cursor_forged_or_from_another_sort_is_400(client, org):
    token = make_token(org.adviser)
    cursor = call(client, "get", _url(org), token, query={"limit": 2, "sort": "employees"}).json()["next_cursor"]
    other = call(client, "get", _url(org), token, query={"limit": 2, "sort": "name", "cursor": cursor})
    assert (other.status_code, other.json()["code"]) == (400, "invalid_cursor")
    forged = call(client, "get", _url(org), token, query={"limit": 2, "sort": "employees", "cursor": cursor[:-2] + "xx"})
    assert (forged.status_code, forged.json()["code"]) == (400, "invalid_cursor")


# --- counts, filter choices --------------------------------------------------------------------


def test_clients_counts_equal_the_web_tabs(client, org):
    link(CompanyFactory(name="承諾待ち"), org, status=SupportLink.Status.PENDING)
    body = call(client, "get", _url(org, "/counts"), make_token(org.adviser)).json()
    counts = {item["key"]: item["count"] for item in body["items"]}
    waiting = len(client_list.pending_links(org).waiting)
    assert counts == client_list.status_counts(org.adviser, org, waiting)
    assert (counts["all"], counts["pending"], counts["none"]) == (9, 1, 6)
    assert body["items"][0]["title"] == {"ja": "すべての支援先", "en": "All clients"}


def test_clients_filters_lists_the_web_choices(client, org):
    body = call(client, "get", _url(org, "/filters"), make_token(org.adviser)).json()
    by_key = {f["key"]: [c["value"] for c in f["choices"]] for f in body["filters"]}
    assert by_key["selfcheck_band"] == ["full", "mostly", "insufficient", "urgent"]
    assert by_key["security_action"] == ["0", "1", "2"]
    assert [a["value"] for a in body["assignees"]] == ["none", str(org.adviser.pk), str(org.other.pk)]
    assert "pending" not in [s["key"] for s in body["statuses"]]
    assert "last_activity" in [s["key"] for s in body["sorts"]]


# --- audit, CSV, query count -------------------------------------------------------------------


def test_clients_listing_is_counted_like_the_web_list(client, org):
    call(client, "get", _url(org), make_token(org.adviser), query={"limit": 3})
    listed = AuditEvent.objects.filter(action=AuditEvent.Action.LIST, organization=org, user=org.adviser)
    assert sorted(listed.values_list("company_id", flat=True)) == sorted(_web_ids(org, {})[:3])


def test_clients_csv_has_the_web_export_columns_neutralised_and_audits_each_company(client, org):
    response = call(client, "get", _url(org), make_token(org.adviser), query={"format": "csv", "prefecture": "13"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="clients.csv"')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    expected_ids = _web_ids(org, {"prefecture": "13"})
    companies = list(client_list.clients(org.adviser, org, ClientQuery(values={"prefecture": "13"})).values_list(*client_list.EXPORT_FIELDS, named=True))
    headers, lines = exporters.clients_table(*client_columns.rows(companies), {org.adviser.pk: "相談 一郎", org.other.pk: "支援 花子"})
    assert rows[0] == headers
    assert len(rows) == len(expected_ids) + 1
    assert [row[0] for row in rows[1:]] == [line[0] if not line[0].startswith("=") else "'" + line[0] for line in lines]
    assert "'=HYPERLINK(\"http://x\")" in [row[0] for row in rows]
    assert rows[1 + [line[0] for line in lines].index("A精機")][-1] == "相談 一郎"
    exported = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, organization=org, user=org.adviser)
    assert sorted(exported.values_list("company_id", flat=True)) == sorted(expected_ids)


def test_clients_csv_over_the_cap_is_400(client, org, monkeypatch):
    from dxnavi.api.routers import organizations

    monkeypatch.setattr(organizations, "MAX_ROWS", 3)
    response = call(client, "get", _url(org), make_token(org.adviser), query={"format": "csv"})
    assert (response.status_code, response.json()["code"]) == (400, "too_many_rows")


def _queries(client, org, token, params):
    with CaptureQueriesContext(connection) as captured:
        response = call(client, "get", _url(org), token, query=params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{"limit": 100}, {"limit": 100, "sort": "-security_selfcheck"}, {"format": "csv"}])
def test_clients_query_count_does_not_grow_with_rows(client, org, params):
    token = make_token(org.adviser)
    _queries(client, org, token, params)  # warm: token last-use write, per-process caches
    few = _queries(client, org, token, params)
    for company in clients(org, 12, industry="I"):
        result(company, "security_selfcheck", "mostly", {"basic": 20}, NOW)
    many = _queries(client, org, token, params)
    assert many == few


# --- access ------------------------------------------------------------------------------------


def test_clients_non_member_and_other_organization_token_are_404(client, org):
    assert call(client, "get", _url(org), make_token(UserFactory())).status_code == 404
    second = AdviserOrganizationFactory()
    AdviserMembership.objects.create(organization=second, user=org.adviser, role="owner")
    assert call(client, "get", _url(org), make_token(org.adviser, organization=second)).status_code == 404
    assert call(client, "get", _url(org), make_token(org.adviser, organization=org)).status_code == 200


# --- the aggregate report ----------------------------------------------------------------------


def _report_url(org):
    return f"/api/v1/organizations/{org.pk}/report"


def test_report_before_any_computation_is_null(client, org):
    body = call(client, "get", _report_url(org), make_token(org.adviser)).json()
    assert body == {"report": None, "pending": None}


def test_report_is_the_stored_suppressed_json(client, org):
    for company in clients(org, 12, industry="E"):
        result(company, "security_selfcheck", "full", {"basic": 30, "employee": 40, "organization": 30}, NOW)
    stored = regional.run(RegionalReport.objects.create(organization=org))
    body = call(client, "get", _report_url(org), make_token(org.adviser)).json()
    assert body["report"]["id"] == stored.pk
    assert body["report"]["data"] == stored.data
    assert body["report"]["parameters"]["fiscal_year"] == stored.data["fiscal_year"]
    shown = [v for v in table_counts(body["report"]["data"]) if v is not None]
    hidden = [v for v in table_counts(body["report"]["data"]) if v is None]
    assert shown and min(shown) >= THRESHOLD
    assert hidden  # the organization's smaller groups (the fixture's nine clients) stay suppressed


def test_report_recompute_runs_the_tracked_job(client, org, django_capture_on_commit_callbacks):
    token = make_token(org.other, scope="write")  # a viewer: the web's 「再集計」 is open to every member
    with django_capture_on_commit_callbacks(execute=True):
        response = call(client, "post", _report_url(org), token, headers={"Idempotency-Key": "r1"})
    assert response.status_code == 202, response.content
    body = response.json()
    job = TrackedJob.objects.get(organization=org)
    assert (body["started"], body["job_id"], body["status_url"]) == (True, job.pk, _report_url(org))
    assert response["Location"] == _report_url(org)
    job.refresh_from_db()
    assert job.status == "done"
    report = call(client, "get", _report_url(org), token).json()
    assert report["report"]["id"] == body["report_id"] and report["pending"] is None
    replay = call(client, "post", _report_url(org), token, headers={"Idempotency-Key": "r1"})
    assert (replay.status_code, replay["Idempotent-Replayed"], replay.json()) == (202, "true", body)
    assert TrackedJob.objects.filter(organization=org).count() == 1


def test_report_recompute_while_one_is_under_way_gives_its_state(client, org):
    under_way = RegionalReport.objects.create(organization=org, status=RegionalReport.Status.RUNNING)
    response = call(client, "post", _report_url(org), make_token(org.adviser, scope="write"))
    assert response.status_code == 202
    body = response.json()
    assert (body["started"], body["report_id"], body["status"]) == (False, under_way.pk, "running")
    assert TrackedJob.objects.filter(organization=org).count() == 0
    got = call(client, "get", _report_url(org), make_token(org.adviser)).json()
    assert got["pending"]["id"] == under_way.pk


def test_report_recompute_with_a_read_token_is_403(client, org):
    response = call(client, "post", _report_url(org), make_token(org.adviser, scope="read"))
    assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")
    assert RegionalReport.objects.filter(organization=org).count() == 0
