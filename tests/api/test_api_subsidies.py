"""Subsidy estimates through the API: the web estimator's validation and results (``subsidies.forms``,
``subsidies.services``), idempotent creation, the list with cursor and CSV, deletion, advisers' audit."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxnavi.orgs.models import AuditEvent
from dxnavi.subsidies import loader, services
from dxnavi.subsidies.models import SavedEstimate, SubsidyCatalog
from tests.api.helpers import call, make_token
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

PLAN = [
    {"kind": "software", "description": "会計ソフト", "amount": "1,000,000"},
    {"kind": "pc", "description": "ノートPC", "amount": 150000},
    {"kind": "cloud", "description": "クラウド会計", "amount": 10000, "months": 36},
]
STATUSES = {"security_action": 1, "gbizid_prime": True, "it_processes": 1, "invoice_functions": 2}


@pytest.fixture
def catalog(db):
    loader.load()
    return services.current_catalog()


def _url(company, suffix=""):
    return f"/api/v1/companies/{company.pk}/subsidy-estimates{suffix}"


def _create(client, world, token=None, body=None, **headers):
    token = token or make_token(world["owner"], scope="write")
    body = body if body is not None else {"items": PLAN, "title": "入替え", "planned_order_date": "2026-12-01", **STATUSES}
    return call(client, "post", _url(world["company"]), token, json=body, headers=headers)


def test_subsidy_frames_lists_the_current_catalog(client, world, catalog):
    response = call(client, "get", "/api/v1/subsidies/frames", make_token(world["outsider"]))
    assert response.status_code == 200
    body = response.json()
    assert body["catalog"]["id"] == catalog.pk
    assert [(f["program_id"], f["frame_id"]) for f in body["frames"]] == [
        (f.program.program_id, f.frame_id) for f in services.frames_of(catalog)
    ]
    assert [k["id"] for k in body["item_kinds"] if k["monthly"]] == ["cloud", "security_service"]
    assert any(pool["caps"] for frame in body["frames"] for pool in frame["pools"])


def test_subsidy_estimate_create_equals_the_service(client, world, catalog):
    response = _create(client, world)
    assert response.status_code == 201, response.content
    body = response.json()
    saved = SavedEstimate.objects.get()
    assert (body["id"], body["title"], body["planned_order_date"]) == (saved.pk, "入替え", "2026-12-01")
    items = [
        {"kind": "software", "description": "会計ソフト", "amount_yen": 1_000_000, "months": None},
        {"kind": "pc", "description": "ノートPC", "amount_yen": 150_000, "months": None},
        {"kind": "cloud", "description": "クラウド会計", "amount_yen": 10_000, "months": 36},
    ]
    assert saved.items == items
    expected = services.ranked(services.estimate_frames(
        services.frames_of(catalog), services.company_facts(world["company"]), items,
        {**STATUSES, "invoice_registered": False, "invoice_special": False, "wage_plan": False, "min_wage_near": False,
         "large_wage_raise": False, "loss_making": False, "chamber_confirmation": False},
    ))
    assert [(f["frame_id"], f["status"], f["subsidy"], f["self_pay"], f["cash_needed_first"]) for f in body["frames"]] == [
        (e["frame_id"], e["status"], e["estimate"]["subsidy"] if e["estimate"] else None,
         e["estimate"]["out_of_pocket"] if e["estimate"] else None,
         e["estimate"]["cash_needed_before_reimbursement"] if e["estimate"] else None)
        for e in expected
    ]
    assert body["total_cost"] == 1_000_000 + 150_000 + 360_000 == saved.total_cost
    assert body["best_subsidy"] == saved.best_subsidy > 0
    assert all(isinstance(f["subsidy"], int) for f in body["frames"] if f["estimable"])


def test_subsidy_estimate_detail_gives_reasons_for_frames_that_do_not_apply(client, world, catalog):
    estimate_id = _create(client, world).json()["id"]
    response = call(client, "get", _url(world["company"], f"/{estimate_id}"), make_token(world["owner"]))
    assert response.status_code == 200
    not_applying = [f for f in response.json()["frames"] if f["status"] == "not"]
    assert not_applying
    assert all(f["reasons"] and f["reasons"][0]["ja"] and f["reasons"][0]["en"] for f in not_applying)
    assert response.json()["frames"] == _create(client, world, body={
        "items": PLAN, "title": "入替え", "planned_order_date": "2026-12-01", **STATUSES}).json()["frames"]


def test_subsidy_estimate_bad_rows_are_422_naming_row_and_field_and_write_nothing(client, world, catalog):
    body = {"items": [{"kind": "software", "amount": 100000}, {"kind": "pc"}, {"kind": "cloud", "amount": "abc"}], **STATUSES}
    response = _create(client, world, body=body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["field"], e["field_ja"]) for e in errors] == [
        ("items[1].amount", "2行目の金額（円。月額の費用は1か月分）"),
        ("items[2].amount", "3行目の金額（円。月額の費用は1か月分）"),
        ("items[2].months", "3行目の利用月数"),
    ]
    assert errors[0]["message_ja"].startswith("2行目")
    assert errors[0]["message"] == "Row 2: enter the amount"
    assert SavedEstimate.objects.count() == 0


def test_subsidy_estimate_without_rows_or_year_names_the_field(client, world, catalog):
    response = _create(client, world, body={"items": [], "catalog_id": 999999, "planned_order_date": "1999-01-01"})
    assert response.status_code == 422
    assert sorted(e["field"] for e in response.json()["errors"]) == ["catalog_id", "items", "planned_order_date"]
    assert SavedEstimate.objects.count() == 0


def test_subsidy_estimate_idempotent_replay_creates_one(client, world, catalog):
    token = make_token(world["owner"], scope="write")
    first = _create(client, world, token=token, **{"Idempotency-Key": "k1"})
    again = _create(client, world, token=token, **{"Idempotency-Key": "k1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert SavedEstimate.objects.count() == 1


def test_subsidy_estimate_viewer_member_cannot_save(client, world, catalog):
    from tests.factories import member

    viewer = member(world["company"], role="viewer")
    response = _create(client, world, token=make_token(viewer, scope="write"))
    assert response.status_code == 403
    assert SavedEstimate.objects.count() == 0


def _estimates(company, count):
    catalog = SubsidyCatalog.objects.first()
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    return [
        SavedEstimate.objects.create(company=company, catalog=catalog, title=f"試算{i}", total_cost=i,
                                     created_at=start + datetime.timedelta(days=i))
        for i in range(count)
    ]


def test_subsidy_estimate_list_pages_newest_first(client, world, catalog):
    rows = _estimates(world["company"], 5)
    token = make_token(world["owner"])
    first = call(client, "get", _url(world["company"]), token, query={"limit": 2}).json()
    second = call(client, "get", _url(world["company"]), token, query={"limit": 2, "cursor": first["next_cursor"]}).json()
    third = call(client, "get", _url(world["company"]), token, query={"limit": 2, "cursor": second["next_cursor"]}).json()
    ids = [e["id"] for page in (first, second, third) for e in page["items"]]
    assert ids == [r.pk for r in reversed(rows)]
    assert third["next_cursor"] is None


def test_subsidy_estimate_list_query_count_does_not_grow(client, world, catalog):
    token = make_token(world["owner"])
    _estimates(world["company"], 2)
    call(client, "get", _url(world["company"]), token)  # the token's first use is written once a minute
    with CaptureQueriesContext(connection) as few:
        assert call(client, "get", _url(world["company"]), token).status_code == 200
    _estimates(world["company"], 10)
    with CaptureQueriesContext(connection) as many:
        assert len(call(client, "get", _url(world["company"]), token).json()["items"]) == 12
    assert len(many) == len(few)


def test_subsidy_estimate_list_csv(client, world, catalog):
    _estimates(world["company"], 2)
    response = call(client, "get", _url(world["company"]), make_token(world["owner"]), query={"format": "csv"})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("ID,名称,作成日時,年度")
    assert [line.split(",")[1] for line in lines[1:]] == ["試算1", "試算0"]


def test_subsidy_estimate_delete_as_the_web(client, world, catalog):
    estimate_id = _create(client, world).json()["id"]
    token = make_token(world["owner"], scope="write")
    assert call(client, "delete", _url(world["company"], f"/{estimate_id}"), token).status_code == 204
    assert SavedEstimate.objects.count() == 0
    assert call(client, "delete", _url(world["company"], f"/{estimate_id}"), token).status_code == 404


def test_subsidy_estimate_of_another_company_is_404(client, world, catalog):
    other = SavedEstimate.objects.create(company=CompanyFactory(name="別会社"), catalog=catalog)
    response = call(client, "get", _url(world["company"], f"/{other.pk}"), make_token(world["owner"]))
    assert response.status_code == 404


def test_subsidy_estimate_adviser_create_and_read_are_audited(client, world, catalog):
    token = make_token(world["linked_adviser"], scope="write")
    created = _create(client, world, token=token)
    assert created.status_code == 201
    assert SavedEstimate.objects.get().on_behalf_org_id == world["linked_org"].pk
    assert created.json()["by_adviser"] is True
    call(client, "get", _url(world["company"], f"/{created.json()['id']}"), token)
    call(client, "get", _url(world["company"]), token, query={"format": "csv"})
    events = list(AuditEvent.objects.filter(company=world["company"]).order_by("pk").values_list("action", "outcome"))
    assert events == [
        (AuditEvent.Action.CHANGE, AuditEvent.Outcome.DONE),
        (AuditEvent.Action.VIEW, AuditEvent.Outcome.DONE),
        (AuditEvent.Action.EXPORT, AuditEvent.Outcome.DONE),
    ]


def test_subsidy_estimate_adviser_rejected_input_is_audited_rejected(client, world, catalog):
    response = _create(client, world, token=make_token(world["linked_adviser"], scope="write"), body={"items": []})
    assert response.status_code == 422
    events = list(AuditEvent.objects.filter(company=world["company"]).values_list("action", "outcome"))
    assert events == [(AuditEvent.Action.CHANGE, AuditEvent.Outcome.REJECTED)]

