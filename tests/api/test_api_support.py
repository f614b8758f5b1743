"""支援記録 through the API: the organization's records (the web's period, kind and 担当者 filters, paging, the
Excel export's columns as CSV), one client's records and creating one (the web form's rules; linked advisers only)."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxnavi.orgs.models import AdviserMembership, AuditEvent
from dxnavi.support import content, exporters, services
from dxnavi.support.domain import periods
from dxnavi.support.models import SupportRecord
from tests.api.helpers import call, make_token
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member

pytestmark = pytest.mark.django_db

KIND = content.type_choices()[0][0]
OTHER_KIND = content.type_choices()[1][0]


@pytest.fixture
def org():
    organization = AdviserOrganizationFactory(name="支援商工会")
    adviser = UserFactory(name="相談 一郎", email="a@org.test")
    viewer = UserFactory(name="閲覧 花子", email="v@org.test")
    AdviserMembership.objects.create(organization=organization, user=viewer, role="viewer")
    a, b = CompanyFactory(name="A精機"), CompanyFactory(name="B商店")
    link(a, organization, adviser=adviser)
    link(b, organization)
    owner = member(a, role="owner")
    return {"org": organization, "adviser": adviser, "viewer": viewer, "a": a, "b": b, "owner": owner}


def _record(o, company, day, kind=KIND, responsible=None, **extra):
    values = {"topic": f"相談{day}", "minutes": 30, "recorded_by": o["adviser"], "responsible": responsible or o["adviser"]}
    values.update(extra)
    return SupportRecord.objects.create(organization=o["org"], company=company, date=day, kind=kind, **values)


def _fy_day(offset):
    start = periods.fiscal_year(periods.fiscal_year_of(services.today())).start
    return start + datetime.timedelta(days=offset)


def test_org_records_equal_service_newest_first(client, org):
    made = [_record(org, org["a"], _fy_day(i)) for i in range(3)] + [_record(org, org["b"], _fy_day(5))]
    _record(org, org["a"], _fy_day(-10))  # the previous 年度
    token = make_token(org["adviser"])
    response = call(client, "get", f"/api/v1/organizations/{org['org'].pk}/support-records", token)
    assert response.status_code == 200
    period = periods.fiscal_year(periods.fiscal_year_of(services.today()))
    expected = list(services.records_for_org(org["org"], period).order_by("-date", "-pk").values_list("pk", flat=True))
    assert [row["id"] for row in response.json()["items"]] == expected
    assert sorted(expected) == sorted(r.pk for r in made)
    first = response.json()["items"][0]
    assert (first["company_name"], first["kind"], first["kind_label"]["ja"]) == ("B商店", KIND, content.type_label(KIND, "ja"))


def test_org_records_filters_fy_kind_responsible(client, org):
    last_year = _record(org, org["a"], _fy_day(-10))
    other_kind = _record(org, org["a"], _fy_day(1), kind=OTHER_KIND)
    viewer_owned = _record(org, org["b"], _fy_day(2), responsible=org["viewer"])
    token = make_token(org["adviser"])
    path = f"/api/v1/organizations/{org['org'].pk}/support-records"
    fy = periods.fiscal_year_of(services.today()) - 1
    assert [r["id"] for r in call(client, "get", path, token, query={"fy": fy}).json()["items"]] == [last_year.pk]
    assert [r["id"] for r in call(client, "get", path, token, query={"kind": OTHER_KIND}).json()["items"]] == [other_kind.pk]
    got = call(client, "get", path, token, query={"responsible": org["viewer"].pk}).json()["items"]
    assert [r["id"] for r in got] == [viewer_owned.pk]
    custom = {"start": _fy_day(-10).isoformat(), "end": _fy_day(1).isoformat()}
    assert [r["id"] for r in call(client, "get", path, token, query=custom).json()["items"]] == [other_kind.pk, last_year.pk]


def test_org_records_bad_period_or_kind_422_naming_field(client, org):
    token = make_token(org["adviser"])
    path = f"/api/v1/organizations/{org['org'].pk}/support-records"
    cases = [({"fy": 1999}, "fy"), ({"start": "2026-05-01"}, "end"), ({"start": "2026-05-01", "end": "2026-04-01"}, "end"),
             ({"kind": "nope"}, "kind")]
    for query, field in cases:
        response = call(client, "get", path, token, query=query)
        assert response.status_code == 422, query
        error = response.json()["errors"][0]
        assert error["field"] == field
        assert error["message_ja"] and error["message"] and error["message_ja"] != error["message"]


def test_org_records_cursor_pages_and_query_count(client, org):
    for i in range(6):
        _record(org, org["a" if i % 2 else "b"], _fy_day(i % 3))
    token = make_token(org["adviser"])
    path = f"/api/v1/organizations/{org['org'].pk}/support-records"
    seen, cursor = [], None
    while True:
        query = {"limit": 4} if cursor is None else {"limit": 4, "cursor": cursor}
        body = call(client, "get", path, token, query=query).json()
        seen += [r["id"] for r in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == list(SupportRecord.objects.order_by("-date", "-pk").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as few:
        call(client, "get", path, token)
    for i in range(10):
        _record(org, org["b"], _fy_day(7), responsible=org["viewer"])
    with CaptureQueriesContext(connection) as many:
        call(client, "get", path, token)
    assert len(many) == len(few)


def test_org_records_csv_has_export_columns_and_rows(client, org):
    made = _record(org, org["a"], _fy_day(3), notes="=HYPERLINK(\"http://x\")")
    token = make_token(org["adviser"])
    response = call(client, "get", f"/api/v1/organizations/{org['org'].pk}/support-records", token, query={"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    from django.utils import translation

    with translation.override("ja"):
        headers = exporters.record_headers()
        expected = exporters.record_rows([made])[0]
    assert rows[0] == headers
    assert len(rows) == 2
    assert rows[1][1] == "A精機"
    assert rows[1][5] == made.topic
    assert rows[1][8].startswith("'")  # a formula stays text
    assert rows[1][7] == str(expected[7])


def test_company_records_only_own_org_and_audited(client, org):
    mine = _record(org, org["a"], _fy_day(1))
    other_org = AdviserOrganizationFactory(name="他の支援機関")
    link(org["a"], other_org)
    SupportRecord.objects.create(organization=other_org, company=org["a"], date=_fy_day(2), kind=KIND, topic="他", minutes=10)
    token = make_token(org["adviser"])
    before = AuditEvent.objects.filter(company=org["a"], action=AuditEvent.Action.VIEW).count()
    response = call(client, "get", f"/api/v1/companies/{org['a'].pk}/support-records", token)
    assert [r["id"] for r in response.json()["items"]] == [mine.pk]
    assert AuditEvent.objects.filter(company=org["a"], action=AuditEvent.Action.VIEW).count() == before + 1


def test_company_records_owner_gets_404(client, org):
    _record(org, org["a"], _fy_day(1))
    for method, scope in (("get", "read"), ("post", "write")):
        response = call(client, method, f"/api/v1/companies/{org['a'].pk}/support-records", make_token(org["owner"], scope=scope),
                        json={"date": "2026-12-01", "kind": KIND, "topic": "x", "minutes": 5}, headers={"Idempotency-Key": "o"})
        assert response.status_code == 404
    assert SupportRecord.objects.count() == 1


def test_create_record_saved_as_web_and_audited(client, org):
    token = make_token(org["adviser"], scope="write")
    body = {"date": "2026/12/01", "kind": KIND, "topic": "  IT導入の相談 ", "minutes": "90", "next_action": "見積り",
            "next_due": "2026-12-20", "responsible": org["viewer"].pk}
    response = call(client, "post", f"/api/v1/companies/{org['a'].pk}/support-records", token, json=body,
                    headers={"Idempotency-Key": "k1"})
    assert response.status_code == 201, response.content
    record = SupportRecord.objects.get()
    assert (record.organization, record.company, record.date, record.topic, record.minutes, record.responsible, record.recorded_by) == (
        org["org"], org["a"], datetime.date(2026, 12, 1), "IT導入の相談", 90, org["viewer"], org["adviser"])
    assert response.json()["id"] == record.pk
    assert AuditEvent.objects.filter(company=org["a"], action=AuditEvent.Action.CHANGE, outcome=AuditEvent.Outcome.DONE).count() == 1
    again = call(client, "post", f"/api/v1/companies/{org['a'].pk}/support-records", token, json=body, headers={"Idempotency-Key": "k1"})
    assert (again.status_code, again.json()["id"]) == (201, record.pk)
    assert SupportRecord.objects.count() == 1


def test_create_record_default_responsible_is_token_user(client, org):
    token = make_token(org["adviser"], scope="write")
    body = {"date": "2026-12-01", "kind": KIND, "topic": "相談", "minutes": 30}
    assert call(client, "post", f"/api/v1/companies/{org['a'].pk}/support-records", token, json=body).status_code == 201
    assert SupportRecord.objects.get().responsible == org["adviser"]


@pytest.mark.parametrize("change, field", [
    ({"kind": "nope"}, "kind"), ({"minutes": 0}, "minutes"), ({"minutes": 24 * 60 + 1}, "minutes"), ({"date": "1999-12-01"}, "date"),
    ({"next_due": "2026-12-20"}, "next_action"), ({"responsible": 10**9}, "responsible"), ({"topic": ""}, "topic"),
])
def test_create_record_invalid_422_nothing_written(client, org, change, field):
    token = make_token(org["adviser"], scope="write")
    body = {"date": "2026-12-01", "kind": KIND, "topic": "相談", "minutes": 30, **change}
    response = call(client, "post", f"/api/v1/companies/{org['a'].pk}/support-records", token, json=body)
    assert response.status_code == 422, response.content
    error = response.json()["errors"][0]
    assert error["field"] == field
    assert error["message_ja"] != error["message"]
    assert SupportRecord.objects.count() == 0


def test_create_record_org_viewer_403_and_rejected_audit(client, org):
    AdviserMembership.objects.filter(user=org["viewer"]).delete()
    link_viewer = UserFactory(email="vv@org.test")
    AdviserMembership.objects.create(organization=org["org"], user=link_viewer, role="viewer")
    body = {"date": "2026-12-01", "kind": KIND, "topic": "相談", "minutes": 30}
    response = call(client, "post", f"/api/v1/companies/{org['a'].pk}/support-records", make_token(link_viewer, scope="write"), json=body)
    assert response.status_code == 403
    assert SupportRecord.objects.count() == 0
    assert AuditEvent.objects.filter(company=org["a"], action=AuditEvent.Action.CHANGE, outcome=AuditEvent.Outcome.REJECTED).count() == 1
