"""``reports.spreadsheets``' drop-down lists, as the import template uses them."""

import io

import pytest
from openpyxl import load_workbook

from dxnavi.reports import spreadsheets


def test_list_validation_written_as_a_range_of_another_sheet():
    workbook = spreadsheets.XlsxWorkbook("一覧")
    lists = workbook.add_sheet("選択肢")
    lists.append(["はい"])
    lists.append(["いいえ"])
    workbook.sheet.list_validation("B2:B9", lists.cells(1, 1, 2, sheet_name=True), title="個人事業主", error="選んでください")
    sheet = load_workbook(io.BytesIO(workbook.to_bytes())).worksheets[0]
    validation = sheet.data_validations.dataValidation[0]
    assert (validation.type, str(validation.sqref), validation.formula1, validation.error, validation.showErrorMessage) == (
        "list", "B2:B9", "'選択肢'!$A$1:$A$2", "選んでください", True,
    )


def test_list_validation_sheet_name_with_quote_escaped():
    workbook = spreadsheets.XlsxWorkbook("一覧")
    lists = workbook.add_sheet("O'Brien")
    assert lists.cells(2, 3, 5, sheet_name=True) == "'O''Brien'!$B$3:$B$5"
    assert workbook.sheet.cells(2, 3, 5) == "B3:B5"


@pytest.mark.parametrize("source", ['"はい,いいえ"', "=HYPERLINK(\"http://x\")", "A1:A3", "'x'!A1:A3"])
def test_list_validation_refuses_anything_but_a_sheet_range(source):
    workbook = spreadsheets.XlsxWorkbook("一覧")
    with pytest.raises(ValueError):
        workbook.sheet.list_validation("B2:B9", source)
