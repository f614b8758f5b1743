"""The dashboard's 「何か起きた」 card: the way into the first-response runbook, phone-first.

It reads nothing from the database (links only), so the dashboard's query count does not change.
"""

from django.urls import reverse

from dxnavi.web.dashboard import view_for


def incident_card(view):
    access = view_for(view).access
    company = access.company.pk
    return {
        "template": "incidents/_card.html",
        "runbook_url": reverse("incidents:runbook", args=[company]),
        "log_url": reverse("incidents:log", args=[company]),
        "drills_url": reverse("incidents:drills", args=[company]),
        "services_url": reverse("incidents:services", args=[company]),
    }
