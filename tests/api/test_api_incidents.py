"""API: incidents — the log equal to ``incidents.services.incidents`` (status filter, cursor pages, CSV,
query-count guard), one incident with entries / tasks / the leak deadlines of ``domain.deadlines``, the
company's own emergency contacts, and the adviser audit rows (VIEW / EXPORT)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxnavi.incidents import services
from dxnavi.incidents.models import Contact, Incident, IncidentTask, TimelineEntry
from dxnavi.orgs.models import AuditEvent
from dxnavi.orgs.scoping import CompanyAccess
from tests.api.helpers import call, make_token
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc


def _url(world, suffix=""):
    return f"/api/v1/companies/{world['company'].pk}/incidents{suffix}"


def _make(company, n, *, status="open", kind="ransomware", **extra):
    return Incident.objects.create(
        company=company, title=f"事案{n}", kind=kind, status=status,
        discovered_at=datetime.datetime(2026, 11, 1 + n % 20, 9, n % 60, tzinfo=UTC), **extra,
    )


def _access(world):
    return CompanyAccess(company=world["company"], via="member", role="owner")


def _all_ids(client, world, token, query):
    ids, cursor = [], None
    while True:
        page = call(client, "get", _url(world), token, query={**query, **({"cursor": cursor} if cursor else {})}).json()
        ids += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            return ids


@pytest.mark.parametrize("query, status", [({}, None), ({"status": "open"}, "open"), ({"status": "closed"}, "closed")])
def test_incidents_list_equals_service_across_pages(client, world, query, status):
    for n in range(7):
        _make(world["company"], n, status="closed" if n % 3 == 0 else "open")
    _make(world["company"], 0)  # the same discovered_at as the first: the id breaks the tie
    _make(CompanyFactory(name="他社"), 99)
    expected = services.incidents(_access(world))
    if status:
        expected = expected.filter(status=status)
    token = make_token(world["owner"])
    assert _all_ids(client, world, token, {**query, "limit": "2"}) == list(expected.values_list("pk", flat=True))


def test_incidents_list_item_fields(client, world):
    row = _make(world["company"], 1, kind="phishing")
    body = call(client, "get", _url(world), make_token(world["owner"])).json()
    assert body["items"] == [{
        "id": row.pk, "title": "事案1", "kind": "phishing", "kind_label": body["items"][0]["kind_label"],
        "status": "open", "status_label": {"ja": "対応中", "en": "Open"}, "discovered_at": "2026-11-02T09:01:00Z",
    }]
    assert body["items"][0]["kind_label"]["ja"] not in ("", "その他")


def test_incidents_list_query_count_does_not_grow(client, world):
    token = make_token(world["owner"])
    _make(world["company"], 1)
    call(client, "get", _url(world), token)  # the token's first use is written once
    with CaptureQueriesContext(connection) as few:
        call(client, "get", _url(world), token)
    for n in range(2, 12):
        _make(world["company"], n)
    with CaptureQueriesContext(connection) as many:
        assert len(call(client, "get", _url(world), token).json()["items"]) == 11
    assert len(many.captured_queries) == len(few.captured_queries)


def test_incidents_csv_has_every_row(client, world):
    for n in range(3):
        _make(world["company"], n)
    response = call(client, "get", _url(world), make_token(world["owner"]), query={"format": "csv"})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "発見日時,件名,種類,状態,ID"
    assert [line.split(",")[1] for line in lines[1:]] == ["事案2", "事案1", "事案0"]


def test_incident_detail_entries_tasks_and_no_leak(client, world):
    row = _make(world["company"], 1, affected_systems="経理PC", affected_data="請求書")
    TimelineEntry.objects.create(company=world["company"], incident=row, at=datetime.datetime(2026, 11, 2, 10, tzinfo=UTC),
                                 kind="decision", text="LANから外す", by="総務 花子")
    task = IncidentTask.objects.create(company=world["company"], incident=row, title="ITベンダーに連絡", owner="総務 花子",
                                       due=datetime.date(2026, 11, 3))
    body = call(client, "get", _url(world, f"/{row.pk}"), make_token(world["owner"])).json()
    assert (body["affected_systems"], body["affected_data"], body["leak"]) == ("経理PC", "請求書", None)
    assert [(e["kind"], e["text"], e["by"], e["kind_label"]["ja"] != "") for e in body["entries"]] == [
        ("decision", "LANから外す", "総務 花子", True)]
    assert body["tasks"] == [{"id": task.pk, "title": "ITベンダーに連絡", "owner": "総務 花子", "due": "2026-11-03", "done": False}]


def test_incident_detail_leak_deadlines_equal_domain(client, world):
    row = _make(world["company"], 1, kind="data_leak", leak_malicious=True, leak_over_1000=True)
    expected = services.leak_deadlines(row)
    leak = call(client, "get", _url(world, f"/{row.pk}"), make_token(world["owner"])).json()["leak"]
    assert [c["id"] for c in leak["cases"]] == list(expected.cases) == ["malicious", "over_1000"]
    assert (leak["required"], leak["preliminary_from"], leak["preliminary_to"], leak["final_due"], leak["final_days"]) == (
        True, expected.preliminary_from.isoformat(), expected.preliminary_to.isoformat(), expected.final_due.isoformat(), 60)
    assert "第26条" in leak["source"]


def test_incident_detail_leak_without_case_not_required(client, world):
    row = _make(world["company"], 1, kind="data_leak")
    leak = call(client, "get", _url(world, f"/{row.pk}"), make_token(world["owner"])).json()["leak"]
    assert (leak["required"], leak["cases"], leak["final_due"]) == (False, [], None)


def test_incident_of_another_company_is_404(client, world):
    other = _make(CompanyFactory(name="他社"), 1)
    assert call(client, "get", _url(world, f"/{other.pk}"), make_token(world["owner"])).status_code == 404


def test_incident_contacts_equal_service(client, world):
    Contact.objects.create(company=world["company"], role="insurer", name="損保 太郎", phone="03-0000-0000")
    Contact.objects.create(company=world["company"], role="manager", name="総務 花子")
    Contact.objects.create(company=CompanyFactory(name="他社"), role="manager", name="他社 次郎")
    body = call(client, "get", f"/api/v1/companies/{world['company'].pk}/incident-contacts", make_token(world["owner"])).json()
    assert [(c["role"], c["name"], c["phone"]) for c in body["items"]] == [
        (role, c.name, c.phone) for role, c in services.contacts(_access(world)).items()]
    assert [c["role"] for c in body["items"]] == ["manager", "insurer"]


def test_adviser_list_export_and_detail_audited(client, world):
    row = _make(world["company"], 1)
    token = make_token(world["linked_adviser"])
    call(client, "get", _url(world), token)
    call(client, "get", _url(world), token, query={"format": "csv"})
    call(client, "get", _url(world, f"/{row.pk}"), token)
    events = list(AuditEvent.objects.filter(company=world["company"], user=world["linked_adviser"]).order_by("pk")
                  .values_list("action", "outcome"))
    assert events == [("view", "done"), ("export", "done"), ("view", "done")]
