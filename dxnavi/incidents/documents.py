"""The incident report as an A4 PDF. The log is live (entries and tasks change), so the stored document
is keyed by its HTML (``reports.pdf.prepared_pdf``): any change lays it out again, never stale."""

from dxnavi.reports.pdf import prepared_pdf

from . import presenters, services


def report_context(access, row):
    return {
        "company": access.company,
        "incident": row,
        "kind": presenters.kind_label(row.kind),
        "entries": list(services.entries(row)),
        "tasks": list(services.tasks(row)),
        "leak": presenters.leak_view(row),
        "discovered": services.discovered_date(row),
    }


def incident_document(access, row):
    return prepared_pdf(access.company.pk, "incident", row.pk, "incidents/report_pdf.html", report_context(access, row))


def incident_pdf(access, row) -> bytes:
    return incident_document(access, row).get()
