"""API: the 導入プラン, the IT戦略マップ, projects (list, detail) and recording a KPI actual — equal to what
``plans.services`` / ``services_projects`` give the web; bad input 422 with nothing written; pagination,
CSV and a query-count guard on the list; adviser audit; idempotent replay."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxnavi.orgs.models import AuditEvent
from dxnavi.plans import services, services_projects
from dxnavi.plans.models import KpiActual, Project
from tests.api.helpers import call, make_token
from tests.plans.helpers import built_plan, owner_access, saved_map
from tests.plans.project_helpers import make_project

pytestmark = pytest.mark.django_db


def _base(world):
    return f"/api/v1/companies/{world['company'].pk}"


def test_plan_none_404(client, world):
    response = call(client, "get", f"{_base(world)}/plan", make_token(world["owner"]))
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_plan_equals_service_rows_phases_and_labels(client, world):
    plan = built_plan(world["company"], world["owner"])
    project = make_project(world["company"], world["owner"])
    response = call(client, "get", f"{_base(world)}/plan", make_token(world["owner"]))
    body = response.json()
    rows, phases = services.plan_rows_with_phases(plan)
    assert response.status_code == 200
    assert [r["id"] for r in body["rows"]] == [r.pk for r in rows]
    assert [{p["period"]: p["phase"] for p in r["phases"]} for r in body["rows"]] == [phases[r.pk] for r in rows]
    assert [r["activity"] for r in body["rows"]] == [r.activity for r in rows]
    assert (body["start_year"], body["start_half"], body["periods"]) == (2027, 1, plan.periods)
    assert [p["label"]["ja"] for p in body["period_labels"]] == ["2027年上期", "2027年下期", "2028年上期", "2028年下期"]
    assert body["period_labels"][0]["label"]["en"] == "2027 H1"
    assert (body["period_labels"][1]["start"], body["period_labels"][1]["end"]) == ("2027-10-01", "2028-03-31")
    assert body["map_version"] == {"id": plan.map_version_id, "number": 1}
    assert body["rows"][0]["project_id"] == project.pk
    assert body["rows"][0]["phases"][0]["label"]["ja"] == "調査"


def test_strategy_map_latest_version_and_404(client, world):
    token = make_token(world["owner"])
    assert call(client, "get", f"{_base(world)}/strategy-map", token).status_code == 404
    saved_map(world["company"], world["owner"])
    second = saved_map(world["company"], world["owner"])
    body = call(client, "get", f"{_base(world)}/strategy-map", token).json()
    assert (body["id"], body["number"], body["data"]) == (second.pk, 2, second.data)
    assert body["goals"][0]["viewpoints"][0]["activities"][0]["key"] == "a0000001"


def test_projects_list_status_equals_service_paginated(client, world):
    for index in range(3):
        make_project(world["company"], world["owner"], kpis=1, actuals=index, row_index=index)
    token = make_token(world["owner"])
    expected = [(p.pk, status) for p, status in services_projects.projects_with_status(owner_access(world["company"]))]
    seen, cursor = [], None
    while True:
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = call(client, "get", f"{_base(world)}/projects", token, query=query).json()
        seen += [(p["id"], p["status"]) for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == expected
    assert {status for _pk, status in seen} == {"none", "on"}


def _list_queries(client, world, token) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert call(client, "get", f"{_base(world)}/projects", token).status_code == 200
    return len(queries)


def test_projects_list_query_count_does_not_grow(client, world):
    token = make_token(world["owner"])
    make_project(world["company"], world["owner"], kpis=1, actuals=1)
    _list_queries(client, world, token)  # the token's first use is written once
    one = _list_queries(client, world, token)
    for index in (1, 2):
        make_project(world["company"], world["owner"], kpis=2, actuals=2, row_index=index)
    assert _list_queries(client, world, token) == one


def test_projects_csv(client, world):
    project = make_project(world["company"], world["owner"], kpis=1, actuals=1)
    response = call(client, "get", f"{_base(world)}/projects", make_token(world["owner"]), query={"format": "csv"})
    text = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert text[0] == "ID,プロジェクト,現在のステップ,状況,更新日時"
    assert text[1].startswith(f"{project.pk},{project.title},1. ")
    assert text[1].split(",")[3] == "予定どおり"  # make_project's actual (38 on 2027-02-01) is on the path


def _estimate(company, user):
    from dxnavi.subsidies import loader, services as subsidy_services

    loader.load()
    return subsidy_services.save_estimate(
        owner_access(company), user=user, catalog=subsidy_services.current_catalog(),
        items=[{"kind": "software", "description": "勤怠管理ソフト", "amount_yen": 600_000, "months": None}],
        statuses={"security_action": 1, "gbizid_prime": True, "it_processes": 1, "invoice_functions": 1},
    )


def test_project_detail_equals_domain_payback_timing_kpis(client, world):
    project = make_project(world["company"], world["owner"], quotes=2, kpis=1, actuals=2)
    estimate = _estimate(world["company"], world["owner"])
    Project.objects.filter(pk=project.pk).update(
        estimate=estimate, subsidy_frame_id=estimate.best_frame, planned_order_date=datetime.date(2026, 1, 5),
        running_cost_monthly=5_000, hours_saved_monthly=Decimal("12.5"), hourly_labour_cost=2_001, cost_reduction_monthly=3_000,
    )
    body = call(client, "get", f"{_base(world)}/projects/{project.pk}", make_token(world["owner"])).json()
    fresh = services_projects.load(services_projects.project_or_none(owner_access(world["company"]), project.pk))
    result = services_projects.payback(fresh)
    assert body["payback"]["series"] == result.series
    assert (body["payback"]["payback_month"], body["payback"]["net_monthly"], body["payback"]["labour_benefit_monthly"]) == (
        result.payback_month, result.net_monthly, result.labour_benefit_monthly)
    assert body["payback"]["labour_benefit_monthly"] == 25_012  # 12.5 h × 2,001 yen, rounded down
    assert body["payback"]["inputs"]["hours_saved_monthly"] == "12.5"
    assert body["subsidy"]["amount"] == services_projects.subsidy_amount(fresh) == result.inputs.subsidy
    assert body["chosen_quote"]["id"] == services_projects.chosen_quote(fresh).pk
    timing = services_projects.timing(fresh)
    assert [w["code"] for w in body["timing"]["warnings"]] == timing.codes
    assert all(w["message"]["ja"] and w["message"]["en"] for w in body["timing"]["warnings"])
    kpi = fresh.kpis.all()[0]
    assert [(a["date"], a["value"]) for a in body["kpis"][0]["actuals"]] == [
        (a.date.isoformat(), str(a.value)) for a in kpi.actuals.all()]
    assert body["kpis"][0]["status"] == services_projects.kpi_status(kpi) == body["status"]
    planned = services_projects.kpi_path(kpi).planned(datetime.date(2027, 2, 1))
    assert Fraction(Decimal(body["kpis"][0]["actuals"][0]["planned"])) == round(planned, 2)
    assert [s["number"] for s in body["steps"]] == [1, 2, 3, 4, 5]
    assert sum(len(s["tasks"]) for s in body["steps"]) == fresh.tasks.count()


def test_project_detail_payback_never_a_stored_value(client, world):
    project = make_project(world["company"], world["owner"], quotes=1)
    body = call(client, "get", f"{_base(world)}/projects/{project.pk}", make_token(world["owner"])).json()
    assert body["payback"]["inputs"]["initial_cost"] == 300_000  # the chosen quote, read now
    Project.objects.filter(pk=project.pk).update(cost_reduction_monthly=30_000)
    body = call(client, "get", f"{_base(world)}/projects/{project.pk}", make_token(world["owner"])).json()
    assert (body["payback"]["net_monthly"], body["payback"]["payback_month"]) == (30_000, 10)


def test_project_of_another_company_404(client, world):
    from tests.factories import CompanyFactory, member

    other = CompanyFactory(name="別会社")
    project = make_project(other, member(other))
    response = call(client, "get", f"{_base(world)}/projects/{project.pk}", make_token(world["owner"]))
    assert response.status_code == 404
    assert call(client, "get", f"{_base(world)}/projects/{10**19}", make_token(world["owner"])).status_code == 404


def _actual_url(world, project, kpi):
    return f"{_base(world)}/projects/{project.pk}/kpis/{kpi.pk}/actuals"


def test_kpi_actual_recorded_as_the_service(client, world):
    project = make_project(world["company"], world["owner"], kpis=1)
    kpi = project.kpis.get()
    response = call(client, "post", _actual_url(world, project, kpi), make_token(world["owner"], scope="write"),
                    json={"date": "2027年3月1日", "value": "35.5"})
    body = response.json()
    assert response.status_code == 201
    assert list(KpiActual.objects.filter(kpi=kpi).values_list("date", "value")) == [(datetime.date(2027, 3, 1), Decimal("35.5"))]
    kpi.refresh_from_db()
    assert (body["status"], body["actuals"][0]["value"]) == (services_projects.kpi_status(kpi), "35.50")


@pytest.mark.parametrize("payload, field, message_ja", [
    ({"date": "2027-02-30", "value": "35"}, "date", "「日付」："),
    ({"date": "2027-03-01", "value": "約35"}, "value", "「実績」："),
    ({"date": "", "value": "35"}, "date", "「日付」："),
])
def test_kpi_actual_bad_input_422_nothing_written(client, world, payload, field, message_ja):
    project = make_project(world["company"], world["owner"], kpis=1)
    kpi = project.kpis.get()
    response = call(client, "post", _actual_url(world, project, kpi), make_token(world["owner"], scope="write"), json=payload)
    body = response.json()
    assert (response.status_code, body["code"]) == (422, "validation_error")
    assert [(e["field"], e["field_ja"]) for e in body["errors"]] == [(field, "日付" if field == "date" else "実績")]
    assert body["errors"][0]["message_ja"].startswith(message_ja)
    assert body["errors"][0]["message"].startswith("「Date」" if field == "date" else "「Actual」")
    assert KpiActual.objects.filter(kpi=kpi).count() == 0


def test_kpi_actual_idempotent_replay(client, world):
    project = make_project(world["company"], world["owner"], kpis=1)
    kpi = project.kpis.get()
    token = make_token(world["owner"], scope="write")
    first = call(client, "post", _actual_url(world, project, kpi), token, json={"date": "2027-03-01", "value": "35"},
                 headers={"Idempotency-Key": "k-1"})
    KpiActual.objects.filter(kpi=kpi).update(value=Decimal("30"))  # a later change: the replay must not redo the write
    again = call(client, "post", _actual_url(world, project, kpi), token, json={"date": "2027-03-01", "value": "35"},
                 headers={"Idempotency-Key": "k-1"})
    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (201, 201, "true")
    assert again.json() == first.json()
    assert list(KpiActual.objects.filter(kpi=kpi).values_list("value", flat=True)) == [Decimal("30")]


def test_kpi_actual_read_token_403_and_viewer_403(client, world):
    from tests.factories import member

    project = make_project(world["company"], world["owner"], kpis=1)
    kpi = project.kpis.get()
    response = call(client, "post", _actual_url(world, project, kpi), make_token(world["owner"]),
                    json={"date": "2027-03-01", "value": "1"})
    assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")
    viewer = member(world["company"], role="viewer")
    response = call(client, "post", _actual_url(world, project, kpi), make_token(viewer, scope="write"),
                    json={"date": "2027-03-01", "value": "1"})
    assert response.status_code == 403
    assert KpiActual.objects.filter(kpi=kpi).count() == 0


def test_adviser_reads_and_writes_audited(client, world):
    project = make_project(world["company"], world["owner"], kpis=1)
    kpi = project.kpis.get()
    token = make_token(world["linked_adviser"], scope="write")
    call(client, "get", f"{_base(world)}/projects/{project.pk}", token)
    call(client, "post", _actual_url(world, project, kpi), token, json={"date": "2027-03-01", "value": "x"})
    call(client, "post", _actual_url(world, project, kpi), token, json={"date": "2027-03-01", "value": "30"})
    call(client, "get", f"{_base(world)}/projects", token, query={"format": "csv"})
    events = list(AuditEvent.objects.filter(company=world["company"], user=world["linked_adviser"]).order_by("pk")
                  .values_list("action", "outcome"))
    assert events == [("view", "done"), ("change", "rejected"), ("change", "done"), ("export", "done")]
