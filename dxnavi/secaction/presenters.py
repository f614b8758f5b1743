"""Turn readiness into words and links for the pages and the dashboard card.

Wording rule: SECURITY ACTION is a self-declaration. Say "ready to declare" (宣言できる状態);
never that a company is certified or has obtained anything (tests/secaction/test_wording.py).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dxnavi.web.dashboard import view_for

from . import domain, selfcheck, services


def missing_steps(status: services.Status, company) -> list[dict]:
    """One entry per missing step: what is missing, and a link to do it."""
    steps = []
    for step in status.readiness.missing:
        if step.code == domain.ONE_STAR_ITEMS:
            text = ngettext(
                "%(count)d of the %(total)d principles is not confirmed yet",
                "%(count)d of the %(total)d principles are not confirmed yet",
                step.count,
            ) % {"count": step.count, "total": status.readiness.total_items}
            url = reverse("secaction:checklist", args=[company.pk])
            action = _("Go through the five principles")
        elif step.code == domain.SELFCHECK:
            text = _("The security self-check has not been done yet")
            url = selfcheck.start_url(company)
            action = _("Take the self-check") if url else _("The self-check is not available in this installation")
        else:
            text = _("The basic policy has not been adopted yet")
            draft = status.draft_to_adopt
            if draft is not None:
                url = reverse("secaction:policy_detail", args=[company.pk, draft.pk])
                action = _("Review and adopt the saved draft")
            else:
                url = reverse("secaction:policy_new", args=[company.pk])
                action = _("Write the basic policy")
        steps.append({"code": step.code, "level": step.level, "text": text, "url": url, "action": action})
    return steps


def dashboard_status(view) -> services.Status:
    """``services.status`` once per dashboard rendering (its card and DX readiness both show it),
    from the self-check the questionnaire cards read anyway."""

    def compute():
        assessment, yes = selfcheck.for_dashboard(view)
        return services.status(view.access, assessment=assessment, answered_yes=yes)

    return view.once("secaction:status", compute)


def dashboard_card(view) -> dict:
    view = view_for(view)
    status = dashboard_status(view)
    steps = missing_steps(status, view.company)
    return {
        "template": "secaction/_card.html",
        "company": view.company,
        "readiness": status.readiness,
        "next": steps[0] if steps else None,
        "url": reverse("secaction:readiness", args=[view.company.pk]),
    }
