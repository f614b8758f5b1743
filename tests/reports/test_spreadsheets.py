"""Spreadsheet exports: user text never becomes a formula (issue #8, formula injection)."""

import ast
import csv
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link

# Every way a cell text can start a formula in Excel or LibreOffice (full-width in Japanese locales).
FORMULA_STARTS = [
    '=HYPERLINK("http://evil.example/","請求書")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝HYPERLINK(\"http://evil.example/\")",
    "＋1+1",
    "－1+1",
    "＠SUM(1)",
    "  =1+1",
    "\u3000=1+1",
]

DXNAVI = Path(__file__).resolve().parents[2] / "dxnavi"
WRITER = DXNAVI / "reports" / "spreadsheets.py"


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORMULA_STARTS)
def test_client_export_company_name_formula_written_as_text(client, name):
    from dxnavi.orgs.models import AdviserMembership

    org = AdviserOrganizationFactory()
    adviser = UserFactory()
    AdviserMembership.objects.create(organization=org, user=adviser, role="editor")
    link(CompanyFactory(name=name, representative=name), org)
    client.force_login(adviser)
    response = client.get(reverse("orgs:adviser_clients_xlsx", args=[org.pk]))
    cell = load_workbook(BytesIO(response.content)).active["A2"]
    assert (cell.data_type, cell.value) == ("s", name)
    assert cell.quotePrefix is True


def _write_and_reload(values):
    from dxnavi.reports.spreadsheets import XlsxWorkbook

    workbook = XlsxWorkbook("テスト")
    workbook.sheet.append(values)
    return load_workbook(BytesIO(workbook.to_bytes())).active


@pytest.mark.parametrize("text", FORMULA_STARTS)
def test_xlsx_writer_formula_start_is_string_cell(text):
    cell = _write_and_reload([text])["A1"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", text, True)


def test_xlsx_writer_keeps_numbers_and_plain_text_typed():
    import datetime

    sheet = _write_and_reload([-5, 12, 1.5, "株式会社テスト", "A-1", datetime.date(2026, 12, 2), None])
    types = [(cell.data_type, cell.value) for cell in sheet[1][:5]]
    assert types == [("n", -5), ("n", 12), ("n", 1.5), ("s", "株式会社テスト"), ("s", "A-1")]
    assert sheet["C1"].quotePrefix is False
    assert sheet["E1"].quotePrefix is False
    assert sheet["F1"].value.date() == datetime.date(2026, 12, 2)
    assert sheet["F1"].number_format == "yyyy-mm-dd"


def test_xlsx_writer_drops_characters_xml_cannot_hold():
    assert _write_and_reload(["a\x00b\x1fc"])["A1"].value == "abc"


@pytest.mark.parametrize("text", FORMULA_STARTS)
def test_csv_writer_formula_start_prefixed_with_apostrophe(text):
    from dxnavi.reports.spreadsheets import csv_text

    rows = list(csv.reader(StringIO(csv_text([[text, -5, "plain"]]), newline="")))
    assert rows == [["'" + text, "-5", "plain"]]


def test_csv_response_has_bom_and_attachment_name():
    from dxnavi.reports.spreadsheets import csv_response

    response = csv_response([["企業", "=1+1"]], ascii_name="clients.csv", filename="商工会 顧客.csv")
    assert response.content.decode("utf-8") == "\ufeff企業,'=1+1\r\n"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"clients.csv\"; filename*=UTF-8''%E5%95%86%E5%B7%A5%E4%BC%9A%20%E9%A1%A7%E5%AE%A2.csv"
    )


def _direct_spreadsheet_writes(path: Path) -> list[str]:
    """openpyxl imports (except load_workbook, which only reads) and csv writers in one module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "openpyxl"]
        elif isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            if root == "openpyxl":
                found += [f"{node.module}.{a.name}" for a in node.names if a.name != "load_workbook"]
            elif root == "csv":
                found += [f"csv.{a.name}" for a in node.names if a.name in ("writer", "DictWriter")]
        elif isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter"):
            if isinstance(node.value, ast.Name) and node.value.id == "csv":
                found.append(f"csv.{node.attr}")
    return found


def test_spreadsheets_written_only_through_shared_writer():
    offenders = {
        str(path.relative_to(DXNAVI.parent)): names
        for path in sorted(DXNAVI.rglob("*.py"))
        if path != WRITER and (names := _direct_spreadsheet_writes(path))
    }
    assert offenders == {}  # write spreadsheets with dxnavi.reports.spreadsheets: it neutralises formulas


def test_spreadsheet_guard_detects_direct_openpyxl_workbook(tmp_path):
    module = tmp_path / "export.py"
    module.write_text("import csv\nfrom openpyxl import Workbook, load_workbook\nw = csv.writer(None)\n")
    assert _direct_spreadsheet_writes(module) == ["openpyxl.Workbook", "csv.writer"]
