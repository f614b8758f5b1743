"""Five-step projects: making one from a plan row, its tasks, quotes, execution plan, subsidy link,
KPIs and the derived figures (subsidy timing, payback, on/off track).

Views call these with the request's ``access``; company data is read only through
``scoping.scoped``. Each write runs in one transaction and tells the action list that the
company's project tasks changed (``actions.registry.result_changed``). Derived values are never
stored: ``payback``/``timing``/``track`` recompute them from the rows on every read.
"""

import datetime
from fractions import Fraction

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from dxnavi.orgs import data_stamp
from dxnavi.actions import registry
from dxnavi.orgs.scoping import scoped
from dxnavi.subsidies.models import SavedEstimate

from . import content
from .domain import payback as payback_domain
from .domain import timing as timing_domain
from .domain import tracking
from .models import Kpi, KpiActual, PlanRow, Project, ProjectTask, Quote


class ProjectError(ValueError):
    """A change that cannot be made; the message is shown to the user."""


# --- reading ---------------------------------------------------------------------------------


def projects_for(access):
    return scoped(Project.objects.all(), access)


def project_or_none(access, project_id) -> Project | None:
    return projects_for(access).select_related("row", "estimate").filter(pk=project_id).first()


def row_or_none(access, row_id) -> PlanRow | None:
    return scoped(PlanRow.objects.all(), access, field="plan__company").filter(pk=row_id).first()


def estimates_for(access):
    return scoped(SavedEstimate.objects.only("pk", "title", "created_at", "company_id", "total_cost", "best_subsidy"), access)


def _kpis_prefetch():
    return Prefetch(
        "kpis",
        queryset=Kpi.objects.order_by("pk").prefetch_related(
            Prefetch("actuals", queryset=KpiActual.objects.order_by("date", "pk"))
        ),
    )


