"""The dashboard card of the IT strategy map and the adoption plan: what exists and the next step."""

from django.urls import reverse
from django.utils.translation import gettext as _

from dxnavi.web.dashboard import view_for

from . import services


def plan_card(view):
    access = view_for(view).access
    company = access.company.pk
    status = services.card_status(access)
    version, plan = status["map_version"], status["plan"]
    card = {
        "template": "plans/_card.html",
        "map_version": version,
        "plan": plan,
        "overview_url": reverse("plans:overview", args=[company]),
    }
    if version is None:
        card["next"] = {"text": _("Decide one to three management goals and draw your IT strategy map (about ten minutes)."),
                        "url": reverse("plans:map_edit", args=[company]), "action": _("Draw the IT strategy map")}
    elif plan is None:
        card["next"] = {"text": _("Turn the map into an adoption plan with research, trial and adoption per half-year."),
                        "url": reverse("plans:plan", args=[company]), "action": _("Make the adoption plan")}
    else:
        card["row_count"] = plan.row_count
        card["next"] = {"text": _("Check the phases of this half-year and take the first row forward."),
                        "url": reverse("plans:plan", args=[company]), "action": _("Open the adoption plan")}
    if not access.can_edit and version is None:
        card["next"]["url"] = None
    return card
