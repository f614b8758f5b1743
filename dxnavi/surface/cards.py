"""Dashboard card: the company's checked domains, each with its state and the latest run's counts (one query)."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from dxnavi.orgs.scoping import scoped
from dxnavi.web.dashboard import view_for

from . import presenters
from .models import CheckRun, Domain


def surface_card(view):
    access = view_for(view).access
    latest = CheckRun.objects.filter(domain=OuterRef("pk"), status=CheckRun.Status.DONE).order_by("-started", "-pk")
    domains = list(
        scoped(Domain.objects.all(), access)
        .annotate(high=Subquery(latest.values("high")[:1]), medium=Subquery(latest.values("medium")[:1]))
        .order_by("display_name", "pk")
    )
    company = access.company.pk
    return {
        "template": "surface/_card.html",
        "domains": [
            {"domain": d, "status": presenters.status_label(d), "badge": presenters.status_badge(d),
             "url": reverse("surface:result" if d.last_checked else "surface:domain", args=[company, d.pk])}
            for d in domains
        ],
        "list_url": reverse("surface:domains", args=[company]),
    }
