"""DX diagnosis on top of the questionnaire engine: the two packs, security status, certification readiness.

The two diagnoses are ordinary questionnaire packs (``dx_stage`` with the ``stage_bayes``
strategy, ``dx_maturity`` with ``maturity_levels``) answered, scored, compared and printed by
``dxnavi.assessments``. This module adds what is specific to DX: readiness for a DX
certification application, from the maturity answers plus the company's security status.
"""

from django.apps import apps
from django.urls import reverse

from dxnavi.assessments import services as engine

from .domain import certification

STAGE_PACK = "dx_stage"
MATURITY_PACK = "dx_maturity"
SELFCHECK_PACK = "security_selfcheck"


def _two_star(access, selfcheck_done: bool) -> bool | None:
    """SECURITY ACTION ★★ readiness from ``dxnavi.secaction``, or None when that app is absent.

    Imported lazily: the DX diagnosis works (and says "cannot be checked here") without it.
    """
    if not apps.is_installed("dxnavi.secaction"):
        return None
    from dxnavi.secaction import services as secaction

    return bool(secaction.two_star_ready(access, selfcheck_done=selfcheck_done))


_UNSET = object()


def security_status(access, *, selfcheck=_UNSET, two_star=_UNSET) -> certification.SecurityStatus:
    """The latest self-check's total and ★★ readiness; ``selfcheck`` (the latest completed self-check or
    None) and ``two_star`` may be passed when the caller has read them already (the dashboard)."""
    latest = engine.latest_completed(access.company, SELFCHECK_PACK) if selfcheck is _UNSET else selfcheck
    return certification.SecurityStatus(
        selfcheck_total=latest.total_score if latest is not None else None,
        two_star=_two_star(access, selfcheck_done=latest is not None) if two_star is _UNSET else two_star,
    )


def current_levels(spec, answers) -> dict[str, int | None]:
    """Item id -> current level, for the answered level_target items."""
    return {
        q["id"]: answers[q["id"]].get("current")
        for q in spec.questions
        if isinstance(answers.get(q["id"]), dict)
    }


def readiness_for(assessment, access, security=None, answers=None) -> certification.Readiness | None:
    """Readiness from one maturity result and today's security status (None: the pack has no such section).

    ``answers`` (``answers_of(assessment)``) may be passed when the caller has read them already."""
    spec = assessment.spec
    section = spec.definition.get("certification")
    if section is None:
        return None
    levels = current_levels(spec, engine.answers_of(assessment) if answers is None else answers)
    questions = {q["id"]: q for q in spec.questions}
    return certification.readiness(section, levels, questions, security or security_status(access))


def readiness_section(assessment, access) -> dict | None:
    """The result-page section (also in the print view and PDF) of a completed maturity result."""
    if not assessment.is_completed:
        return None
    security = security_status(access)
    ready = readiness_for(assessment, access, security)
    if ready is None:
        return None
    return {
        "template": "dxdiag/_readiness_section.html",
        "readiness": ready,
        "definition": assessment.spec.definition["certification"],
        "security": security,
        "links": links(access),
    }


def readiness_key(assessment, access) -> tuple:
    """What the readiness section prints besides the (immutable) maturity result and the company:
    today's security status (latest self-check total, ★★ readiness). The result PDF is keyed by it."""
    status = security_status(access)
    return ("readiness", status.selfcheck_total, status.two_star)


def links(access) -> dict[str, str | None]:
    """Where to act on security: the self-check and, when installed, SECURITY ACTION."""
    company = access.company.pk
    result = {"selfcheck": reverse("assessments:start", args=[company, SELFCHECK_PACK]), "secaction": None}
    if apps.is_installed("dxnavi.secaction"):
        result["secaction"] = reverse("secaction:readiness", args=[company])
    return result
