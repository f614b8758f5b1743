"""An adviser, on a phone, imports clients from Excel: downloads the template, fills it in with one bad
row, uploads it and sees the row-level error (行・列・値・理由), fixes the file, uploads it again,
imports, and finds the new clients waiting for consent with their owners' invitation e-mails sent."""

import io

import pytest
from django.core import mail
from openpyxl import load_workbook

from dxnavi.orgs.models import AdviserMembership, Company, Invitation
from tests.factories import AdviserOrganizationFactory, UserFactory
from tests.onboarding.helpers import number

from .axe import record, run_axe
from .owner_fix_helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _filled(template: bytes, prefecture: str) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    sheet.append(["北浜精機株式会社", number(910001), "いいえ", "E 製造業", "", "大阪府", 25, 30_000_000, "北浜 一郎", "kitahama@client.test"])
    sheet.append(["みなと食堂", "", "はい", "M 宿泊業、飲食サービス業", "", prefecture, 4, None, "港 花子", "minato@client.test"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_adviser_imports_clients_from_excel_on_a_phone(phone, tmp_path):
    organization = AdviserOrganizationFactory(name="取込商工会")
    adviser = UserFactory(email="keiei@shokokai.test")
    AdviserMembership.objects.create(organization=organization, user=adviser, role="owner")
    page = phone
    log_in(page, adviser)
    page.goto(f"/adviser/o/{organization.pk}/")
    page.get_by_role("link", name="Excel・CSV で顧客を一括登録する").click()
    page.wait_for_url(f"**/adviser/o/{organization.pk}/import/")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="テンプレート（Excel）").click()
    template = open(download_info.value.path(), "rb").read()
    assert download_info.value.suggested_filename == "顧客一括登録.xlsx"
    header = [cell.value for cell in load_workbook(io.BytesIO(template)).worksheets[0][1]]
    assert header[:3] == ["会社名", "法人番号", "個人事業主"]

    bad = tmp_path / "clients.xlsx"
    bad.write_bytes(_filled(template, "東京府"))
    page.get_by_label("顧客一覧（Excel の .xlsx または CSV）").set_input_files(str(bad))
    page.get_by_role("button", name="アップロードして確認").click()
    page.wait_for_url("**/import/*/")
    errors = page.locator("table.import-errors tbody tr")
    assert errors.count() == 1
    assert errors.first.locator("td").all_inner_texts() == [
        "4", "都道府県", "東京府", "この都道府県はありません。「東京都」のように入力してください。",
    ]
    assert page.get_by_role("button", name="取り込む").is_disabled()
    assert _no_sideways_scroll(page) is True
    result = run_axe(page)
    record("onboarding:preview (errors)", "adviser", "ja", result)
    assert (result.count("critical"), result.count("serious")) == (0, 0), result.describe()

    page.get_by_role("link", name="別のファイルをアップロード").click()
    good = tmp_path / "clients-fixed.xlsx"
    good.write_bytes(_filled(template, "神奈川県"))
    page.get_by_label("顧客一覧（Excel の .xlsx または CSV）").set_input_files(str(good))
    page.get_by_role("button", name="アップロードして確認").click()
    page.wait_for_url("**/import/*/")
    assert page.locator("table.import-errors").count() == 0
    assert page.locator("tr.import-unchanged").first.inner_text().count("見本の行") == 1
    result = run_axe(page)
    record("onboarding:preview (ready)", "adviser", "ja", result)
    assert (result.count("critical"), result.count("serious")) == (0, 0), result.describe()
    page.get_by_role("button", name="取り込む（招待 2 件・連携の依頼 0 件）").click()
    page.get_by_role("heading", name="顧客一覧を取り込みました").wait_for()

    page.get_by_role("link", name="顧客一覧へ").click()
    page.wait_for_url(f"**/adviser/o/{organization.pk}/")
    waiting = page.locator("h2:has-text('同意待ち') + ul")
    assert sorted(waiting.locator("li").all_inner_texts())[0].startswith("みなと食堂")
    assert "北浜精機株式会社" in waiting.inner_text()
    assert sorted(Company.objects.values_list("name", "prefecture")) == [("みなと食堂", "14"), ("北浜精機株式会社", "27")]
    assert sorted(Invitation.objects.filter(organization=organization, claims_company=True).values_list("email", flat=True)) == [
        "kitahama@client.test", "minato@client.test",
    ]
    assert sorted(message.to[0] for message in mail.outbox) == ["kitahama@client.test", "minato@client.test"]
