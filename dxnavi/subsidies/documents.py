"""A saved estimate as a document: the context of its detail page and PDF, and the PDF as bytes.

Used by the views and by ``dxnavi.privacy`` (the company data export).
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi.reports.pdf import digest, keyed_pdf

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


def estimate_key_parts(access, estimate) -> tuple:
    """What the estimate's PDF prints: the saved row (never edited: its fields' digest), its catalog's
    year and date (and so its age), the company's name, today's date (「作成日」 and the catalog's age);
    the same for every viewer."""
    catalog = estimate.catalog
    row = (
        estimate.title, estimate.items, estimate.statuses, estimate.company_facts, estimate.results,
        estimate.provisional, estimate.created_at, estimate.planned_order_date,
    )  # fmt: skip
    return (
        digest(*row), catalog.pk, catalog.fiscal_year, catalog.as_of, catalog.as_of_date,
        settings.SUBSIDY_CATALOG_MAX_AGE_DAYS, access.company.name, timezone.localdate(),
    )  # fmt: skip


def estimate_document(access, estimate):
    def context():
        # shown as a date: the stored PDF is reused within the day (the date is in the key)
        return {**detail_context(access, estimate), "generated": timezone.localtime()}

    parts = estimate_key_parts(access, estimate)
    return keyed_pdf(access.company.pk, "estimate", estimate.pk, parts, "subsidies/pdf.html", context)


def estimate_pdf(access, estimate) -> bytes:
    return estimate_document(access, estimate).get()


def estimate_pdf_filename(access, estimate) -> str:
    date = timezone.localtime(estimate.created_at).strftime("%Y%m%d")
    return f"{_('Subsidy estimate')}_{access.company.name}_{date}.pdf"
