"""The projects table under the plan in the XLSX (same sheet, so it stays one printable sheet)."""

from django.utils.translation import gettext as _

from .presenters_projects import export_headers

YEN_FORMAT = '#,##0"円"'


def write_projects(sheet, first_row: int, projects: list[dict]) -> int:
    """Write a heading, the header and one row per project from ``first_row``; return the last row used."""
    sheet.set(first_row, 1, str(_("Projects")))
    sheet.style(first_row, 1, bold=True, size=12)
    header = first_row + 1
    for col, title in enumerate(export_headers(), start=1):
        sheet.set(header, col, str(title))
        sheet.style(header, col, bold=True, fill="EEF1F4", border=True, wrap=True, align="center")
    for offset, item in enumerate(projects, start=1):
        values = [
            item["title"], item["step"], item["quote"], item["initial_cost"], item["subsidy"], item["net_monthly"],
            item["payback"], item["status"],
        ]
        for col, value in enumerate(values, start=1):
            amount = col in (4, 5, 6)  # integer yen stay numbers; texts (possibly lazy) become str
            sheet.set(header + offset, col, value if amount or value is None else str(value))
            sheet.style(header + offset, col, border=True, wrap=True, number_format=YEN_FORMAT if col in (4, 5, 6) else None)
    return header + len(projects)
