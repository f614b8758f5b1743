"""The template to fill in: an XLSX with the Japanese headers, one example row and drop-down lists for
都道府県 and 業種（大分類）, and the same columns as CSV. Written by ``reports.spreadsheets``."""

from django.utils.translation import gettext as _

from dxnavi.reports import spreadsheets

from .columns import COLUMNS, SAMPLE_MARK, industry_labels, prefecture_labels
from .reading import MAX_ROWS

EXAMPLE = {
    "name": f"{SAMPLE_MARK}株式会社サンプル精工",
    "corporate_number": "7000012050002",
    "is_sole_proprietor": "いいえ",
    "industry_major": "E 製造業",
    "industry_middle": "26",
    "prefecture": "東京都",
    "employees": 18,
    "capital_yen": 10_000_000,
    "representative": "山田 太郎",
    "owner_email": "owner@example.com",
}
WIDTHS = {"name": 30, "corporate_number": 16, "owner_email": 34, "industry_major": 26, "representative": 16}


def header() -> list[str]:
    return [column.header for column in COLUMNS]


def example_row() -> list:
    return [EXAMPLE[column.key] for column in COLUMNS]


def xlsx() -> spreadsheets.XlsxWorkbook:
    workbook = spreadsheets.XlsxWorkbook("顧客一覧")
    sheet = workbook.sheet
    sheet.append(header(), bold=True)
    sheet.append(example_row())
    sheet.column_widths([WIDTHS.get(column.key, 14) for column in COLUMNS])
    sheet.freeze("A2")
    lists = workbook.add_sheet("選択肢")
    lists.append(["都道府県", "業種（大分類）", "個人事業主"], bold=True)
    prefectures, industries = prefecture_labels(), industry_labels()
    for index in range(max(len(prefectures), len(industries))):
        lists.append([
            prefectures[index] if index < len(prefectures) else None,
            industries[index] if index < len(industries) else None,
            ["はい", "いいえ"][index] if index < 2 else None,
        ])
    lists.column_widths([12, 40, 12])
    last = MAX_ROWS + 1
    position = {column.key: number for number, column in enumerate(COLUMNS, start=1)}
    sheet.list_validation(
        sheet.cells(position["prefecture"], 2, last), lists.cells(1, 2, 1 + len(prefectures), sheet_name=True),
        title="都道府県", error=_("Choose a prefecture from the list."),
    )
    sheet.list_validation(
        sheet.cells(position["industry_major"], 2, last), lists.cells(2, 2, 1 + len(industries), sheet_name=True),
        title="業種（大分類）", error=_("Choose an industry (大分類) from the list."),
    )
    sheet.list_validation(
        sheet.cells(position["is_sole_proprietor"], 2, last), lists.cells(3, 2, 3, sheet_name=True),
        title="個人事業主", error=_("Choose はい or いいえ."),
    )
    return workbook


def csv_rows() -> list[list]:
    return [header(), example_row()]
