"""The organization's records over a period: list, 年度/custom filter, Excel export in the 商工会 report shape."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dxnavi.orgs.models import AuditEvent
from dxnavi.support.domain import periods
from tests.factories import CompanyFactory, link
from tests.support.helpers import record


@pytest.fixture
def records(world):
    org, adviser = world["linked_org"], world["linked_adviser"]
    other = CompanyFactory(name="別会社株式会社", corporate_number="", industry_major="I", industry_middle="")
    link(other, org)
    made = [
        record(world["company"], org, adviser, date=datetime.date(2026, 3, 31), topic="前年度の最後", minutes=30),
        record(world["company"], org, adviser, date=datetime.date(2026, 4, 1), kind="desk", topic="年度の最初", minutes=90,
               notes='=HYPERLINK("http://evil.example","click")', next_action="見積確認", next_due=datetime.date(2026, 5, 1)),
        record(other, org, adviser, date=datetime.date(2026, 4, 15), kind="visit", topic="巡回", minutes=60),
        record(world["company"], org, adviser, date=datetime.date(2027, 3, 31), kind="expert", topic="年度の最後", minutes=120),
        record(world["company"], org, adviser, date=datetime.date(2027, 4, 1), topic="翌年度", minutes=15),
    ]
    return made


def _xlsx(client, world, query):
    response = client.get(reverse("support:org_export", args=[world["linked_org"].pk]) + query)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _values(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _trimmed(sheet):
    """Rows without their trailing empty cells (a sheet is as wide as its widest row)."""
    rows = []
    for row in _values(sheet):
        while row and row[-1] is None:
            row.pop()
        rows.append(row)
    return rows


def test_periods_fiscal_year_runs_april_to_march():
    assert periods.fiscal_year(2026) == periods.Period(datetime.date(2026, 4, 1), datetime.date(2027, 3, 31), 2026)
    assert periods.fiscal_year_of(datetime.date(2027, 3, 31)) == 2026
    assert periods.fiscal_year_of(datetime.date(2027, 4, 1)) == 2027
    assert len(periods.fiscal_year(2026).months()) == 12


def test_periods_custom_end_before_start_is_refused():
    with pytest.raises(periods.PeriodError) as error:
        periods.custom(datetime.date(2026, 5, 1), datetime.date(2026, 4, 1))
    assert (error.value.field, error.value.code) == ("end", "before_start")


def test_export_fiscal_year_records_sheet_cells(client, world, records):
    client.force_login(world["linked_adviser"])
    book = _xlsx(client, world, "?fy=2026")
    assert book.sheetnames == ["支援記録", "集計"]
    rows = _values(book["支援記録"])
    adviser = world["linked_adviser"].name
    company = world["company"]
    assert rows == [
        ["日付", "事業所名", "法人番号", "業種", "相談種別", "相談内容（テーマ）", "対応者", "所要時間（分）", "記録内容", "次の対応",
         "次の対応の期限", "次の対応の担当者"],
        [datetime.datetime(2026, 4, 1), company.name, "7000012050002", "E 製造業", "窓口相談", "年度の最初", adviser, 90,
         '=HYPERLINK("http://evil.example","click")', "見積確認", datetime.datetime(2026, 5, 1), adviser],
        [datetime.datetime(2026, 4, 15), "別会社株式会社", None, "I 卸売業、小売業", "巡回訪問", "巡回", adviser, 60, None, None, None,
         adviser],
        [datetime.datetime(2027, 3, 31), company.name, "7000012050002", "E 製造業", "専門家派遣", "年度の最後", adviser, 120, None,
         None, None, adviser],
    ]


def test_export_formula_in_note_stays_text(client, world, records):
    client.force_login(world["linked_adviser"])
    cell = _xlsx(client, world, "?fy=2026")["支援記録"]["I2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("http://evil.example","click")', "s", True)


def test_export_summary_sheet_counts_and_hours(client, world, records):
    client.force_login(world["linked_adviser"])
    rows = _trimmed(_xlsx(client, world, "?fy=2026")["集計"])
    assert rows[:6] == [
        ["連携商工会"], ["期間", "2026年度（2026-04-01〜2027-03-31）"], ["支援した事業所数", 2], ["件数", 3], ["時間", 4.5], [],
    ]
    assert rows[6:13] == [
        ["相談種別", "件数", "時間"], ["窓口相談", 1, 1.5], ["巡回訪問", 1, 1], ["専門家派遣", 1, 2], ["セミナー・講習会", 0, 0],
        ["その他", 0, 0], ["合計", 3, 4.5],
    ]
    months = rows[14:]
    assert months[0] == ["月", "件数", "時間"]
    assert months[1:] == [
        ["2026-04", 2, 2.5], ["2026-05", 0, 0], ["2026-06", 0, 0], ["2026-07", 0, 0], ["2026-08", 0, 0], ["2026-09", 0, 0],
        ["2026-10", 0, 0], ["2026-11", 0, 0], ["2026-12", 0, 0], ["2027-01", 0, 0], ["2027-02", 0, 0], ["2027-03", 1, 2],
    ]


def test_export_custom_dates_include_both_ends(client, world, records):
    client.force_login(world["linked_adviser"])
    rows = _values(_xlsx(client, world, "?start=2026-03-31&end=2026-04-01")["支援記録"])
    assert [row[5] for row in rows[1:]] == ["前年度の最後", "年度の最初"]


def test_export_is_in_each_company_access_log(client, world, records):
    client.force_login(world["linked_adviser"])
    _xlsx(client, world, "?fy=2026")
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, organization=world["linked_org"])
    assert sorted(e.company.name for e in exports) == sorted([world["company"].name, "別会社株式会社"])


def test_org_list_filters_by_fiscal_year_and_custom_dates(client, world, records):
    client.force_login(world["linked_adviser"])
    url = reverse("support:org_records", args=[world["linked_org"].pk])
    page = client.get(url + "?fy=2027").content.decode()
    assert "翌年度" in page and "年度の最初" not in page
    page = client.get(url + "?start=2026-03-01&end=2026-03-31").content.decode()
    assert "前年度の最後" in page and "年度の最初" not in page


def test_org_list_wrong_dates_named_in_japanese(client, world, records):
    client.force_login(world["linked_adviser"])
    url = reverse("support:org_records", args=[world["linked_org"].pk])
    page = client.get(url + "?start=2026-05-01&end=2026-04-01").content.decode()
    assert "終了日：開始日と同じか、それより後の日付を入力してください。" in page
    page = client.get(url + "?start=2026-05-01").content.decode()
    assert "終了日：開始日と終了日の両方を入力するか、年度を選んでください。" in page
    page = client.get(url + "?fy=abc").content.decode()
    assert "年度：2026 のように西暦で入力してください。" in page


def test_org_list_other_organization_sees_nothing(client, world, records):
    client.force_login(world["unlinked_adviser"])
    assert client.get(reverse("support:org_records", args=[world["linked_org"].pk])).status_code == 404
    assert client.get(reverse("support:org_export", args=[world["linked_org"].pk])).status_code == 404


def test_org_list_queries_do_not_grow(client, world, django_assert_max_num_queries):
    org, adviser = world["linked_org"], world["linked_adviser"]
    for i in range(30):
        record(world["company"], org, adviser, date=datetime.date(2026, 4 + i % 9, 1), topic=f"相談{i}")
    client.force_login(adviser)
    url = reverse("support:org_records", args=[org.pk]) + "?fy=2026"
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("support:org_export", args=[org.pk]) + "?fy=2026").status_code == 200
