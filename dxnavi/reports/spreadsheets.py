"""The one writer for every spreadsheet the product writes (XLSX via openpyxl, and CSV).

Values typed by users (company names, titles, descriptions, …) end up in cells that
advisers open in Excel or LibreOffice. A text starting with ``=`` (or ``+``, ``-``, ``@``,
a tab or a line break, their full-width forms ``＝＋－＠``, or any of these after leading
spaces) would be taken as a formula — ``=HYPERLINK(...)`` or a DDE call runs on the
adviser's machine. So every ``str`` written through this module is neutralised:

* XLSX: the cell is stored as a string (``data_type == "s"``, never a formula) and, when it
  looks like a formula, gets the *quote prefix* style, so Excel shows the text unchanged
  and does not turn it into a formula when the cell is edited either.
* CSV has no types: a text that looks like a formula is prefixed with an apostrophe
  (the OWASP recommendation), which spreadsheets show as text.

Numbers, dates and ``None`` are written as they are (a negative number stays a number).
Characters XML cannot hold (C0 controls other than tab/CR/LF) are dropped from texts.

``tests/platform/test_spreadsheets.py`` fails when another module under ``dxnavi/`` writes
spreadsheets with openpyxl or ``csv`` directly: add what you need here instead.
"""

import csv
import datetime
import re
from io import BytesIO, StringIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# A formula starts with one of these (full-width forms are accepted by Japanese-locale Excel and
# LibreOffice), possibly after spaces; a leading tab or line break also makes some importers
# evaluate what follows.
_FORMULA_START = re.compile(r"^(?:[\t\r\n]|\s*[=+\-@\uff1d\uff0b\uff0d\uff20])")


def looks_like_formula(text: str) -> bool:
    return bool(_FORMULA_START.match(text))


def clean_text(text: str) -> str:
    """The text without the characters an XLSX file cannot store."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def neutralise(value):
    """The value as a CSV cell: texts that look like a formula get an apostrophe in front."""
    if isinstance(value, str):
        text = clean_text(value)
        return "'" + text if looks_like_formula(text) else text
    return value


class Sheet:
    """One worksheet; add rows with :meth:`append` only."""

    def __init__(self, worksheet):
        self._ws = worksheet
        self._rows = 0

    @property
    def title(self) -> str:
        return self._ws.title

    def append(self, values, *, bold: bool = False) -> None:
        self._rows += 1
        for column, value in enumerate(values, start=1):
            self.set(self._rows, column, value, bold=bold)

    def set(self, row: int, column: int, value, *, bold: bool = False) -> None:
        """Write one cell (texts neutralised); later :meth:`append` calls continue below it."""
        cell = self._ws.cell(row=row, column=column)
        if isinstance(value, str):
            text = clean_text(value)
            cell.value = text
            cell.data_type = "s"  # openpyxl would make any str starting with "=" a formula
            if looks_like_formula(text):
                cell.quotePrefix = True
        else:
            cell.value = value
            if isinstance(value, (datetime.date, datetime.datetime)):
                cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime.datetime) else "yyyy-mm-dd"
        if bold:
            cell.font = Font(bold=True)
        self._rows = max(self._rows, row)

    def style(
        self, row: int, column: int, *, bold=False, size=None, fill=None, border=False, wrap=False, align=None, number_format=None
    ):
        """Formatting only (values are written with :meth:`set`/:meth:`append`)."""
        cell = self._ws.cell(row=row, column=column)
        if number_format:
            cell.number_format = number_format
        if bold or size:
            cell.font = Font(bold=bold, size=size)
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)
        if border:
            thin = Side(style="thin", color="999999")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        if wrap or align:
            cell.alignment = Alignment(wrap_text=wrap, vertical="top" if wrap and not align else "center", horizontal=align)

    def print_setup(self, *, landscape=False, fit_width=True, title_rows: str = "", last_column: int = 0) -> None:
        """A4, fit to one page wide, header rows repeated on every printed page."""
        ws = self._ws
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        if fit_width:
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
        if title_rows:
            ws.print_title_rows = title_rows
        if last_column:
            ws.print_area = f"A1:{get_column_letter(last_column)}{max(self._rows, 1)}"

    def cells(self, column: int, first_row: int, last_row: int, *, sheet_name: bool = False) -> str:
        """A column's range, ``B2:B100`` (absolute and with the sheet's name when ``sheet_name``)."""
        letter = get_column_letter(column)
        if not sheet_name:
            return f"{letter}{first_row}:{letter}{last_row}"
        title = self._ws.title.replace("'", "''")
        return f"'{title}'!${letter}${first_row}:${letter}${last_row}"

    def list_validation(self, cells: str, source: str, *, title: str = "", error: str = "", prompt: str = "") -> None:
        """A drop-down list on ``cells`` (``B2:B100``) offering the values of ``source`` (a range from
        :meth:`cells` with ``sheet_name=True``); other values are refused by the spreadsheet with ``error``.
        The list is a cell range, never a formula built from user text."""
        if not re.fullmatch(r"'(?:[^']|'')+'!\$[A-Z]{1,3}\$\d+:\$[A-Z]{1,3}\$\d+", source):
            raise ValueError(f"list_validation source must be a range of a sheet, got {source!r}")
        validation = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False)
        validation.showErrorMessage = bool(error)
        if error:
            validation.errorTitle = clean_text(title)[:32] or None
            validation.error = clean_text(error)[:255]
        if prompt:
            validation.showInputMessage = True
            validation.promptTitle = clean_text(title)[:32] or None
            validation.prompt = clean_text(prompt)[:255]
        validation.add(cells)
        self._ws.add_data_validation(validation)

    def column_widths(self, widths) -> None:
        for index, width in enumerate(widths, start=1):
            self._ws.column_dimensions[get_column_letter(index)].width = width

    def freeze(self, cell: str) -> None:
        self._ws.freeze_panes = cell


class XlsxWorkbook:
    """A workbook whose first sheet is titled ``title``; more sheets with :meth:`add_sheet`."""

    def __init__(self, title: str):
        self._wb = Workbook()
        self._wb.active.title = _sheet_title(title)
        self.sheets = [Sheet(self._wb.active)]

    @property
    def sheet(self) -> Sheet:
        return self.sheets[0]

    def add_sheet(self, title: str) -> Sheet:
        sheet = Sheet(self._wb.create_sheet(_sheet_title(title)))
        self.sheets.append(sheet)
        return sheet

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self._wb.save(buffer)
        return buffer.getvalue()


def _sheet_title(title: str) -> str:
    # Excel limits sheet titles to 31 characters without []:*?/\
    return re.sub(r"[\[\]:*?/\\]", "_", clean_text(str(title)))[:31] or "Sheet"


def csv_text(rows) -> str:
    """Rows as CSV text (for Excel: open it as UTF-8 with BOM, see :func:`csv_response`)."""
    buffer = StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return buffer.getvalue()


def attachment(response: HttpResponse, ascii_name: str, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
    return response


def xlsx_response(workbook: XlsxWorkbook, *, ascii_name: str, filename: str) -> HttpResponse:
    return attachment(HttpResponse(workbook.to_bytes(), content_type=XLSX_CONTENT_TYPE), ascii_name, filename)


def csv_response(rows, *, ascii_name: str, filename: str) -> HttpResponse:
    # The BOM makes Excel read the file as UTF-8 (Japanese text) instead of Shift_JIS.
    body = "\ufeff" + csv_text(rows)
    return attachment(HttpResponse(body.encode("utf-8"), content_type=CSV_CONTENT_TYPE), ascii_name, filename)
