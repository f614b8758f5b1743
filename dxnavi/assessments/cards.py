"""Dashboard cards of questionnaires (registered in apps.ready; dxdiag builds on ``pack_card``)."""

from django.urls import reverse

from . import presenters, services

SECURITY_PACK = "security_selfcheck"


def pack_card(access, pack_id):
    """What every questionnaire card shows: latest result, a draft to resume, the start/history links.

    None when the pack is not loaded yet (``manage.py load_content`` has not run).
    """
    pack = services.current_pack(pack_id)
    if pack is None:
        return None
    latest = services.latest_completed(access.company, pack_id)
    draft = services.draft_for(access.company, pack_id)
    company = access.company.pk
    card = {
        "pack": pack,
        "pack_id": pack_id,
        "latest": latest,
        "draft": draft,
        "resume_part": services.first_open_part(draft) if draft is not None else None,
        "draft_total": len(draft.spec.questions) if draft is not None else 0,
        "start_url": reverse("assessments:start", args=[company, pack_id]),
        "history_url": reverse("assessments:history", args=[company, pack_id]),
    }
    if latest is not None:
        card["result_url"] = reverse("assessments:result", args=[company, latest.pk])
    return card


def security_selfcheck_card(access):
    """Latest score/band/date, a resume link for a draft, or the invitation to start."""
    card = pack_card(access, SECURITY_PACK)
    if card is None:
        return None
    card["template"] = "assessments/_card_security.html"
    latest = card["latest"]
    card["tone"] = ""
    if latest is not None:
        spec = latest.spec
        card["tone"] = presenters.band_tone(spec.band_index(latest.band_id), len(spec.bands))
    return card
