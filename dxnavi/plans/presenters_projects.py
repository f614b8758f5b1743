"""What the project pages show: the step page (tasks, step forms, subsidy timing, KPIs) and the
payback page (figures, chart, the arithmetic in plain words). Numbers come from the domain
functions through ``services_projects``; this module only words and arranges them.
"""

from decimal import Decimal

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from dxnavi.content.i18n import pick
from dxnavi.subsidies.presenters import yen

from . import charts_projects as charts
from . import content
from . import forms_projects as forms
from . import services_projects as projects
from .domain import timing as timing_domain
from .domain import tracking
from .models import STEP_COUNT, TaskStatus

STATUS_BADGES = {tracking.ON_TRACK: "badge-ok", tracking.OFF_TRACK: "badge-bad", tracking.NO_DATA: "badge-warn"}


def status_label(status: str) -> str:
    return {tracking.ON_TRACK: _("On track"), tracking.OFF_TRACK: _("Off track"), tracking.NO_DATA: _("No actuals yet")}[status]


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else "—"


def timing_messages(timing) -> list[str]:
    out = []
    for warning in timing.warnings:
        p = warning.params
        if warning.code == timing_domain.ORDER_BEFORE_DECISION:
            out.append(
                _(
                    "The planned order date (%(planned)s) is before the expected grant decision (%(decision)s). Costs "
                    "ordered or contracted before the grant decision are not covered: order on or after that date."
                )
                % {"planned": _day(p["planned"]), "decision": _day(p["decision"])}
            )
        elif warning.code == timing_domain.QUOTE_EXPIRES:
            text = _(
                "The quote %(quote)s is valid until %(valid_until)s, before the expected grant decision (%(decision)s). "
                "Ask the vendor for a quote valid after the decision."
            )
            out.append(
                text % {"quote": f"「{p['quote']}」", "valid_until": _day(p["valid_until"]), "decision": _day(p["decision"])}
            )
        elif warning.code == timing_domain.WINDOW_CLOSED:
            out.append(
                _(
                    "Every application window of this subsidy has closed (last deadline %(last)s). Check the next call "
                    "before you plan with it."
                )
                % {"last": _day(p["last_deadline"])}
            )
        elif warning.code == timing_domain.NO_WINDOWS:
            out.append(
                _(
                    "No application window is listed for this subsidy, so the schedule cannot be checked. Check the "
                    "call's guidelines."
                )
            )
        elif warning.code == timing_domain.NO_ORDER_DATE:
            out.append(_("No order date is planned yet. Enter a date on or after the grant decision in the execution plan."))
    return out


def _timing_context(project):
    timing = projects.timing(project)
    if timing is None:
        return None
    window = timing.window
    return {
        "window": {"label": pick(window["label"]), "deadline": window["deadline"]} if window else None,
        "decision": timing.expected_decision,
        "estimated": timing.decision_estimated,
        "lag_days": timing_domain.DEFAULT_DECISION_LAG_DAYS,
        "warnings": timing_messages(timing),
    }


def _steps_nav(access, project, tasks, step):
    counts = {}
    for task in tasks:
        total, done = counts.get(task.step, (0, 0))
        counts[task.step] = (total + 1, done + (task.status == TaskStatus.DONE))
    return [
        {
            "number": s["number"],
            "title": pick(s["title"]),
            "current": s["number"] == project.current_step,
            "shown": s["number"] == step,
            "total": counts.get(s["number"], (0, 0))[0],
            "done": counts.get(s["number"], (0, 0))[1],
            "url": reverse("plans:project_step", args=[access.company.pk, project.pk, s["number"]]),
        }
        for s in content.steps()["steps"]
    ]


def _task_rows(tasks, step, overrides):
    details = {t["id"]: t for s in content.steps()["steps"] for t in s["tasks"]}
    rows = []
    for task in tasks:
        if task.step != step:
            continue
        prefix = f"task{task.pk}"
        form = overrides.get(prefix) or forms.TaskForm(
            prefix="task",
            auto_id=f"id_{prefix}_%s",
            initial={"owner": task.owner, "due": task.due, "status": task.status, "note": task.note},
        )
        detail = details.get(task.task_id)
        rows.append({"task": task, "title": pick(task.title), "detail": pick(detail["detail"]) if detail else "", "form": form})
    return rows


