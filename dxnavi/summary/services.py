"""The company's latest results from every instrument, gathered for the one-page summary.

``overview(access)`` reads only through each instrument's own services (which go through
``orgs.scoping``) and returns plain data: one dict per section, ``None`` for a section whose
instrument has not been used yet (the page then says so in plain words). Nothing here
computes a score: every figure is the one the instrument derived and shows on its own pages.
"""

import datetime

from django.utils import timezone

from dxnavi.actions import services as actions
from dxnavi.assessments import services as assessments
from dxnavi.assessments.domain import results
from dxnavi.content.i18n import pick
from dxnavi.content.reference import jsic_name, prefecture_name
from dxnavi.dxdiag import services as dxdiag
from dxnavi.plans import services as plans
from dxnavi.plans.domain import periods
from dxnavi.plans.models import Phase
from dxnavi.secaction import services as secaction
from dxnavi.subsidies import services as subsidies

SELFCHECK_PACK = dxdiag.SELFCHECK_PACK
WEAK_AREAS = 3
PLAN_ROWS = 5
NEXT_DUE = 3
CERT_MISSING = 3


def _selfcheck(access) -> dict | None:
    latest = assessments.latest_completed(access.company, SELFCHECK_PACK)
    if latest is None:
        return None
    spec = latest.spec
    previous = assessments.previous_completed(latest)
    parts = results.part_rows(spec, latest.part_scores)
    weak = sorted((p for p in parts if p.score < p.max), key=lambda p: (p.percent, spec.part_ids.index(p.part["id"])))
    peers = assessments.peer_comparison(latest)
    return {
        "assessment": latest,
        "score": latest.total_score,
        "max": spec.total_max,
        "band": latest.band,
        "date": latest.completed_at,
        "change": latest.total_score - previous.total_score if previous is not None else None,
        "previous_date": previous.completed_at if previous is not None else None,
        "weak_areas": [{"title": pick(p.part["title"]), "score": p.score, "max": p.max} for p in weak[:WEAK_AREAS]],
        "peer_percentile": peers.percentile if peers.shown else None,
    }


def _stage(access) -> dict | None:
    latest = assessments.latest_completed(access.company, dxdiag.STAGE_PACK)
    if latest is None:
        return None
    bands = {b["id"]: b for b in latest.spec.bands}
    details = latest.score_details or {}
    estimate, own = bands.get(details.get("stage")), bands.get(details.get("self_stage"))
    return {
        "assessment": latest,
        "estimate": pick(estimate["label"]) if estimate else "",
        "name": pick(estimate.get("name", "")) if estimate else "",
        "own_view": pick(own["label"]) if own else "",
        "date": latest.completed_at,
    }


def _maturity(access) -> dict | None:
    latest = assessments.latest_completed(access.company, dxdiag.MATURITY_PACK)
    if latest is None:
        return None
    spec = latest.spec
    readiness = dxdiag.readiness_for(latest, access)
    return {
        "assessment": latest,
        "level": latest.total_score,  # hundredths, as the instrument stores it
        "max_level": spec.levels[-1],
        "target": (latest.score_details or {}).get("target_total"),
        "band": latest.band,
        "date": latest.completed_at,
        "certification": readiness,
        "certification_missing": [pick(r.requirement["label"]) for r in readiness.missing][:CERT_MISSING] if readiness else [],
        "certification_more": max(len(readiness.missing) - CERT_MISSING, 0) if readiness else 0,
    }


def _security_action(access) -> dict:
    status = secaction.status(access)
    ready = status.readiness
    return {
        "readiness": ready,
        "level": ready.highest_level,
        "confirmed": ready.confirmed_count,
        "total": ready.total_items,
        "policy": status.adopted_policy,
        "draft_policy": status.draft_to_adopt,
    }


def _plan(access, today: datetime.date) -> dict | None:
    plan = plans.current_plan(access)
    if plan is None:
        return None
    year, half = periods.current_half(today)
    now_index = (year * 2 + half - 1) - (plan.start_year * 2 + plan.start_half - 1)
    labels = dict(Phase.choices)
    rows = plans.plan_rows(plan)
    shown = []
    for row in rows[:PLAN_ROWS]:
        by_period = {p.period: p.phase for p in row.phases.all()}
        phase = by_period.get(now_index)
        upcoming = min((i for i in by_period if i > now_index), default=None)
        shown.append(
            {
                "priority": row.priority,
                "activity": row.activity,
                "solution": row.solution,
                "now": labels.get(phase, "") if phase else "",
                "next": (labels.get(by_period[upcoming]), periods.period_label(plan.start_year, plan.start_half, upcoming))
                if upcoming is not None and not phase
                else None,
            }
        )
    return {
        "plan": plan,
        "row_count": len(rows),
        "rows": shown,
        "more": max(len(rows) - PLAN_ROWS, 0),
        "first": periods.period_label(plan.start_year, plan.start_half, 0),
        "last": periods.period_label(plan.start_year, plan.start_half, plan.periods - 1),
        "now": periods.period_label(year, half, 0),
    }


def _actions(access) -> dict:
    actions.refresh_if_stale(access.company)
    counts = actions.counts(access)
    return {"counts": counts, "next_due": actions.next_due(access, limit=NEXT_DUE)}


def _subsidy(access) -> dict | None:
    latest = subsidies.latest_estimate(access)
    if latest is None:
        return None
    best = subsidies.result_for(latest, latest.best_frame) if latest.best_frame else None
    return {
        "estimate": latest,
        "title": latest.title,
        "date": latest.created_at,
        "total_cost": latest.total_cost,
        "best_subsidy": latest.best_subsidy,
        "best_name": f"{pick(best['program_name'])} {pick(best['name'])}" if best else "",
        "own_share": latest.total_cost - latest.best_subsidy if best else None,
        "provisional": latest.provisional,
        "planned_order_date": latest.planned_order_date,
    }


def overview(access, today: datetime.date | None = None) -> dict:
    """Everything the one-page summary shows, for the company of ``access``."""
    company = access.company
    today = today or timezone.localdate()
    return {
        "company": company,
        "generated": timezone.localtime(),
        "industry": jsic_name(company.industry_middle or company.industry_major),
        "prefecture": prefecture_name(company.prefecture),
        "selfcheck": _selfcheck(access),
        "stage": _stage(access),
        "maturity": _maturity(access),
        "secaction": _security_action(access),
        "plan": _plan(access, today),
        "actions": _actions(access),
        "subsidy": _subsidy(access),
    }
