"""Dashboard cards of questionnaires (registered in apps.ready; dxdiag builds on ``pack_card``).

What the cards show is read once per dashboard rendering for every pack (``state``): the
current pack versions, each pack's latest completed result and draft, and on demand the answers
of the latest results (``latest_answers``: the self-check's for SECURITY ACTION, the maturity
check's for DX readiness), so the number of queries does not depend on the number of cards.
"""

from django.urls import reverse

from dxnavi.web.dashboard import view_for

from . import presenters, services

SECURITY_PACK = "security_selfcheck"


def state(view):
    """(current packs, latest completed per family, draft per family) for this rendering: two queries."""

    def compute():
        latest, drafts = services.latest_and_drafts(view.company)
        return services.current_packs(), latest, drafts

    return view.once("assessments:state", compute)


def latest_completed(view, pack_id):
    """The company's latest completed result of the pack (as ``services.latest_completed``), or None."""
    return state(view_for(view))[1].get(pack_id)


def _answer_reads(view):
    """(answers per assessment, complete answers per assessment) of this rendering's latest results
    and drafts: one query, the first time either is asked for."""

    def compute():
        _packs, latest, drafts = state(view)
        return services.answers_by_assessment([*latest.values(), *drafts.values()])

    return view.once("assessments:answers", compute)


def _answers(view, assessment) -> dict:
    """``services.answers_of(assessment)`` for a latest result or a draft of this rendering."""
    return _answer_reads(view)[0][assessment.pk]


def _answered_count(view, draft) -> int:
    """``draft_for(...).answered_count``, from the same read as ``_answers``."""
    return _answer_reads(view)[1][draft.pk]


def latest_answers(view, pack_id) -> dict:
    """``services.answers_of`` the latest result of the pack ({} without one)."""
    view = view_for(view)
    assessment = state(view)[1].get(pack_id)
    return _answers(view, assessment) if assessment is not None else {}


def pack_card(view, pack_id):
    """What every questionnaire card shows: latest result, a draft to resume, the start/history links.

    None when the pack is not loaded yet (``manage.py load_content`` has not run).
    """
    view = view_for(view)
    packs, latests, drafts = state(view)
    pack = packs.get(pack_id)
    if pack is None:
        return None
    latest = latests.get(pack_id)
    draft = drafts.get(pack_id)
    if draft is not None:
        draft.answered_count = _answered_count(view, draft)
    company = view.company.pk
    card = {
        "pack": pack,
        "pack_id": pack_id,
        "latest": latest,
        "draft": draft,
        "resume_part": services.first_open_part(draft, _answers(view, draft)) if draft is not None else None,
        "draft_total": len(draft.spec.questions) if draft is not None else 0,
        "start_url": reverse("assessments:start", args=[company, pack_id]),
        "history_url": reverse("assessments:history", args=[company, pack_id]),
    }
    if latest is not None:
        card["result_url"] = reverse("assessments:result", args=[company, latest.pk])
    return card


def security_selfcheck_card(view):
    """Latest score/band/date, a resume link for a draft, or the invitation to start."""
    card = pack_card(view, SECURITY_PACK)
    if card is None:
        return None
    card["template"] = "assessments/_card_security.html"
    latest = card["latest"]
    card["tone"] = ""
    if latest is not None:
        spec = latest.spec
        card["tone"] = presenters.band_tone(spec.band_index(latest.band_id), len(spec.bands))
    return card
