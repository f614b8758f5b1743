"""The one-page summary PDF, and the combined report: the summary followed by every instrument's own report.

The combined report reuses each app's document builder (the same bytes as its own download) and
joins the files with pypdf; each report keeps its own page size (the plan is A4 landscape) and
page numbers. Laying out every part takes seconds, so the combined report is made by a tracked job
(``build_full``: one progress step per part) and stored (``reports.pdf``), keyed by its parts' keys:
it is served from the store until something it shows changes. Every part is stored on its own too.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi.assessments import documents as assessment_documents
from dxnavi.plans import documents as plan_documents
from dxnavi.reports import pdf as pdfs
from dxnavi.secaction import documents as policy_documents
from dxnavi.subsidies import documents as estimate_documents

from . import services


def summary_context(access) -> dict:
    return {"o": services.overview(access), "company": access.company, "access": access}


def _summary_document(access, context):
    company_id = access.company.pk
    return pdfs.prepared_pdf(company_id, "summary", company_id, "summary/summary_pdf.html", context)


def summary_pdf(access) -> bytes:
    """The one-page summary (about 0.5 s to lay out): made in the request, stored."""
    return _summary_document(access, summary_context(access)).get()


def report_documents(access) -> list:
    """The summary, then each instrument's latest report (only those the company has), before layout."""
    overview = services.overview(access)
    parts = [_summary_document(access, {"o": overview, "company": access.company, "access": access})]
    for key in ("selfcheck", "stage", "maturity"):
        if overview[key] is not None:
            parts.append(assessment_documents.result_document(access, overview[key]["assessment"]))
    policy = overview["secaction"]["policy"]
    if policy is not None:
        parts.append(policy_documents.policy_document(policy))
    if overview["plan"] is not None:
        parts.append(plan_documents.plan_document(access, overview["plan"]["plan"]))
    if overview["subsidy"] is not None:
        parts.append(estimate_documents.estimate_document(access, overview["subsidy"]["estimate"]))
    return parts


def report_parts(access) -> list[bytes]:
    return [part.get() for part in report_documents(access)]


def _full_key(access, parts) -> str:
    return pdfs.cache_key("summary_full", access.company.pk, *(part.key for part in parts))


def stored_full(access, parts=None):
    """The stored combined report of the company's current results, or None (not made yet / outdated)."""
    return pdfs.find(_full_key(access, parts if parts is not None else report_documents(access)))


def join_pdfs(parts: list[bytes]) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def full_pdf(access) -> bytes:
    """The combined report's bytes, laid out (and stored) where needed, in the caller's thread."""
    parts = report_documents(access)
    key = _full_key(access, parts)
    return pdfs.stored(access.company.pk, "summary_full", access.company.pk, key, lambda: join_pdfs([p.get() for p in parts]))


def build_full(job, progress):
    """Tracked job (``dxnavi.jobs.tracked``): the combined report, one progress step per part."""
    from dxnavi.jobs.tracked import JobError
    from dxnavi.orgs.scoping import resolve_access

    access = resolve_access(job.user, job.company_id) if job.user is not None else None
    if access is None:
        raise JobError(_("You no longer have access to this company."))
    parts = report_documents(access)
    key = _full_key(access, parts)
    existing = pdfs.find(key)
    if existing is None:
        pdf_parts = []
        for number, part in enumerate(parts):
            progress(number, len(parts) + 1, _part_label(part.kind))
            pdf_parts.append(part.get())
        progress(len(parts), len(parts) + 1, _("Joining the reports"))
        pdfs.stored(access.company.pk, "summary_full", access.company.pk, key, lambda: join_pdfs(pdf_parts))
        existing = pdfs.find(key)
    job.result = {"filename": filename(access, full=True)}
    type(job).objects.filter(pk=job.pk).update(result=job.result)
    return existing


def _part_label(kind: str) -> str:
    return {
        "summary": _("One-page summary"),
        "assessment": _("Diagnosis report"),
        "policy": _("Basic security policy"),
        "plan": _("Adoption plan"),
        "estimate": _("Subsidy estimate"),
    }.get(kind, kind)


def filename(access, full: bool = False) -> str:
    title = _("Full report") if full else _("One-page summary")
    return f"{title}_{access.company.name}_{timezone.localdate():%Y%m%d}.pdf"
