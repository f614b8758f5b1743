"""Dashboard card of the security self-check (registered in apps.ready)."""

from . import presenters, services

SECURITY_PACK = "security_selfcheck"


def security_selfcheck_card(access):
    """Latest score/band/date, a resume link for a draft, or the invitation to start.

    Hidden when the pack is not loaded yet (``manage.py load_content`` has not run).
    """
    pack = services.current_pack(SECURITY_PACK)
    if pack is None:
        return None
    latest = services.latest_completed(access.company, SECURITY_PACK)
    tone = ""
    if latest is not None:
        spec = latest.pack.spec
        tone = presenters.band_tone(spec.band_index(latest.band_id), len(spec.bands))
    draft = services.draft_for(access.company, SECURITY_PACK)
    return {
        "template": "assessments/_card_security.html",
        "pack": pack,
        "pack_id": SECURITY_PACK,
        "latest": latest,
        "tone": tone,
        "draft": draft,
        "resume_part": services.first_open_part(draft) if draft is not None else None,
        "draft_total": len(draft.pack.spec.questions) if draft is not None else 0,
    }
