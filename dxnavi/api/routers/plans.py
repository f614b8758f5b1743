"""Plan and act: the 導入プラン, the latest IT戦略マップ version, the five-step projects (tasks, chosen quote,
subsidy, payback, timing, KPIs) and recording a KPI actual.

Everything comes from ``plans.services`` / ``plans.services_projects`` and the domain functions behind them
(payback, timing and on/off track are computed on every read, never stored); texts the web words
(period labels, status labels, timing warnings) come from the web's own presenters, in Japanese and English.
"""

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from dxnavi.content.i18n import pick
from dxnavi.plans import content, presenters, presenters_projects, services
from dxnavi.plans import services_projects as projects
from dxnavi.plans.forms_projects import ActualForm
from dxnavi.plans.models import Phase

from ..access import check_id, company_operation
from ..csv_variant import CSV_OPENAPI, Column, csv_file, wants_csv
from ..form_errors import valid_form
from ..idempotency import IDEMPOTENCY_OPENAPI, idempotent
from ..pagination import PageParams, paginate
from ..problems import Problem
from ..schemas import Text

PREFIX = "/companies"  # {company_id} in each operation's own path: ninja reads path parameters from there
router = Router(tags=["plans"])

LANGUAGES = ("ja", "en")


def _both(func) -> dict:
    """``func()`` in Japanese and in English (the web's own wording)."""
    out = {}
    for language in LANGUAGES:
        with translation.override(language):
            out[language] = str(func())
    return out


