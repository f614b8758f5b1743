"""The one-page summary: preview page, its A4 PDF and the combined report. Read-only; owners,
members and linked advisers alike (``company_view()``: advisers' downloads are audited as exports).

The combined report takes seconds to lay out the first time: 「作成する」 (``full_start``) starts a
tracked job and shows its page (progress, then the download); when the current report is already
stored it is served at once."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_POST

from dxnavi.jobs import tracked
from dxnavi.orgs.scoping import company_view
from dxnavi.reports.pdf import pdf_response

from . import documents


@company_view()
def preview(request, access):
    return render(request, "summary/preview.html", documents.summary_context(access))


@company_view()
def summary_pdf(request, access):
    return pdf_response(documents.summary_pdf(access), documents.filename(access))


@company_view()
def full_pdf(request, access):
    """The stored combined report of the current results; when there is none, the summary page's button."""
    document = documents.stored_full(access)
    if document is None:
        return redirect(reverse("summary:preview", args=[access.company.pk]) + "#full-report")
    return pdf_response(bytes(document.content), documents.filename(access, full=True))


@require_POST
@company_view()
def full_start(request, access):
    if documents.stored_full(access) is not None:
        return redirect("summary:full_pdf", company_id=access.company.pk)
    job = tracked.start(
        "dxnavi.summary.documents.build_full", company=access.company, user=request.user, kind="summary_full",
        arguments={"language": translation.get_language()},
    )
    return redirect("jobs:detail", company_id=access.company.pk, job_id=job.pk)
