"""Reading an uploaded client list (XLSX or CSV) into rows of cell texts, or refusing it with a clear message.

Nothing here touches the database. The checks, in order: size, empty, the kind of file (ZIP =
XLSX; an OLE compound file = an encrypted workbook or an old .xls; otherwise text = CSV in UTF-8,
UTF-8 with BOM or Shift_JIS/CP932), the header row (every required column, no unknown one),
formulas (a workbook cell with a formula, or a CSV cell starting with ``=``, is refused by name),
and the row limit. Rows with no value at all are skipped (their line numbers stay those of the file).
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .columns import COLUMNS, Column, cell_text, column_for_header

MAX_ROWS = 10_000
MAX_BYTES = 30 * 1024 * 1024  # 10,000 rows are about 1.5 MB as CSV; 100,000 still get the row-limit message
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileRefused(Exception):
    """The whole file cannot be read; the message says why, in the user's language."""


@dataclass
class ParsedFile:
    kind: str  # "xlsx" or "csv"
    encoding: str  # for CSV: "utf-8", "utf-8-sig" or "cp932"
    columns: list  # Column per file column (None: an empty header, ignored)
    rows: list = field(default_factory=list)  # [(line number, {key: text})]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read(content: bytes, filename: str = "") -> ParsedFile:
    if not content:
        raise FileRefused(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise FileRefused(_("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": MAX_BYTES // 1024 // 1024})
    if content.startswith(_OLE):
        raise FileRefused(
            _(
                "This file is protected with a password or is an old Excel file (.xls). Remove the password and save it "
                "as an Excel workbook (.xlsx) or CSV."
            )
        )
    parsed = _read_xlsx(content) if content.startswith(_ZIP) else _read_csv(content)
    if not parsed.rows:
        raise FileRefused(_("The file has a header row but no clients below it."))
    return parsed


def _decode(content: bytes) -> tuple[str, str]:
    if b"\x00" in content:
        raise FileRefused(_("This is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."))
    if content.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "cp932")
    for encoding in encodings:
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileRefused(
        _("The characters of this file could not be read. Save the CSV file as UTF-8 or Shift_JIS, or upload the Excel workbook.")
    )


def _read_csv(content: bytes) -> ParsedFile:
    text, encoding = _decode(content)
    try:
        records = csv.reader(io.StringIO(text, newline=""))
        header = next(records, None)
        if header is None:
            raise FileRefused(_("The file is empty."))
        parsed = ParsedFile("csv", encoding, _columns(header))
        for line, record in enumerate(records, start=2):
            _add(parsed, line, record, formulas=_csv_formula)
    except csv.Error:
        raise FileRefused(_("This CSV file could not be read (a quotation mark is not closed). Check the file or upload the Excel workbook.")) from None
    return parsed


def _csv_formula(value) -> bool:
    return isinstance(value, str) and value.lstrip().startswith(("=", "＝"))


def _read_xlsx(content: bytes) -> ParsedFile:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, AttributeError):
        raise FileRefused(_("This file is damaged or is not an Excel workbook (.xlsx). Open it in Excel and save it again.")) from None
    except Exception:  # openpyxl raises many kinds on a broken or foreign ZIP (e.g. a .docx)
        raise FileRefused(_("This file is damaged or is not an Excel workbook (.xlsx). Open it in Excel and save it again.")) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileRefused(_("The file is empty."))
        rows = sheet.iter_rows()
        header_cells = next(rows, None)
        if header_cells is None:
            raise FileRefused(_("The file is empty."))
        _refuse_formulas(header_cells, 1)
        parsed = ParsedFile("xlsx", "", _columns([cell.value for cell in header_cells]))
        for line, cells in enumerate(rows, start=2):
            _refuse_formulas(cells, line)
            _add(parsed, line, [cell.value for cell in cells])
    except FileRefused:
        raise
    except Exception:
        raise FileRefused(_("This file is damaged or is not an Excel workbook (.xlsx). Open it in Excel and save it again.")) from None
    finally:
        workbook.close()
    return parsed


def _refuse_formulas(cells, line: int) -> None:
    for index, cell in enumerate(cells):
        if getattr(cell, "data_type", None) == "f":
            raise FileRefused(
                _(
                    "Cell %(cell)s contains a formula. Formulas are not imported: copy the cells and paste them as values, "
                    "then upload the file again."
                )
                % {"cell": f"{column_letter(index)}{line}"}
            )


def _columns(header) -> list:
    columns: list[Column | None] = []
    unknown = []
    for index, value in enumerate(header):
        text = cell_text(value)
        if not text:
            columns.append(None)
            continue
        column = column_for_header(text)
        if column is None:
            unknown.append(f"{column_letter(index)}「{text}」")
        elif column in columns:
            raise FileRefused(_("The column 「%(name)s」 appears twice in the header row.") % {"name": column.header})
        columns.append(column)
    if not any(columns) and not unknown:
        raise FileRefused(_("The first row must be the header row (会社名, 法人番号, …). Start from the template."))
    if unknown:
        raise FileRefused(
            _("Unknown column headers: %(columns)s. Use the headers of the template.") % {"columns": "、".join(unknown)}
        )
    missing = [column.header for column in COLUMNS if column.required and column not in columns]
    if missing:
        raise FileRefused(
            _("Required columns are missing: %(columns)s. Use the headers of the template.")
            % {"columns": "、".join(f"「{name}」" for name in missing)}
        )
    return columns


def _add(parsed: ParsedFile, line: int, values, formulas=None) -> None:
    row = {}
    for index, value in enumerate(values):
        column = parsed.columns[index] if index < len(parsed.columns) else None
        text = cell_text(value)
        if formulas is not None and formulas(value):
            raise FileRefused(
                _(
                    "Cell %(cell)s starts with “=”, which a spreadsheet would run as a formula. Remove the “=” "
                    "and upload the file again."
                )
                % {"cell": f"{column_letter(index)}{line}"}
            )
        if column is None:
            if text:
                raise FileRefused(
                    _("Cell %(cell)s has a value but its column has no header.") % {"cell": f"{column_letter(index)}{line}"}
                )
            continue
        row[column.key] = text
    if not any(row.values()):
        return
    if len(parsed.rows) >= MAX_ROWS:
        raise FileRefused(
            _("The file has more than %(max)s clients. Import at most %(max)s rows at a time: split the file.")
            % {"max": f"{MAX_ROWS:,}"}
        )
    parsed.rows.append((line, row))
