"""The projects table under the plan in the XLSX (same sheet, so it stays one printable sheet)."""

from openpyxl.styles import Alignment, Font, PatternFill

from .presenters_projects import export_headers

YEN_FORMAT = '#,##0"円"'


def write_projects(ws, first_row: int, projects: list[dict], border, text) -> int:
    """Write a heading, the header and one row per project from ``first_row``; return the last row used."""
    from django.utils.translation import gettext as _

    ws.cell(row=first_row, column=1, value=text(_("Projects"))).font = Font(bold=True, size=12)
    header = first_row + 1
    for col, title in enumerate(export_headers(), start=1):
        cell = ws.cell(row=header, column=col, value=text(title))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF1F4")
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for offset, item in enumerate(projects, start=1):
        values = [
            text(item["title"]),
            text(item["step"]),
            text(item["quote"]),
            item["initial_cost"],
            item["subsidy"],
            item["net_monthly"],
            text(item["payback"]),
            text(item["status"]),
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=header + offset, column=col, value=value)
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col in (4, 5, 6):
                cell.number_format = YEN_FORMAT
    return header + len(projects)
