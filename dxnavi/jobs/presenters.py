"""What the job page shows: the job's title (by kind), where to go back to, its state in words."""

from django.urls import reverse
from django.utils.translation import gettext as _


def _kinds():
    return {
        "summary_full": (_("Full report (all results)"), "summary:preview"),
    }


def job_context(access, job) -> dict:
    title, back = _kinds().get(job.kind, (_("Background work"), "web:company_dashboard"))
    return {
        "company": access.company,
        "access": access,
        "job": job,
        "title": title,
        "back_url": reverse(back, args=[access.company.pk]),
    }
