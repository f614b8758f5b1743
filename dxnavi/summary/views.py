"""The one-page summary: preview page, its A4 PDF and the combined report. Read-only; owners,
members and linked advisers alike (``company_view()``: advisers' downloads are audited as exports)."""

from django.shortcuts import render

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
    return pdf_response(documents.full_pdf(access), documents.filename(access, full=True))
