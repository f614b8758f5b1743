"""Excel export of an adviser organization's client list (openpyxl).

Advisers keep their own records in Excel: the sheet has one row per client with the
profile, the derived SME flags and each instrument's latest result and its date.
"""

from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dxnavi.content import reference


def clients_workbook(organization, columns, rows) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Clients")[:31]
    headers = [
        _("Company"), _("Corporate number"), _("Industry"), _("Prefecture"), _("Employees"),
        _("SME"), _("Small business"),
    ]
    for col in columns:
        headers += [str(col.title), _("%(title)s (date)") % {"title": col.title}]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
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
            when = timezone.localtime(cell.date).date() if cell is not None and cell.date else None
            line += [cell.text if cell is not None else "", when]
        ws.append(line)
    for index, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(str(header)) * 2 + 4))
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if hasattr(cell.value, "year"):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "B2"
    return wb


def clients_xlsx_response(organization, columns, rows) -> HttpResponse:
    buffer = BytesIO()
    clients_workbook(organization, columns, rows).save(buffer)
    filename = f"{organization.name}_{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename=\"clients.xlsx\"; filename*=UTF-8''{iri_to_uri(filename)}"
    return response