def _kpi_rows(project, overrides):
    rows = []
    for kpi in project.kpis.all():
        actuals = [(a.date, a.value) for a in kpi.actuals.all()]
        status = projects.kpi_status(kpi)
        prefix = f"actual{kpi.pk}"
        rows.append(
            {
                "kpi": kpi,
                "actuals": kpi.actuals.all(),
                "status": status,
                "status_label": status_label(status),
                "badge": STATUS_BADGES[status],
                "chart": charts.kpi_svg(kpi, actuals),
                "form": overrides.get(prefix) or forms.ActualForm(prefix="actual", auto_id=f"id_{prefix}_%s"),
            }
        )
    return rows


def step_page(access, project, step, overrides) -> dict:
    step_content = content.steps()["steps"][step - 1]
    tasks = list(project.tasks.all())
    quotes = list(project.quotes.all())
    status = projects.project_status(project)
    context = {
        "project": project,
        "step": step,
        "step_count": STEP_COUNT,
        "step_title": pick(step_content["title"]),
        "step_purpose": pick(step_content["purpose"]),
        "outside_help": pick(step_content["outside_help"]),
        "consult": [{"title": pick(c["title"]), "examples": pick(c["examples"])} for c in content.steps()["consult"]],
        "source": step_content["source"],
        "advisers_url": reverse("orgs:company_advisers", args=[access.company.pk]) if access.is_owner else None,
        "steps": _steps_nav(access, project, tasks, step),
        "tasks": _task_rows(tasks, step, overrides),
        "kpis": _kpi_rows(project, overrides),
        "kpi_form": overrides.get("kpi") or forms.KpiForm(prefix="kpi"),
        "status": status,
        "status_label": status_label(status),
        "status_badge": STATUS_BADGES[status],
        "payback": projects.payback(project),
        "chosen_quote": projects.chosen_quote(project),
        "step_form": forms.StepForm(initial={"step": project.current_step}),
    }
    if step == 1:
        context["goal_form"] = overrides.get("goal") or forms.GoalForm(
            prefix="goal", initial={"problem": project.problem, "purpose": project.purpose}
        )
    if step == 2:
        context["quotes"] = quotes
        context["quote_form"] = overrides.get("quote") or forms.QuoteForm(prefix="quote")
    if step == 3:
        context["execution_form"] = overrides.get("execution") or forms.ExecutionForm(
            prefix="execution", initial={name: getattr(project, name) for name in projects.SECTIONS["execution"]}
        )
        context["subsidy_form"] = overrides.get("subsidy") or forms.SubsidyForm(
            prefix="subsidy",
            estimates=projects.estimates_for(access),
            initial={"estimate": project.estimate_id, "expected_decision_date": project.expected_decision_date},
        )
        context["subsidy_entry"] = projects.subsidy_entry(project)
        context["subsidy_amount"] = projects.subsidy_amount(project)
        context["timing"] = _timing_context(project)
    return context


# --- payback -----------------------------------------------------------------------------------


def _n(value) -> str:
    return number_format(value, force_grouping=True)


def _hours(value) -> str:
    if value.denominator == 1:
        return _n(int(value))
    return number_format(Decimal(value.numerator) / Decimal(value.denominator), decimal_pos=1, force_grouping=True)


