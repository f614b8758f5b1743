"""The one-page summary PDF, and the combined report: the summary followed by every instrument's own report.

The combined report reuses each app's document builder (the same bytes as its own download) and
joins the files with pypdf; each report keeps its own page size (the plan is A4 landscape) and
page numbers. It renders the latest result of each instrument, so it takes a few seconds
(docs/architecture.md, "One-page summary"); the download view answers directly.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi.assessments import documents as assessment_documents
from dxnavi.plans import documents as plan_documents
from dxnavi.reports.pdf import render_pdf
from dxnavi.secaction import documents as policy_documents
from dxnavi.subsidies import documents as estimate_documents

from . import services


def summary_context(access) -> dict:
    return {"o": services.overview(access), "company": access.company, "access": access}


def summary_pdf(access) -> bytes:
    return render_pdf("summary/summary_pdf.html", summary_context(access))


def report_parts(access) -> list[bytes]:
    """The summary, then each instrument's latest report (only those the company has)."""
    overview = services.overview(access)
    parts = [render_pdf("summary/summary_pdf.html", {"o": overview, "company": access.company, "access": access})]
    for key in ("selfcheck", "stage", "maturity"):
        if overview[key] is not None:
            parts.append(assessment_documents.result_pdf(access, overview[key]["assessment"]))
    policy = overview["secaction"]["policy"]
    if policy is not None:
        parts.append(policy_documents.policy_pdf(policy))
    if overview["plan"] is not None:
        parts.append(plan_documents.plan_pdf(access, overview["plan"]["plan"]))
    if overview["subsidy"] is not None:
        parts.append(estimate_documents.estimate_pdf(access, overview["subsidy"]["estimate"]))
    return parts


def join_pdfs(parts: list[bytes]) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(io.BytesIO(part))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def full_pdf(access) -> bytes:
    return join_pdfs(report_parts(access))


def filename(access, full: bool = False) -> str:
    title = _("Full report") if full else _("One-page summary")
    return f"{title}_{access.company.name}_{timezone.localdate():%Y%m%d}.pdf"
