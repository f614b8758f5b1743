"""Client lists for the import tests: rows as the template has them, written as CSV or XLSX."""

import csv
import io

from openpyxl import Workbook

from dxnavi.onboarding.columns import COLUMNS
from dxnavi.orgs.domain.corporate_number import check_digit

HEADER = [column.header for column in COLUMNS]


def number(n: int) -> str:
    """A valid 法人番号 (check digit right) made from ``n``."""
    base = f"{n:012d}"
    return f"{check_digit(base)}{base}"


def row(n: int = 1, **changes) -> dict:
    values = {
        "会社名": f"取込工業{n}株式会社",
        "法人番号": number(700000 + n),
        "個人事業主": "いいえ",
        "業種（大分類）": "E 製造業",
        "業種（中分類）": "",
        "都道府県": "東京都",
        "常時使用する従業員数": "18",
        "資本金（円）": "10000000",
        "代表者": "山田 太郎",
        "招待する経営者のメールアドレス": f"owner{n}@client.test",
    }
    values.update(changes)
    return values


def rows(count: int, start: int = 1) -> list[dict]:
    return [row(n) for n in range(start, start + count)]


def csv_bytes(records, *, encoding="utf-8", header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for record in records:
        writer.writerow([record.get(name, "") for name in header])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(records, *, header=HEADER, raw=None) -> bytes:
    """``raw``: {cell: value} written as is (openpyxl makes a str starting with "=" a formula)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for record in records:
        sheet.append([record.get(name, "") or None for name in header])
    for cell, value in (raw or {}).items():
        sheet[cell] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
