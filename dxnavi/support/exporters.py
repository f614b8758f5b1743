"""The organization's support records of a period as Excel, in the shape a 商工会 reports its activity.

Sheet 1 (支援記録): one row per record — 日付, 事業所名, 法人番号, 業種, 相談種別, 相談内容（テーマ）,
対応者, 所要時間（分）, then the notes, the next action, its due date and its 担当者.
Sheet 2 (集計): the period, counts and hours by type and by month, distinct companies supported.
Written through ``reports.spreadsheets`` only, so a note such as ``=HYPERLINK(...)`` stays text.
"""

from django.utils.translation import gettext as _

from dxnavi.content import reference
from dxnavi.reports.spreadsheets import XlsxWorkbook, xlsx_response

from . import content, services


def _person(user) -> str:
    return (user.name or user.email) if user is not None else ""


def record_headers() -> list[str]:
    return [
        _("Date"), _("Business name"), _("Corporate number"), _("Industry"), _("Type of support"), _("Topic"),
        _("Handled by"), _("Time spent (minutes)"), _("Notes"), _("Next step"), _("Next action due"),
        _("Person responsible for the next action"),
    ]


def record_rows(records) -> list[list]:
    rows = []
    for r in records:
        company = r.company
        industry = f"{company.industry_major} {reference.jsic_name(company.industry_major)}" if company.industry_major else ""
        rows.append([
            r.date, company.name, company.corporate_number or "", industry, content.type_label(r.kind), r.topic,
            _person(r.recorded_by), r.minutes, r.notes, r.next_action, r.next_due, _person(r.responsible),
        ])
    return rows


def period_label(period) -> str:
    if period.fiscal_year is not None:
        return _("Fiscal year %(year)d (%(start)s – %(end)s)") % {
            "year": period.fiscal_year, "start": period.start.isoformat(), "end": period.end.isoformat(),
        }
    return f"{period.start.isoformat()} – {period.end.isoformat()}"


def workbook(organization, period, records, summary) -> XlsxWorkbook:
    book = XlsxWorkbook(_("Support records"))
    sheet = book.sheet
    headers = record_headers()
    sheet.append(headers, bold=True)
    for row in record_rows(records):
        sheet.append(row)
    sheet.freeze("A2")
    sheet.column_widths([12, 28, 16, 24, 16, 30, 14, 10, 40, 30, 12, 14])
    sheet.print_setup(landscape=True, title_rows="1:1", last_column=len(headers))

    totals = book.add_sheet(_("Summary by type and month"))
    totals.append([organization.name], bold=True)
    totals.append([_("Period"), period_label(period)])
    totals.append([_("Companies supported"), summary.companies])
    totals.append([_("Records"), summary.total_count])
    totals.append([_("Hours"), services.hours(summary.total_minutes)])
    totals.append([])
    totals.append([_("Type of support"), _("Records"), _("Hours")], bold=True)
    for _type_id, label, count, minutes in summary.by_type:
        totals.append([label, count, services.hours(minutes)])
    totals.append([_("Total"), summary.total_count, services.hours(summary.total_minutes)], bold=True)
    totals.append([])
    totals.append([_("Month"), _("Records"), _("Hours")], bold=True)
    for (year, month), count, minutes in summary.by_month:
        totals.append([f"{year}-{month:02d}", count, services.hours(minutes)])
    totals.column_widths([24, 40, 10])
    return book


def response(organization, period, records, summary):
    stamp = f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return xlsx_response(
        workbook(organization, period, records, summary),
        ascii_name=f"support-records-{stamp}.xlsx", filename=f"{_('Support records')}_{organization.name}_{stamp}.xlsx",
    )
