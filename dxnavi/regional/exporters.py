"""The report as an XLSX workbook (written with ``reports.spreadsheets``): one sheet per measure,
both breakdowns, this year's counts and shares, last year's shares, the change; suppressed values
as 「—」 (never a number)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi.reports.spreadsheets import XlsxWorkbook

from . import presenters


def _v(value):
    return presenters.SUPPRESSED if value is None else value


def workbook(stored, title: str) -> XlsxWorkbook:
    data = stored.data
    book = XlsxWorkbook(_("Report"))
    sheet = book.sheet
    sheet.append([title], bold=True)
    sheet.append([_("Computed at"), timezone.localtime(stored.computed_at).replace(tzinfo=None)])
    sheet.append([_("This fiscal year"), data["fiscal_year"], _("Last fiscal year"), data["previous_fiscal_year"]])
    sheet.append([_("Values for fewer than 10 companies, and values from which they could be worked out, are shown as —.")])
    for section in presenters.sections(data):
        ws = book.add_sheet(section["title"])
        ws.append([section["title"]], bold=True)
        for dim in section["dimensions"]:
            ws.append([])
            ws.append([dim["title"]], bold=True)
            ws.append([_("Companies"), *section["cols"], _("Total")], bold=True)
            for row in dim["rows"]:
                ws.append([row["label"], *(_v(c["count"]) for c in row["cells"]), _v(row["total"])])
            ws.append([_("Total"), *(_v(v) for v in dim["col_totals"]), _v(dim["total"])], bold=True)
            ws.append([])
            ws.append([_("Share (%)"), *section["cols"], _("Last fiscal year (%)"), *section["cols"],
                       _("Change (points)"), *section["cols"]], bold=True)  # fmt: skip
            for row in dim["rows"]:
                ws.append([
                    row["label"], *(_v(c["share"]) for c in row["cells"]), "", *(_v(c["previous_share"]) for c in row["cells"]),
                    "", *(_v(c["change"]) for c in row["cells"]),
                ])  # fmt: skip
            if section["parts"]:
                ws.append([])
                ws.append([_("Mean"), *section["parts"], _("Last fiscal year"), *section["parts"]], bold=True)
                for row in dim["rows"]:
                    ws.append([
                        row["label"], *(_v(m["mean"]) for m in row["means"]), "", *(_v(m["previous"]) for m in row["means"]),
                    ])  # fmt: skip
                ws.append([
                    _("Total"), *(_v(m["mean"]) for m in dim["total_means"]), "",
                    *(_v(m["previous"]) for m in dim["total_means"]),
                ], bold=True)  # fmt: skip
    return book
