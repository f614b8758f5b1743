"""Bridges from the DX diagnoses to the IT strategy map: a result section on the DX stage and DX
maturity results that opens the map builder with matching goals pre-selected (``?goals=a,b``).

Registered with ``assessments.extensions`` in ``PlansConfig.ready`` so the engine never imports us.
"""

from urllib.parse import urlencode

from django.urls import reverse

from dxnavi.content.i18n import pick

from . import content
from .domain.maps import MAX_GOALS

STAGE_PACK = "dx_stage"
MATURITY_PACK = "dx_maturity"


def map_url(company_id: int, goal_ids) -> str:
    url = reverse("plans:map_edit", args=[company_id])
    goal_ids = list(goal_ids)[:MAX_GOALS]
    return f"{url}?{urlencode({'goals': ','.join(goal_ids)})}" if goal_ids else url


def stage_goals(assessment) -> list[str]:
    return content.goals_for_stage((assessment.score_details or {}).get("stage") or assessment.band_id)


def maturity_goals(assessment) -> list[str]:
    """Goals for the two pillars with the largest gap between target and current level."""
    current = assessment.part_scores or {}
    target = (assessment.score_details or {}).get("target") or {}
    gaps = sorted(((target.get(p, 0) - current.get(p, 0), p) for p in current), key=lambda g: (-g[0], g[1]))
    pillars = [p for gap, p in gaps if gap > 0][:2]
    return content.goals_for_pillars(pillars)[:MAX_GOALS]


def _section(assessment, access, goal_ids):
    if not assessment.is_completed or not goal_ids:
        return None
    index = content.goal_index()
    return {
        "template": "plans/_result_section.html",
        "goals": [pick(index[g]["title"]) for g in goal_ids[:MAX_GOALS]],
        "url": map_url(access.company.pk, goal_ids) if access.can_edit else reverse("plans:map", args=[access.company.pk]),
        "can_edit": access.can_edit,
    }


def section_key(assessment, access) -> tuple:
    """Besides the result, the content and the company, the section shows only whether the viewer may edit."""
    return ("plan-it", access.can_edit)


def stage_section(assessment, access):
    return _section(assessment, access, stage_goals(assessment))


def maturity_section(assessment, access):
    return _section(assessment, access, maturity_goals(assessment))
