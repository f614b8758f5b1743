"""Dashboard card: each five-step project with its step and whether its KPIs are on track."""

from django.urls import reverse

from dxnavi.web.dashboard import view_for

from . import services_projects as projects


def projects_card(view):
    access = view_for(view).access
    rows = projects.projects_with_status(access)
    if not rows:
        return None
    company = access.company.pk
    return {
        "template": "plans/_projects_card.html",
        "projects": [
            {"project": p, "status": status, "url": reverse("plans:project", args=[company, p.pk])} for p, status in rows
        ],
        "list_url": reverse("plans:projects", args=[company]),
    }
