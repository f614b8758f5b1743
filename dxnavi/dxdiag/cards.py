"""Dashboard cards of the two DX diagnoses, shown beside the security self-check's card.

Each card shows the latest result (or the invitation to start), a resume link for a draft,
and a "what next" link: the result's next-stage list, or its gap list.
"""

from django.apps import apps
from django.urls import reverse

from dxnavi.assessments import cards as engine_cards
from dxnavi.assessments.cards import pack_card
from dxnavi.web.dashboard import view_for

from . import services


def _security(view):
    """Today's security status from the reads the self-check and SECURITY ACTION cards share."""
    two_star = None
    if apps.is_installed("dxnavi.secaction"):
        from dxnavi.secaction import presenters as secaction

        two_star = bool(secaction.dashboard_status(view).readiness.two_star)
    selfcheck = engine_cards.latest_completed(view, services.SELFCHECK_PACK)
    return services.security_status(view.access, selfcheck=selfcheck, two_star=two_star)


def stage_card(view):
    card = pack_card(view, services.STAGE_PACK)
    if card is None:
        return None
    card["template"] = "dxdiag/_card_stage.html"
    latest = card["latest"]
    if latest is not None:
        bands = {b["id"]: b for b in latest.spec.bands}
        details = latest.score_details or {}
        card["estimate"] = bands.get(details.get("stage"))
        card["estimate_percent"] = (details.get("posterior") or {}).get(details.get("stage"), 0) * 100
        card["self_band"] = bands.get(details.get("self_stage"))
        card["next_url"] = card["result_url"] + "#next-stage"
    return card


def maturity_card(view):
    view = view_for(view)
    card = pack_card(view, services.MATURITY_PACK)
    if card is None:
        return None
    card["template"] = "dxdiag/_card_maturity.html"
    latest = card["latest"]
    card["certification_url"] = reverse("dxdiag:certification", args=[view.company.pk])
    if latest is not None:
        card["max_level"] = latest.spec.levels[-1]
        card["target_total"] = (latest.score_details or {}).get("target_total")
        card["next_url"] = card["result_url"] + "#gaps"
        card["readiness"] = services.readiness_for(
            latest, view.access, _security(view), engine_cards.latest_answers(view, services.MATURITY_PACK)
        )
    return card
