"""The action list's card on the company dashboard: counts and the next due items."""

from django.urls import reverse

from dxnavi.web.dashboard import view_for

from . import services


def refresh(company) -> None:
    """Before the dashboard reads its data stamp: a list a new result made stale is regenerated first."""
    services.refresh_if_stale(company)


def action_card(view) -> dict:
    access = view_for(view).access
    services.refresh_if_stale(access.company)
    return {
        "template": "actions/_card.html",
        "counts": services.counts(access),
        "next_due": services.next_due(access),
        "url": reverse("actions:list", args=[access.company.pk]),
    }