def load(project: Project) -> Project:
    """Attach tasks, quotes and KPIs with their actuals: a fixed number of queries."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        [project],
        Prefetch("tasks", queryset=ProjectTask.objects.order_by("step", "position", "pk")),
        Prefetch("quotes", queryset=Quote.objects.order_by("pk")),
        _kpis_prefetch(),
    )
    return project


def chosen_quote(project) -> Quote | None:
    return next((q for q in project.quotes.all() if q.chosen), None)


def subsidy_entry(project) -> dict | None:
    """The linked estimate's frame snapshot (the chosen frame, else the estimate's best frame)."""
    estimate = project.estimate
    if estimate is None:
        return None
    entries = [r for r in estimate.results if r.get("estimate")]
    frame_id = project.subsidy_frame_id or estimate.best_frame
    return next((r for r in entries if r["frame_id"] == frame_id), entries[0] if entries else None)


def subsidy_amount(project) -> int:
    entry = subsidy_entry(project)
    return int(entry["estimate"]["subsidy"]) if entry else 0


def timing(project, today: datetime.date | None = None) -> timing_domain.Timing | None:
    entry = subsidy_entry(project)
    if entry is None:
        return None
    quotes = [timing_domain.QuoteDate(f"{q.vendor}／{q.tool}", q.valid_until, q.chosen) for q in project.quotes.all()]
    return timing_domain.evaluate(
        windows=entry.get("windows") or [],
        today=today or timezone.localdate(),
        planned_order_date=project.planned_order_date,
        expected_decision_date=project.expected_decision_date,
        quotes=quotes,
    )


def payback_inputs(project) -> payback_domain.PaybackInputs:
    quote = chosen_quote(project)
    return payback_domain.PaybackInputs(
        initial_cost=quote.amount if quote else 0,
        subsidy=subsidy_amount(project),
        running_cost_monthly=project.running_cost_monthly,
        hours_saved_monthly=Fraction(project.hours_saved_monthly),
        hourly_labour_cost=project.hourly_labour_cost,
        cost_reduction_monthly=project.cost_reduction_monthly,
        extra_profit_monthly=project.extra_profit_monthly,
        reimbursement_lag_months=project.reimbursement_lag_months,
    )


def payback(project) -> payback_domain.Payback:
    return payback_domain.compute(payback_inputs(project))


def kpi_path(kpi) -> tracking.Path:
    return tracking.Path(Fraction(kpi.baseline), kpi.baseline_date, Fraction(kpi.target), kpi.target_date)


def kpi_status(kpi) -> str:
    return tracking.status(kpi_path(kpi), [(a.date, Fraction(a.value)) for a in kpi.actuals.all()])


def project_status(project) -> str:
    return tracking.combine([kpi_status(k) for k in project.kpis.all()])


def with_kpis(queryset):
    """``queryset`` of projects with their KPIs and actuals prefetched (for ``project_status``): two more queries."""
    return queryset.prefetch_related(_kpis_prefetch())


def projects_with_status(access) -> list[tuple[Project, str]]:
    """Every project of the company with its on/off-track status: three queries."""
    projects = list(with_kpis(projects_for(access).order_by("pk")))
    return [(p, project_status(p)) for p in projects]


# --- writing ---------------------------------------------------------------------------------


def _touch(project, user):
    project.updated_at = timezone.now()
    project.updated_by = user
    project.save(update_fields=["updated_at", "updated_by"])


def _changed(project):
    registry.result_changed(project.company_id)


@transaction.atomic
def create_project(access, row: PlanRow, *, user) -> Project:
    """The row's project (made once, with the five steps' tasks from the content)."""
    existing = Project.objects.filter(row=row).first()
    if existing is not None:
        return existing
    project = Project.objects.create(company=access.company, row=row, title=row.activity, updated_by=user)
    ProjectTask.objects.bulk_create(
        ProjectTask(project=project, step=step["number"], task_id=task["id"], title=dict(task["title"]), position=index)
        for step in content.steps()["steps"]
        for index, task in enumerate(step["tasks"])
    )
    data_stamp.bump(project.company_id)  # bulk writes send no signals
    _changed(project)
    return project


@transaction.atomic
def update_task(project, task: ProjectTask, values: dict, *, user) -> ProjectTask:
    for name in ("owner", "due", "status", "note"):
        setattr(task, name, values[name])
    task.save(update_fields=["owner", "due", "status", "note"])
    _touch(project, user)
    _changed(project)
    return task


@transaction.atomic
def set_step(project, step: int, *, user) -> None:
    project.current_step = step
    project.save(update_fields=["current_step"])
    _touch(project, user)
    _changed(project)


SECTIONS = {
    "goal": ("problem", "purpose"),
    "execution": ("plan_until", "plan_owner", "plan_budget", "plan_scope", "planned_order_date", "planned_completion_date"),
    "subsidy": ("estimate_id", "subsidy_frame_id", "expected_decision_date"),
    "payback": (
        "running_cost_monthly",
        "hours_saved_monthly",
        "hourly_labour_cost",
        "cost_reduction_monthly",
        "extra_profit_monthly",
        "reimbursement_lag_months",
    ),
}


@transaction.atomic
def save_section(access, project, section: str, values: dict, *, user) -> Project:
    if section == "subsidy":
        estimate_id = values.pop("estimate", None)
        estimate = estimates_for(access).filter(pk=estimate_id).first() if estimate_id else None
        if estimate_id and estimate is None:
            raise ProjectError("estimate")
        values = {
            **values,
            "estimate_id": estimate.pk if estimate else None,
            "subsidy_frame_id": estimate.best_frame if estimate else "",
        }
    if section == "payback" and values.get("reimbursement_lag_months") is None:
        values["reimbursement_lag_months"] = project.reimbursement_lag_months
    fields = SECTIONS[section]
    for name in fields:
        setattr(project, name, values[name])
    project.updated_at, project.updated_by = timezone.now(), user
    project.save(update_fields=[*fields, "updated_at", "updated_by"])
    if section == "subsidy":
        project.estimate = estimate
    return project


@transaction.atomic
def add_quote(project, values: dict, *, user) -> Quote:
    """Whenever a project has quotes, exactly one is chosen: the first quote added starts chosen."""
    first = not Quote.objects.filter(project=project, chosen=True).exists()
    quote = Quote.objects.create(project=project, chosen=first, **values)
    _touch(project, user)
    return quote


@transaction.atomic
def choose_quote(project, quote: Quote, *, user) -> None:
    """Exactly one chosen quote: the others are unchosen first (the constraint allows one)."""
    Quote.objects.filter(project=project, chosen=True).exclude(pk=quote.pk).update(chosen=False)
    Quote.objects.filter(pk=quote.pk).update(chosen=True)
    _touch(project, user)


@transaction.atomic
def delete_quote(project, quote: Quote, *, user) -> None:
    """Deleting the chosen quote chooses the earliest remaining one (exactly one stays chosen)."""
    was_chosen = quote.chosen
    quote.delete()
    if was_chosen:
        Quote.objects.filter(pk__in=Quote.objects.filter(project=project).order_by("pk").values("pk")[:1]).update(chosen=True)
    _touch(project, user)


@transaction.atomic
def add_kpi(project, values: dict, *, user) -> Kpi:
    kpi = Kpi.objects.create(project=project, **values)
    _touch(project, user)
    return kpi


@transaction.atomic
def record_actual(project, kpi: Kpi, values: dict, *, user) -> KpiActual:
    """One actual per date: recording the same date again replaces the value."""
    actual, _created = KpiActual.objects.update_or_create(kpi=kpi, date=values["date"], defaults={"value": values["value"]})
    _touch(project, user)
    return actual


@transaction.atomic
def delete_kpi(project, kpi: Kpi, *, user) -> None:
    kpi.delete()
    _touch(project, user)
