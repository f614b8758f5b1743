"""Five-step project pages: making a project, tasks, quotes, KPIs, subsidy link, payback; bad input;
adviser rights; a fixed number of queries whatever the number of tasks, quotes and KPIs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxnavi.actions import registry
from dxnavi.plans import action_source, content, services_projects
from dxnavi.plans.models import Kpi, KpiActual, Project, ProjectTask, Quote, TaskStatus
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member
from tests.plans.helpers import built_plan, owner_access
from tests.plans.project_helpers import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client):
    company = CompanyFactory()
    owner = member(company, role="owner")
    client.force_login(owner)
    client.company, client.owner = company, owner
    return client


def _url(name, client, *args):
    return reverse(f"plans:{name}", args=[client.company.pk, *args])


def test_project_create_copies_the_five_steps_tasks(owner_client):
    plan = built_plan(owner_client.company, owner_client.owner)
    row = plan.rows.order_by("position").first()
    response = owner_client.post(_url("project_create", owner_client, row.pk))
    project = Project.objects.get(row=row)
    assert response.status_code == 302
    assert response["Location"] == _url("project_step", owner_client, project.pk, 1)
    expected = [(s["number"], t["id"]) for s in content.steps()["steps"] for t in s["tasks"]]
    assert list(project.tasks.order_by("step", "position").values_list("step", "task_id")) == expected
    assert (project.company, project.title, project.current_step) == (owner_client.company, row.activity, 1)


def test_project_create_twice_keeps_one_project(owner_client):
    plan = built_plan(owner_client.company, owner_client.owner)
    row = plan.rows.first()
    owner_client.post(_url("project_create", owner_client, row.pk))
    owner_client.post(_url("project_create", owner_client, row.pk))
    assert Project.objects.filter(row=row).count() == 1


def test_project_create_other_company_row_is_404(owner_client):
    other = CompanyFactory(name="他社")
    plan = built_plan(other, member(other))
    response = owner_client.post(_url("project_create", owner_client, plan.rows.first().pk))
    assert response.status_code == 404
    assert Project.objects.count() == 0


def test_project_step_page_shows_tasks_outside_help_and_advisers(owner_client):
    project = make_project(owner_client.company, owner_client.owner)
    response = owner_client.get(_url("project_step", owner_client, project.pk, 2))
    body = response.content.decode()
    step2 = content.steps()["steps"][1]
    assert response.status_code == 200
    for task in step2["tasks"]:
        assert task["title"]["ja"] in body
    assert step2["outside_help"]["ja"] in body
    assert reverse("orgs:company_advisers", args=[owner_client.company.pk]) in body


def test_project_task_update_saves_and_feeds_the_action_list(owner_client):
    project = make_project(owner_client.company, owner_client.owner)
    task = project.tasks.get(task_id="s1_success")
    response = owner_client.post(
        _url("project_task", owner_client, project.pk, task.pk),
        {"task-owner": "山田", "task-due": "2027-05-31", "task-status": "doing", "task-note": "数値目標を決める"},
    )
    task.refresh_from_db()
    assert response.status_code == 302
    assert (task.owner, task.due, task.status, task.note) == ("山田", datetime.date(2027, 5, 31), "doing", "数値目標を決める")
    candidates = {c.key: c for c in action_source.collect(owner_client.company)}
    candidate = candidates[f"plans:task:{task.pk}"]
    assert (candidate.owner, candidate.due, candidate.done) == ("山田", datetime.date(2027, 5, 31), False)
    assert candidate.title["ja"] == f"{project.title}：何ができたら成功かを言葉にする"


def test_action_source_proposes_reached_steps_and_touched_tasks_only(owner_client):
    project = make_project(owner_client.company, owner_client.owner)
    later = project.tasks.get(task_id="s4_contract")
    later.owner = "ベンダー担当"
    later.save()
    keys = {c.key for c in action_source.collect(owner_client.company)}
    step1 = {f"plans:task:{pk}" for pk in project.tasks.filter(step=1).values_list("pk", flat=True)}
    assert keys == step1 | {f"plans:task:{later.pk}"}


def test_action_source_marks_done_tasks_done(owner_client):
    project = make_project(owner_client.company, owner_client.owner)
    task = project.tasks.filter(step=1).first()
    ProjectTask.objects.filter(pk=task.pk).update(status=TaskStatus.DONE)
    done = {c.key: c.done for c in action_source.collect(owner_client.company)}
    assert done[f"plans:task:{task.pk}"] is True


def test_action_source_registered():
    assert registry.source("plans").collect is action_source.collect


def test_project_task_change_asks_for_regeneration(owner_client, django_capture_on_commit_callbacks):
    from dxnavi.actions.models import Action

    project = make_project(owner_client.company, owner_client.owner)
    task = project.tasks.get(task_id="s1_direction")
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(_url("project_task", owner_client, project.pk, task.pk), {"task-owner": "社長", "task-status": "todo"})
    action = Action.objects.get(company=owner_client.company, key=f"plans:task:{task.pk}")
    assert (action.owner, action.origin) == ("社長", "plans")


@pytest.mark.parametrize(
    "amount,message",
    [
        (
            "約50万",
            "「見積金額（税込・円）」：金額は円単位の整数で、500000 や 500,000 のように書いてください（「約50万」のような書き方は使えません）。",
        ),
        ("-5000", "「見積金額（税込・円）」：金額にマイナスは使えません。"),
        ("1000000000001", "「見積金額（税込・円）」：金額が1兆円を超えています。桁数を確かめてください。"),
    ],
)
def test_quote_bad_amount_is_refused_with_named_field(owner_client, amount, message):
    project = make_project(owner_client.company, owner_client.owner)
    response = owner_client.post(
        _url("quote_add", owner_client, project.pk), {"quote-vendor": "A社", "quote-tool": "勤怠クラウド", "quote-amount": amount}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Quote.objects.count() == 0


def test_quote_amount_with_commas_and_yen_is_accepted(owner_client):
    project = make_project(owner_client.company, owner_client.owner)
    owner_client.post(
        _url("quote_add", owner_client, project.pk),
        {
            "quote-vendor": "A社",
            "quote-tool": "勤怠クラウド",
            "quote-amount": "１，２００，０００円",
            "quote-valid_until": "2027-08-31",
        },
    )
    quote = Quote.objects.get()
    assert (quote.amount, quote.valid_until, quote.chosen) == (1_200_000, datetime.date(2027, 8, 31), True)  # the first quote


def test_quote_choose_keeps_exactly_one_chosen(owner_client):
    project = make_project(owner_client.company, owner_client.owner, quotes=3)
    second = project.quotes.order_by("pk")[1]
    owner_client.post(_url("quote_choose", owner_client, project.pk, second.pk))
    assert list(project.quotes.filter(chosen=True).values_list("pk", flat=True)) == [second.pk]


def test_quote_impossible_date_names_the_field(owner_client):
    project = make_project(owner_client.company, owner_client.owner)
    response = owner_client.post(
        _url("quote_add", owner_client, project.pk),
        {"quote-vendor": "A社", "quote-tool": "勤怠", "quote-amount": "300000", "quote-valid_until": "2027-02-30"},
    )
    assert response.status_code == 400
    assert "「見積の有効期限」：" in response.content.decode()
    assert Quote.objects.count() == 0


def _kpi_data(**overrides):
    data = {
        "kpi-name": "残業時間",
        "kpi-unit": "時間",
        "kpi-baseline": "40",
        "kpi-baseline_date": "2027-01-01",
        "kpi-target": "20",
        "kpi-target_date": "2027-12-31",
    }
    return {**data, **overrides}


def test_kpi_target_date_before_baseline_refused(owner_client):
    project = make_project(owner_client.company, owner_client.owner)
    response = owner_client.post(_url("kpi_add", owner_client, project.pk), _kpi_data(**{"kpi-target_date": "2026-12-01"}))
    assert response.status_code == 400
    assert "「目標日」：目標日は基準日より後の日付にしてください。" in response.content.decode()
    assert Kpi.objects.count() == 0


def test_kpi_with_actuals_on_track_shown_on_page_and_dashboard(owner_client):
    project = make_project(owner_client.company, owner_client.owner)
    owner_client.post(_url("kpi_add", owner_client, project.pk), _kpi_data())
    kpi = Kpi.objects.get()
    # path 40 → 20 over 2027: on 2027-03-01 (day 59 of 364) planned = 40 − 20·59/364 ≈ 36.76; 36 is at or below.
    for date, value in (("2027-02-01", "39"), ("2027-03-01", "36")):
        assert (
            owner_client.post(
                _url("kpi_actual", owner_client, project.pk, kpi.pk), {"actual-date": date, "actual-value": value}
            ).status_code
            == 302
        )
    assert KpiActual.objects.filter(kpi=kpi).count() == 2
    page = owner_client.get(_url("project", owner_client, project.pk)).content.decode()
    assert 'class="kpi-actual"' in page
    assert 'class="kpi-target"' in page
    assert "予定どおり" in page
    dashboard = owner_client.get(reverse("web:company_dashboard", args=[owner_client.company.pk])).content.decode()
    assert 'id="projects-card"' in dashboard
    assert "予定どおり" in dashboard


def test_kpi_off_track_on_dashboard(owner_client):
    project = make_project(owner_client.company, owner_client.owner, kpis=1)
    KpiActual.objects.create(kpi=project.kpis.get(), date=datetime.date(2027, 7, 2), value=35)  # path is 30 then
    dashboard = owner_client.get(reverse("web:company_dashboard", args=[owner_client.company.pk])).content.decode()
    assert "遅れています" in dashboard


def test_kpi_actual_same_date_replaces_value(owner_client):
    project = make_project(owner_client.company, owner_client.owner, kpis=1)
    kpi = project.kpis.get()
    for value in ("39", "38"):
        owner_client.post(
            _url("kpi_actual", owner_client, project.pk, kpi.pk), {"actual-date": "2027-02-01", "actual-value": value}
        )
    assert list(kpi.actuals.values_list("value", flat=True)) == [38]


def _estimate(company, user, planned_order_date=None):
    from dxnavi.subsidies import loader, services

    loader.load()
    return services.save_estimate(
        owner_access(company),
        user=user,
        catalog=services.current_catalog(),
        items=[{"kind": "software", "description": "勤怠管理ソフト", "amount_yen": 600_000, "months": None}],
        statuses={"security_action": 1, "gbizid_prime": True, "it_processes": 1, "invoice_functions": 1},
        planned_order_date=planned_order_date,
    )


def test_subsidy_link_warns_order_before_decision_and_feeds_payback(owner_client):
    project = make_project(owner_client.company, owner_client.owner, quotes=1)
    estimate = _estimate(owner_client.company, owner_client.owner)
    response = owner_client.post(
        _url("project_section", owner_client, project.pk, "subsidy"),
        {"subsidy-estimate": str(estimate.pk), "subsidy-expected_decision_date": "2099-06-01"},
    )
    assert response.status_code == 302
    owner_client.post(
        _url("project_section", owner_client, project.pk, "execution"),
        {"execution-planned_order_date": "2099-05-01", "execution-plan_budget": "400,000"},
    )
    project.refresh_from_db()
    assert (project.estimate_id, project.plan_budget, project.planned_order_date) == (
        estimate.pk,
        400_000,
        datetime.date(2099, 5, 1),
    )
    page = owner_client.get(_url("project_step", owner_client, project.pk, 3)).content.decode()
    assert "交付決定の見込み日（2099年6月1日）より前です" in page
    subsidy = services_projects.subsidy_amount(project)
    assert subsidy == estimate.best_subsidy
    assert services_projects.payback(project).inputs.subsidy == subsidy


def test_subsidy_link_to_other_company_estimate_refused(owner_client):
    other = CompanyFactory(name="他社")
    estimate = _estimate(other, member(other))
    project = make_project(owner_client.company, owner_client.owner)
    response = owner_client.post(
        _url("project_section", owner_client, project.pk, "subsidy"), {"subsidy-estimate": str(estimate.pk)}
    )
    project.refresh_from_db()
    assert response.status_code == 400
    assert project.estimate_id is None


def test_execution_plan_bad_budget_saves_nothing(owner_client):
    project = make_project(owner_client.company, owner_client.owner)
    response = owner_client.post(
        _url("project_section", owner_client, project.pk, "execution"),
        {"execution-plan_owner": "山田", "execution-plan_budget": "50万円くらい"},
    )
    project.refresh_from_db()
    assert response.status_code == 400
    assert "「予算（いくらで・円）」：" in response.content.decode()
    assert project.plan_owner == ""


def test_payback_page_shows_figures_chart_and_arithmetic(owner_client):
    project = make_project(owner_client.company, owner_client.owner, quotes=1)  # chosen quote 300,000
    response = owner_client.post(
        _url("project_section", owner_client, project.pk, "payback"),
        {
            "payback-running_cost_monthly": "5000",
            "payback-hours_saved_monthly": "10",
            "payback-hourly_labour_cost": "2000",
            "payback-cost_reduction_monthly": "0",
            "payback-extra_profit_monthly": "0",
            "payback-reimbursement_lag_months": "3",
        },
    )
    assert response.status_code == 302
    page = owner_client.get(_url("payback", owner_client, project.pk)).content.decode()
    # net = 10 × 2,000 − 5,000 = 15,000; 300,000 / 15,000 = month 20
    assert '<dd id="payback-month">20か月目</dd>' in page
    assert 'class="cashflow"' in page
    assert "10時間 × 2,000円 = 20,000円" in page


def test_payback_bad_input_names_field(owner_client):
    project = make_project(owner_client.company, owner_client.owner)
    response = owner_client.post(
        _url("project_section", owner_client, project.pk, "payback"), {"payback-running_cost_monthly": "約1万"}
    )
    assert response.status_code == 400
    assert "「月々のランニングコスト（円）」：" in response.content.decode()


def test_viewer_adviser_reads_but_cannot_edit(client):
    company = CompanyFactory()
    owner = member(company)
    project = make_project(company, owner, quotes=1, kpis=1)
    viewer = UserFactory(email="viewer@adviser.test")
    link(company, AdviserOrganizationFactory(), adviser=viewer, role="viewer")
    client.force_login(viewer)
    page = client.get(reverse("plans:project_step", args=[company.pk, project.pk, 2]))
    assert page.status_code == 200
    assert (
        "quote_add" not in page.content.decode()
        and 'action="{}"'.format(reverse("plans:quote_add", args=[company.pk, project.pk])) not in page.content.decode()
    )
    response = client.post(
        reverse("plans:quote_add", args=[company.pk, project.pk]), {"quote-vendor": "X", "quote-tool": "Y", "quote-amount": "1"}
    )
    assert response.status_code == 403
    assert project.quotes.count() == 1


def test_editor_adviser_co_edits(client):
    company = CompanyFactory()
    owner = member(company)
    project = make_project(company, owner)
    editor = UserFactory(email="editor@adviser.test")
    link(company, AdviserOrganizationFactory(), adviser=editor, role="editor")
    client.force_login(editor)
    response = client.post(
        reverse("plans:quote_add", args=[company.pk, project.pk]),
        {"quote-vendor": "X社", "quote-tool": "Y", "quote-amount": "1000"},
    )
    assert response.status_code == 302
    assert project.quotes.get().vendor == "X社"


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("step", [1, 2, 3])
def test_project_page_query_count_does_not_grow(owner_client, step):
    small = make_project(owner_client.company, owner_client.owner, quotes=1, kpis=1, actuals=1, row_index=0)
    large = make_project(owner_client.company, owner_client.owner, quotes=6, kpis=5, actuals=4, row_index=1)
    estimate = _estimate(owner_client.company, owner_client.owner)
    Project.objects.filter(pk__in=[small.pk, large.pk]).update(estimate=estimate)
    assert _queries(owner_client, _url("project_step", owner_client, small.pk, step)) == _queries(
        owner_client, _url("project_step", owner_client, large.pk, step)
    )


def test_payback_and_list_query_count_does_not_grow(owner_client):
    small = make_project(owner_client.company, owner_client.owner, quotes=1, kpis=1, actuals=1, row_index=0)
    first_list = _queries(owner_client, _url("projects", owner_client))
    large = make_project(owner_client.company, owner_client.owner, quotes=6, kpis=5, actuals=4, row_index=1)
    assert _queries(owner_client, _url("projects", owner_client)) == first_list
    assert _queries(owner_client, _url("payback", owner_client, small.pk)) == _queries(
        owner_client, _url("payback", owner_client, large.pk)
    )


def test_plan_exports_include_projects_with_amounts(owner_client):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    project = make_project(owner_client.company, owner_client.owner, quotes=2, kpis=1, actuals=1)  # chosen 300,000
    Project.objects.filter(pk=project.pk).update(cost_reduction_monthly=25_000)
    data = owner_client.get(reverse("plans:plan_xlsx", args=[owner_client.company.pk])).content
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(data)).active.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "プロジェクト" and r[1] == "現在のステップ")
    assert rows[header + 1][:8] == [
        project.title,
        "1. 課題と目的の明確化",
        "ベンダー1／ツール1",
        300_000,
        0,
        25_000,
        "12か月目",
        "予定どおり",
    ]
    pdf = owner_client.get(reverse("plans:plan_pdf", args=[owner_client.company.pk])).content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "").replace(" ", "")
    assert "300,000円" in text
    assert "12か月目" in text


def test_quote_second_added_is_not_chosen_and_deleting_chosen_chooses_another(owner_client):
    project = make_project(owner_client.company, owner_client.owner, quotes=1)
    first = project.quotes.get()
    owner_client.post(
        _url("quote_add", owner_client, project.pk), {"quote-vendor": "B社", "quote-tool": "勤怠B", "quote-amount": "500000"}
    )
    second = project.quotes.get(vendor="B社")
    assert (first.chosen, second.chosen) == (True, False)
    owner_client.post(_url("quote_delete", owner_client, project.pk, first.pk))
    assert list(project.quotes.values_list("vendor", "chosen")) == [("B社", True)]