def _number(value, places: str | None = None) -> str:
    """An exact number (Decimal or Fraction) as decimal text; ``places`` ("0.01") rounds a Fraction such as a
    point on a KPI's planned path."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        number = Decimal(value.numerator) / Decimal(value.denominator)
        return str(number.quantize(Decimal(places)) if places else number)
    return str(value)


# --- the plan ----------------------------------------------------------------------------------


class PeriodOut(Schema):
    index: int
    label: Text = Field(description="上期 (April–September) / 下期 (October–March)")
    start: date
    end: date


class PhaseOut(Schema):
    period: int
    phase: Literal["research", "trial", "adoption"]
    label: Text


class PlanRowOut(Schema):
    id: int
    number: int
    priority: int
    goal_id: str
    goal_text: str
    viewpoint_id: str
    viewpoint_text: str
    activity: str
    tool_category: str
    tool_title: Text
    solution: Text = Field(description="The IT solution as the plan shows it (the row's own, else the tool category).")
    phases: list[PhaseOut]
    project_id: int | None


class MapVersionRef(Schema):
    id: int
    number: int


class PlanOut(Schema):
    id: int
    start_year: int
    start_half: Literal[1, 2]
    periods: int
    period_labels: list[PeriodOut]
    rows: list[PlanRowOut]
    map_version: MapVersionRef | None = Field(description="The IT戦略マップ version the plan was last filled from.")
    latest_map_version: MapVersionRef | None
    updated_at: datetime


def _plan(access, plan) -> dict:
    from dxnavi.plans.domain import periods

    rows, phases = services.plan_rows_with_phases(plan)
    tables = {}
    for language in LANGUAGES:
        with translation.override(language):
            tables[language] = presenters.plan_table(plan, rows, phases)
    period_labels = []
    for i in range(plan.periods):
        start, end = periods.period_months(plan.start_year, plan.start_half, i)
        label = _both(lambda i=i: periods.period_label(plan.start_year, plan.start_half, i))
        period_labels.append({"index": i, "label": label, "start": start, "end": end})
    phase_names = {}
    for language in LANGUAGES:
        with translation.override(language):
            phase_names[language] = presenters.phase_names()
    project_ids = dict(projects.projects_for(access).filter(row__plan=plan).values_list("row_id", "pk"))
    out_rows = []
    for ja, en in zip(tables["ja"], tables["en"]):
        row = ja["row"]
        out_rows.append({
            "id": row.pk, "number": ja["number"], "priority": row.priority, "goal_id": row.goal_id, "goal_text": row.goal_text,
            "viewpoint_id": row.viewpoint_id, "viewpoint_text": row.viewpoint_text, "activity": row.activity,
            "tool_category": row.tool_category, "tool_title": {"ja": ja["tool_title"], "en": en["tool_title"]},
            "solution": {"ja": ja["solution"], "en": en["solution"]},
            "phases": [
                {"period": period, "phase": phase, "label": {lang: phase_names[lang][phase] for lang in LANGUAGES}}
                for period, phase in sorted(ja["phases"].items()) if phase in Phase.values
            ],
            "project_id": project_ids.get(row.pk),
        })
    latest = services.latest_map_head(access)
    linked = plan.map_version
    return {
        "id": plan.pk, "start_year": plan.start_year, "start_half": plan.start_half, "periods": plan.periods,
        "period_labels": period_labels, "rows": out_rows,
        "map_version": {"id": linked.pk, "number": linked.number} if linked else None,
        "latest_map_version": {"id": latest.pk, "number": latest.number} if latest else None,
        "updated_at": plan.updated_at,
    }


@router.get("/{company_id}/plan", response=PlanOut, summary="The current 導入プラン (rows, phases per half-year, linked map version)")
@company_operation(need="view")
def get_plan(request, access):
    plan = services.current_plan(access)
    if plan is None:
        raise Problem("not_found", "導入プランはまだありません。（There is no adoption plan yet.）")
    return _plan(access, plan)


class StrategyMapOut(Schema):
    id: int
    number: int
    content_version: str
    created_at: datetime
    data: dict = Field(description="The map as stored: goals → viewpoints → activities (key, text, tool).")
    goals: list[dict] = Field(description="The same map with the goals', viewpoints' and tools' titles in ja/en.")


def _map_goals(data) -> list[dict]:
    shown = {}
    for language in LANGUAGES:
        with translation.override(language):
            shown[language] = presenters.map_display(data)
    goals = []
    for g_ja, g_en in zip(shown["ja"], shown["en"]):
        viewpoints = []
        for v_ja, v_en in zip(g_ja["viewpoints"], g_en["viewpoints"]):
            activities = [
                {"key": a_ja["key"], "text": a_ja["text"], "tool": a_ja["tool"],
                 "tool_title": {"ja": a_ja["tool_title"], "en": a_en["tool_title"]}}
                for a_ja, a_en in zip(v_ja["activities"], v_en["activities"])
            ]
            viewpoints.append({"id": v_ja["id"], "title": {"ja": v_ja["title"], "en": v_en["title"]}, "activities": activities})
        goals.append({"id": g_ja["id"], "title": {"ja": g_ja["title"], "en": g_en["title"]}, "viewpoints": viewpoints})
    return goals


@router.get("/{company_id}/strategy-map", response=StrategyMapOut, summary="The latest IT戦略マップ version")
@company_operation(need="view")
def get_strategy_map(request, access):
    version = services.latest_map_version(access)
    if version is None:
        raise Problem("not_found", "IT戦略マップはまだありません。（There is no IT strategy map yet.）")
    return {
        "id": version.pk, "number": version.number, "content_version": version.content_version,
        "created_at": version.created_at, "data": version.data, "goals": _map_goals(version.data),
    }


# --- projects ----------------------------------------------------------------------------------

TrackStatus = Literal["on", "off", "none"]


class ProjectSummary(Schema):
    id: int
    title: str
    row_id: int
    current_step: int
    status: TrackStatus = Field(description="on / off track by the KPIs' latest actuals; none without actuals.")
    status_label: Text
    updated_at: datetime


class ProjectPage(Schema):
    items: list[ProjectSummary]
    next_cursor: str | None


class ProjectFilters(Schema):
    format: Literal["json", "csv"] = Field("json", title="形式", description="`csv` for the whole list as one CSV file.")


PROJECT_ORDERING = ("id",)


def _status_label(status) -> dict:
    return _both(lambda: presenters_projects.status_label(status))


def _summary(project) -> dict:
    status = projects.project_status(project)
    return {
        "id": project.pk, "title": project.title, "row_id": project.row_id, "current_step": project.current_step,
        "status": status, "status_label": _status_label(status), "updated_at": project.updated_at,
    }


def _step_title(number) -> str:
    with translation.override("ja"):
        return next(pick(s["title"]) for s in content.steps()["steps"] if s["number"] == number)


PROJECT_COLUMNS = [
    Column("ID", lambda p: p.pk),
    Column("プロジェクト", lambda p: p.title),
    Column("現在のステップ", lambda p: f"{p.current_step}. {_step_title(p.current_step)}"),
    Column("状況", lambda p: _status_label(projects.project_status(p))["ja"]),
    Column("更新日時", lambda p: p.updated_at.isoformat()),
]


@router.get("/{company_id}/projects", response=ProjectPage,
            summary="The company's five-step projects with their on/off-track status",
            openapi_extra=CSV_OPENAPI)
@company_operation(need="view")
def list_projects(request, access, filters: Query[ProjectFilters], page: Query[PageParams]):
    queryset = projects.with_kpis(projects.projects_for(access))
    if filters.format == "csv" or wants_csv(request):
        return csv_file(queryset, ordering=PROJECT_ORDERING, columns=PROJECT_COLUMNS, name="projects")
    return paginate(request, queryset, ordering=PROJECT_ORDERING, page=page, item=_summary)


class TaskOut(Schema):
    id: int
    task_id: str
    title: Text
    owner: str
    due: date | None
    status: Literal["todo", "doing", "done"]
    note: str


class StepOut(Schema):
    number: int
    title: Text
    current: bool
    tasks: list[TaskOut]


class QuoteOut(Schema):
    id: int
    vendor: str
    tool: str
    amount: int
    items: str
    valid_until: date | None
    chosen: bool


class SubsidyOut(Schema):
    estimate_id: int | None
    frame_id: str
    expected_decision_date: date | None
    entry: dict | None = Field(description="The linked estimate's frame as saved (the chosen frame, else its best).")
    amount: int = Field(description="The subsidy in yen the payback uses (0 without a linked estimate).")


class PaybackInputsOut(Schema):
    initial_cost: int
    subsidy: int
    running_cost_monthly: int
    hours_saved_monthly: str
    hourly_labour_cost: int
    cost_reduction_monthly: int
    extra_profit_monthly: int
    reimbursement_lag_months: int


class PaybackOut(Schema):
    inputs: PaybackInputsOut
    labour_benefit_monthly: int
    benefit_monthly: int
    net_monthly: int
    net_initial_cost: int
    payback_month: int | None
    cumulative_3y: int
    cumulative_5y: int
    cash_needed_upfront: int
    gap_amount: int
    gap_months: int
    peak_outstanding: int
    series: list[int] = Field(description="Cumulative cash flow, month 0 … 60.")


class TimingWarningOut(Schema):
    code: str
    params: dict
    message: Text


class WindowOut(Schema):
    label: Text
    deadline: date


class TimingOut(Schema):
    window: WindowOut | None
    expected_decision: date | None
    decision_estimated: bool
    warnings: list[TimingWarningOut]


class KpiActualOut(Schema):
    date: date
    value: str
    planned: str = Field(description="The planned path's value on that date.")


class KpiOut(Schema):
    id: int
    name: str
    unit: str
    baseline: str
    baseline_date: date
    target: str
    target_date: date
    actuals: list[KpiActualOut]
    status: TrackStatus
    status_label: Text


class ProjectDetail(Schema):
    id: int
    title: str
    row_id: int
    current_step: int
    steps: list[StepOut]
    problem: str
    purpose: str
    plan_until: date | None
    plan_owner: str
    plan_budget: int | None
    plan_scope: str
    planned_order_date: date | None
    planned_completion_date: date | None
    quotes: list[QuoteOut]
    chosen_quote: QuoteOut | None
    subsidy: SubsidyOut
    payback: PaybackOut
    timing: TimingOut | None
    kpis: list[KpiOut]
    status: TrackStatus
    status_label: Text
    updated_at: datetime


def _quote(q) -> dict:
    return {"id": q.pk, "vendor": q.vendor, "tool": q.tool, "amount": q.amount, "items": q.items, "valid_until": q.valid_until,
            "chosen": q.chosen}


def _payback(result) -> dict:
    i = result.inputs
    return {
        "inputs": {
            "initial_cost": i.initial_cost, "subsidy": i.subsidy, "running_cost_monthly": i.running_cost_monthly,
            "hours_saved_monthly": _number(Fraction(i.hours_saved_monthly)), "hourly_labour_cost": i.hourly_labour_cost,
            "cost_reduction_monthly": i.cost_reduction_monthly, "extra_profit_monthly": i.extra_profit_monthly,
            "reimbursement_lag_months": i.reimbursement_lag_months,
        },
        "labour_benefit_monthly": result.labour_benefit_monthly, "benefit_monthly": result.benefit_monthly,
        "net_monthly": result.net_monthly, "net_initial_cost": result.net_initial_cost, "payback_month": result.payback_month,
        "cumulative_3y": result.cumulative_3y, "cumulative_5y": result.cumulative_5y,
        "cash_needed_upfront": result.cash_needed_upfront, "gap_amount": result.gap_amount, "gap_months": result.gap_months,
        "peak_outstanding": result.peak_outstanding, "series": list(result.series),
    }


def _plain(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _timing(timing) -> dict | None:
    if timing is None:
        return None
    messages = {}
    for language in LANGUAGES:
        with translation.override(language):
            messages[language] = presenters_projects.timing_messages(timing)
    window = timing.window
    if window is not None:
        window = {"label": {lang: pick(window["label"], lang) for lang in LANGUAGES}, "deadline": window["deadline"]}
    return {
        "window": window,
        "expected_decision": timing.expected_decision,
        "decision_estimated": timing.decision_estimated,
        "warnings": [
            {"code": w.code, "params": {k: _plain(v) for k, v in w.params.items()},
             "message": {"ja": messages["ja"][n], "en": messages["en"][n]}}
            for n, w in enumerate(timing.warnings)
        ],
    }


def _kpi(kpi) -> dict:
    path = projects.kpi_path(kpi)
    status = projects.kpi_status(kpi)
    return {
        "id": kpi.pk, "name": kpi.name, "unit": kpi.unit, "baseline": str(kpi.baseline), "baseline_date": kpi.baseline_date,
        "target": str(kpi.target), "target_date": kpi.target_date,
        "actuals": [
            {"date": a.date, "value": str(a.value), "planned": _number(path.planned(a.date), "0.01")} for a in kpi.actuals.all()
        ],
        "status": status, "status_label": _status_label(status),
    }


def _steps(project) -> list[dict]:
    tasks = list(project.tasks.all())
    out = []
    for step in content.steps()["steps"]:
        out.append({
            "number": step["number"], "title": {lang: pick(step["title"], lang) for lang in LANGUAGES},
            "current": step["number"] == project.current_step,
            "tasks": [
                {"id": t.pk, "task_id": t.task_id, "title": {lang: pick(t.title, lang) for lang in LANGUAGES}, "owner": t.owner,
                 "due": t.due, "status": t.status, "note": t.note}
                for t in tasks if t.step == step["number"]
            ],
        })
    return out


def _detail(project) -> dict:
    projects.load(project)
    quote = projects.chosen_quote(project)
    status = projects.project_status(project)
    return {
        "id": project.pk, "title": project.title, "row_id": project.row_id, "current_step": project.current_step,
        "steps": _steps(project), "problem": project.problem, "purpose": project.purpose,
        "plan_until": project.plan_until, "plan_owner": project.plan_owner, "plan_budget": project.plan_budget,
        "plan_scope": project.plan_scope, "planned_order_date": project.planned_order_date,
        "planned_completion_date": project.planned_completion_date,
        "quotes": [_quote(q) for q in project.quotes.all()], "chosen_quote": _quote(quote) if quote else None,
        "subsidy": {
            "estimate_id": project.estimate_id, "frame_id": project.subsidy_frame_id,
            "expected_decision_date": project.expected_decision_date,
            "entry": projects.subsidy_entry(project), "amount": projects.subsidy_amount(project),
        },
        "payback": _payback(projects.payback(project)),
        "timing": _timing(projects.timing(project)),
        "kpis": [_kpi(k) for k in project.kpis.all()],
        "status": status, "status_label": _status_label(status), "updated_at": project.updated_at,
    }


def _project_or_404(access, project_id):
    check_id(project_id)
    project = projects.project_or_none(access, project_id)
    if project is None:
        raise Problem("not_found")
    return project


@router.get("/{company_id}/projects/{project_id}", response=ProjectDetail,
            summary="One project: the five steps' tasks, quotes, subsidy, payback, timing and KPIs")
@company_operation(need="view")
def get_project(request, access, project_id: int):
    return _detail(_project_or_404(access, project_id))


class ActualIn(Schema):
    """A KPI actual, validated as the web's form (one per date: the same date again replaces the value)."""

    date: str = Field(title="日付", max_length=40, description="YYYY-MM-DD (also 2027/03/01 or 2027年3月1日, as the web).")
    value: str | int | float = Field(title="実績", description="The actual, up to 2 decimals.")


_ACTUAL_LABELS = {"date": "日付", "value": "実績"}


@router.post("/{company_id}/projects/{project_id}/kpis/{kpi_id}/actuals", response={201: KpiOut},
             openapi_extra=IDEMPOTENCY_OPENAPI,
             summary="Record a KPI actual (owners and editors, write scope)")
@company_operation(need="edit")
@idempotent
def record_kpi_actual(request, access, project_id: int, kpi_id: int, payload: ActualIn):
    project = _project_or_404(access, project_id)
    check_id(kpi_id)
    kpi = project.kpis.filter(pk=kpi_id).first()
    if kpi is None:
        raise Problem("not_found")
    data = {"actual-date": payload.date, "actual-value": str(payload.value)}
    form = valid_form(lambda: ActualForm(data, prefix="actual"), _ACTUAL_LABELS)
    projects.record_actual(project, kpi, form.cleaned_data, user=request.auth.token.user)
    fresh = projects.load(projects.project_or_none(access, project.pk))
    return Status(201, _kpi(next(k for k in fresh.kpis.all() if k.pk == kpi.pk)))
