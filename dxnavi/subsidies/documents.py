"""A saved estimate as a document: the context of its detail page and PDF, and the PDF as bytes.

Used by the views and by ``dxnavi.privacy`` (the company data export).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi.reports.pdf import prepared_pdf

from . import presenters, services


def detail_context(access, estimate) -> dict:
    return {
        "company": access.company,
        "access": access,
        "estimate": estimate,
        "title": presenters.estimate_title(estimate),
        "results": presenters.results_view(estimate),
        "items": presenters.items_view(estimate.items),
        "facts": estimate.company_facts,
        "catalog": estimate.catalog,
        "catalog_age": services.catalog_age(estimate.catalog) if estimate.catalog else None,
        "statuses": estimate.statuses,
        "status_lines": presenters.statuses_view(estimate.statuses),
    }


def estimate_document(access, estimate):
    context = detail_context(access, estimate)
    context["generated"] = timezone.localtime()  # shown as a date: the stored PDF is reused within the day
    return prepared_pdf(access.company.pk, "estimate", estimate.pk, "subsidies/pdf.html", context)


def estimate_pdf(access, estimate) -> bytes:
    return estimate_document(access, estimate).get()


def estimate_pdf_filename(access, estimate) -> str:
    date = timezone.localtime(estimate.created_at).strftime("%Y%m%d")
    return f"{_('Subsidy estimate')}_{access.company.name}_{date}.pdf"
