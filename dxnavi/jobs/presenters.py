"""What the job page shows: the job's title (by kind), where to go back to, its state in words.

An app that starts tracked jobs names their kind here with ``register_kind`` (in its ``AppConfig.ready``):
the title shown on the job page and the URL name to go back to (called with the company's or the
organization's id)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_KINDS: dict[str, tuple] = {
    "summary_full": (gettext_lazy("Full report (all results)"), "summary:preview"),
}


def register_kind(kind: str, title, back: str) -> None:
    _KINDS[kind] = (title, back)


def job_context(access, job) -> dict:
    title, back = _KINDS.get(job.kind, (_("Background work"), "web:company_dashboard"))
    company = access.company
    return {
        "company": company,
        "access": access,
        "job": job,
        "title": str(title),
        "back_url": reverse(back, args=[company.pk]),
        "progress_url": reverse("jobs:progress", args=[company.pk, job.pk]),
        "download_url": reverse("jobs:download", args=[company.pk, job.pk]) if job.document_id else "",
        # A job whose outcome is a page (e.g. the attack-surface check's result) puts it in result["url"].
        "result_url": job.result.get("url", "") if isinstance(job.result, dict) else "",
        "result_label": (job.result.get("label") if isinstance(job.result, dict) else "") or _("Open the result"),
    }


def org_job_context(org, job) -> dict:
    """An adviser organization's job: no document, its outcome is a page (``job.result["url"]``)."""
    organization = org.organization
    title, back = _KINDS.get(job.kind, (_("Background work"), "orgs:adviser_org"))
    return {
        "organization": organization,
        "org": org,
        "job": job,
        "title": str(title),
        "back_url": reverse(back, args=[organization.pk]),
        "progress_url": reverse("jobs:org_progress", args=[organization.pk, job.pk]),
        "result_url": job.result.get("url", "") if isinstance(job.result, dict) else "",
        "result_label": (job.result.get("label") if isinstance(job.result, dict) else "") or _("Open the result"),
    }