def explanation(result) -> list[str]:
    """The arithmetic, step by step, in plain words (every number as the page shows it)."""
    i = result.inputs
    lines = [
        _("Initial cost (the chosen quote): %(cost)s.") % {"cost": yen(i.initial_cost)},
        _("Subsidy (from the linked estimate): %(subsidy)s, paid %(lag)d months after completion (paid in arrears).")
        % {"subsidy": yen(i.subsidy), "lag": i.reimbursement_lag_months},
        _("Labour saved per month: %(hours)s hours × %(rate)s = %(labour)s (fractions of a yen are dropped).")
        % {
            "hours": _hours(i.hours_saved_monthly),
            "rate": yen(i.hourly_labour_cost),
            "labour": yen(result.labour_benefit_monthly),
        },
        _("Benefit per month: %(labour)s + cost reductions %(reduction)s + extra gross profit %(profit)s = %(benefit)s.")
        % {
            "labour": yen(result.labour_benefit_monthly),
            "reduction": yen(i.cost_reduction_monthly),
            "profit": yen(i.extra_profit_monthly),
            "benefit": yen(result.benefit_monthly),
        },
        _("Net per month: benefit %(benefit)s − running cost %(running)s = %(net)s.")
        % {"benefit": yen(result.benefit_monthly), "running": yen(i.running_cost_monthly), "net": yen(result.net_monthly)},
        _("What the company bears in the end: %(cost)s − subsidy %(subsidy)s = %(net_cost)s.")
        % {"cost": yen(i.initial_cost), "subsidy": yen(i.subsidy), "net_cost": yen(result.net_initial_cost)},
    ]
    if result.payback_month is None:
        lines.append(_("The net per month is not enough to recover the cost: the investment does not pay back at these figures."))
    else:
        years, months = result.payback_years_months
        lines.append(
            _(
                "The cumulative cash flow turns positive in month %(month)d (%(years)d years %(months)d months) and stays "
                "positive."
            )
            % {"month": result.payback_month, "years": years, "months": months}
        )
    lines.append(
        _("After 3 years: −%(cost)s + %(subsidy)s + 36 × %(net)s = %(total)s.")
        % {
            "cost": yen(i.initial_cost),
            "subsidy": yen(i.subsidy),
            "net": yen(result.net_monthly),
            "total": yen(result.cumulative_3y),
        }
    )
    lines.append(
        _("After 5 years: −%(cost)s + %(subsidy)s + 60 × %(net)s = %(total)s.")
        % {
            "cost": yen(i.initial_cost),
            "subsidy": yen(i.subsidy),
            "net": yen(result.net_monthly),
            "total": yen(result.cumulative_5y),
        }
    )
    if result.gap_amount:
        lines.append(
            _(
                "Self-funding: at completion you pay the whole %(cost)s. The subsidy of %(gap)s comes only %(months)d "
                "months later, so you must cover %(gap)s with your own money or a loan for %(months)d months; at most "
                "%(peak)s is out of pocket before it arrives."
            )
            % {
                "cost": yen(result.cash_needed_upfront),
                "gap": yen(result.gap_amount),
                "months": result.gap_months,
                "peak": yen(result.peak_outstanding),
            }
        )
    return lines


def payback_page(access, project, form=None) -> dict:
    result = projects.payback(project)
    initial = {name: getattr(project, name) for name in projects.SECTIONS["payback"]}
    return {
        "project": project,
        "payback": result,
        "chosen_quote": projects.chosen_quote(project),
        "chart": charts.cashflow_svg(result),
        "explanation": explanation(result),
        "form": form or forms.PaybackForm(prefix="payback", initial=initial),
    }


# --- the projects part of the plan's PDF and XLSX ---------------------------------------------


def export_rows(access) -> list[dict]:
    """One line per project for the plan's exports: step, chosen quote, subsidy, payback. Four queries."""
    from django.db.models import Prefetch

    from .models import Quote

    rows = []
    queryset = (
        projects.projects_for(access)
        .select_related("estimate")
        .order_by("row__position", "pk")
        .prefetch_related(Prefetch("quotes", queryset=Quote.objects.order_by("pk")), projects._kpis_prefetch())
    )
    steps = {s["number"]: pick(s["title"]) for s in content.steps()["steps"]}
    for project in queryset:
        result = projects.payback(project)
        quote = projects.chosen_quote(project)
        status = projects.project_status(project)
        rows.append(
            {
                "title": project.title,
                "step": f"{project.current_step}. {steps[project.current_step]}",
                "quote": f"{quote.vendor}／{quote.tool}" if quote else "",
                "initial_cost": result.inputs.initial_cost,
                "subsidy": result.inputs.subsidy,
                "net_monthly": result.net_monthly,
                "payback": (_("month %(m)s") % {"m": result.payback_month})
                if result.payback_month is not None
                else _("does not pay back"),
                "status": status_label(status),
            }
        )
    return rows


def export_headers() -> list[str]:
    return [
        _("Project"),
        _("Current step"),
        _("Chosen quote"),
        _("Initial cost"),
        _("Subsidy"),
        _("Net per month"),
        _("Payback"),
        _("KPIs"),
    ]
