"""Excel export of an adviser organization's client list.

Advisers keep their own records in Excel: the sheet has one row per client with the
profile, the derived SME flags and each instrument's latest result and its date.
Written through ``reports.spreadsheets``, which keeps company names such as
``=HYPERLINK(...)`` plain text instead of live formulas.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi.content import reference
from dxnavi.reports.spreadsheets import XlsxWorkbook, xlsx_response


def clients_table(columns, rows, assignees=None) -> tuple[list, list[list]]:
    """(headers, lines) of the export: one line per client with the profile, each instrument's latest result
    and its local date, and the person in charge (``assignees``: {user id: name} of the organization's
    members). The Excel sheet and the API's CSV (``dxnavi.api``) write exactly these cells."""
    assignees = assignees or {}
    headers = [
        _("Company"), _("Corporate number"), _("Industry"), _("Prefecture"), _("Employees"),
        _("SME"), _("Small business"),
    ]
    for col in columns:
        headers += [str(col.title), _("%(title)s (date)") % {"title": col.title}]
    headers.append(_("Person in charge"))
    tz = timezone.get_current_timezone()
    lines = []
    for company, cells in rows:
        line = [
            company.name,
            company.corporate_number,
            f"{company.industry_major} {reference.jsic_name(company.industry_major)}",
            reference.prefecture_name(company.prefecture),
            company.employees,
            _("Yes") if company.is_sme else _("No"),
            _("Yes") if company.is_small else _("No"),
        ]
        for cell in cells:
            # Excel cannot store time zones: write the local date, which is what advisers compare.
            line += [cell.text, cell.local_date(tz)] if cell is not None else ["", None]
        assignee_id = getattr(company, "assignee_id", None)
        line.append(assignees.get(assignee_id, "") if assignee_id is not None else "")
        lines.append(line)
    return headers, lines


def clients_workbook(organization, columns, rows, assignees=None) -> XlsxWorkbook:
    """``assignees``: {user id: name} of the organization's members, for the person in charge (last column)."""
    headers, lines = clients_table(columns, rows, assignees)
    workbook = XlsxWorkbook(_("Clients"))
    sheet = workbook.sheet
    sheet.append(headers, bold=True)
    for line in lines:
        sheet.append(line)
    sheet.column_widths(max(12, min(40, len(str(header)) * 2 + 4)) for header in headers)
    sheet.freeze("B2")
    return workbook


def clients_xlsx_response(organization, columns, rows, assignees=None) -> HttpResponse:
    filename = f"{organization.name}_{timezone.localdate():%Y%m%d}.xlsx"
    workbook = clients_workbook(organization, columns, rows, assignees)
    return xlsx_response(workbook, ascii_name="clients.xlsx", filename=filename)
