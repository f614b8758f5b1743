"""The adoption plan as a document: the context of its PDF/XLSX exports and the A4 landscape PDF as bytes.

Used by the download views and by ``dxnavi.summary`` (the combined report), so both produce the same file.
"""

from dxnavi.reports.pdf import prepared_pdf

from . import presenters, presenters_projects, services


def export_context(access, plan):
    rows = services.plan_rows(plan)
    labels = services.plan_labels(plan)
    table = presenters.plan_table(plan, rows)
    version = plan.map_version or services.latest_map_version(access)
    return {
        "company": access.company,
        "plan": plan,
        "table": table,
        "labels": labels,
        "timeline": presenters.timeline_svg(table, labels),
        "map_version": version,
        "map_svg": presenters.map_svg(version.data) if version else None,
        "projects": presenters_projects.export_rows(access),
        "project_headers": presenters_projects.export_headers(),
    }


def plan_document(access, plan):
    """The live plan's PDF before layout: keyed by its HTML, so an edited plan is laid out again."""
    return prepared_pdf(access.company.pk, "plan", plan.pk, "plans/plan_pdf.html", export_context(access, plan))


def plan_pdf(access, plan) -> bytes:
    return plan_document(access, plan).get()
