"""XLSX of the 導入プラン: one printable sheet an adviser can hand over (A4 landscape, fit to one
page wide, header rows repeated on every printed page).

Every string that comes from users passes through ``_text()`` before it reaches a cell; the lead
will switch this module to the shared spreadsheet writer (``dxnavi/reports/spreadsheets.py``),
which neutralises formula-leading characters, at merge time.
"""

import io

from django.http import HttpResponse
from django.utils.encoding import iri_to_uri
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHASE_FILLS = {"research": "DCEBF7", "trial": "FBE3B0", "adoption": "CDEBCD"}


def _text(value) -> str:
    """A user string for a cell: never read as a formula (a leading =, +, -, @ gets a quote)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def plan_workbook(company, plan, table, labels, projects=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Adoption plan")[:31]
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    ws["A1"] = _text(_("Adoption plan") + " — " + company.name)
    ws["A1"].font = Font(bold=True, size=14)
    period_text = _("Periods: %(first)s to %(last)s (上期 = April–September, 下期 = October–March)")
    ws["A2"] = _text(period_text % {"first": labels[0], "last": labels[-1]})
    headers = [_("Priority"), _("Management goal"), _("Business viewpoint"), _("What to do"), _("IT solution"), *labels]
    header_row = 4
    for col, title in enumerate(headers, start=1):
        cell = ws.cell(row=header_row, column=col, value=_text(title))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF1F4")
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for offset, item in enumerate(table, start=1):
        r = header_row + offset
        row = item["row"]
        values = [row.priority, _text(row.goal_text), _text(row.viewpoint_text), _text(row.activity), _text(item["solution"])]
        values += [_text(cell["label"]) for cell in item["cells"]]
        for col, value in enumerate(values, start=1):
            c = ws.cell(row=r, column=col, value=value)
            c.border = border
            c.alignment = wrap if col <= 5 else Alignment(horizontal="center", vertical="center")
        for i, cell in enumerate(item["cells"]):
            if cell["phase"]:
                ws.cell(row=r, column=6 + i).fill = PatternFill("solid", fgColor=PHASE_FILLS[cell["phase"]])
    widths = [8, 28, 24, 34, 22] + [11] * len(labels)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    last_row = header_row + max(len(table), 1)
    if projects:  # five-step projects (p2): a second table under the plan, same sheet
        from .exporters_projects import write_projects

        last_row = write_projects(ws, last_row + 2, projects, border, _text)
    ws.print_area = f"A1:{get_column_letter(max(len(headers), 8))}{last_row}"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    ascii_name = slugify(filename.rsplit(".", 1)[0]) or "plan"
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}.xlsx\"; filename*=UTF-8''{iri_to_uri(filename)}"
    return response
