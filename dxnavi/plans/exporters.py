"""XLSX of the 導入プラン: one printable sheet an adviser can hand over (A4 landscape, fit to one
page wide, header rows repeated on every printed page). Written through the shared
``reports.spreadsheets`` writer, which keeps user text from becoming a formula.
"""

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dxnavi.reports import spreadsheets

PHASE_FILLS = {"research": "DCEBF7", "trial": "FBE3B0", "adoption": "CDEBCD"}


def plan_workbook(company, plan, table, labels, projects=None) -> bytes:
    book = spreadsheets.XlsxWorkbook(_("Adoption plan"))
    sheet = book.sheet
    sheet.set(1, 1, _("Adoption plan") + " — " + company.name)
    sheet.style(1, 1, bold=True, size=14)
    period_text = _("Periods: %(first)s to %(last)s (上期 = April–September, 下期 = October–March)")
    sheet.set(2, 1, period_text % {"first": labels[0], "last": labels[-1]})
    headers = [_("Priority"), _("Management goal"), _("Business viewpoint"), _("What to do"), _("IT solution"), *labels]
    header_row = 4
    for col, title in enumerate(headers, start=1):
        sheet.set(header_row, col, str(title))
        sheet.style(header_row, col, bold=True, fill="EEF1F4", border=True, wrap=True, align="center")
    for offset, item in enumerate(table, start=1):
        r = header_row + offset
        row = item["row"]
        values = [row.priority, row.goal_text, row.viewpoint_text, row.activity, item["solution"]]
        values += [str(cell["label"]) for cell in item["cells"]]
        for col, value in enumerate(values, start=1):
            sheet.set(r, col, value)
            phase = item["cells"][col - 6]["phase"] if col > 5 else None
            sheet.style(r, col, border=True, wrap=col <= 5, align=None if col <= 5 else "center",
                        fill=PHASE_FILLS[phase] if phase else None)
    sheet.column_widths([8, 28, 24, 34, 22] + [11] * len(labels))
    if projects:  # five-step projects: a second table under the plan, on the same printable sheet
        from .exporters_projects import write_projects

        write_projects(sheet, header_row + max(len(table), 1) + 2, projects)
    sheet.print_setup(landscape=True, title_rows=f"{header_row}:{header_row}", last_column=max(len(headers), 8))
    sheet.freeze(f"B{header_row + 1}")
    return book.to_bytes()


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=spreadsheets.XLSX_CONTENT_TYPE)
    ascii_name = slugify(filename.rsplit(".", 1)[0]) or "plan"
    return spreadsheets.attachment(response, f"{ascii_name}.xlsx", filename)
