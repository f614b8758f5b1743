"""A new owner on a phone: plan an investment, see the eligible frames itemized, open the checklist, get the PDF."""

import io
import re

import pytest

from dxnavi.orgs.models import Company
from dxnavi.subsidies import loader

from .test_onboarding import register_company, signup

pytestmark = pytest.mark.django_db(transaction=True)

COMPANY = "補助金試算工業株式会社"


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def fill_row(page, n, kind, amount, description="", months=None):
    row = page.locator(f"#row-{n}")
    row.locator("select").select_option(kind)
    if description:
        row.get_by_label("内容").fill(description)
    row.get_by_label("金額（円。月額の費用は1か月分）").fill(amount)
    if months:
        row.get_by_label("利用月数").fill(months)


def test_subsidy_finder_new_user_estimate_checklist_and_pdf(phone):
    loader.load()
    signup(phone, email="hojo@example.test")
    register_company(phone, name=COMPANY)
    company = Company.objects.get(name=COMPANY)

    # The dashboard card's empty state leads to the form.
    phone.locator("#subsidies-card").get_by_role("link", name="試算を始める").click()
    phone.wait_for_url(re.compile(rf"/c/{company.pk}/subsidies/new/$"))
    fill_row(phone, 1, "software", "1,000,000", description="インボイス対応の会計ソフト")
    fill_row(phone, 2, "pc", "150000", description="経理用ノートPC")
    # A fourth row without JavaScript-only tricks: the plain "add a row" submit keeps what was typed.
    phone.get_by_role("button", name="行を追加").click()
    assert phone.locator(".item-row").count() == 4
    assert phone.locator("#row-1").get_by_label("金額（円。月額の費用は1か月分）").input_value() == "1,000,000"
    fill_row(phone, 3, "cloud", "10000", description="クラウド会計", months="12")
    assert no_horizontal_scroll(phone) is True

    phone.get_by_label("補助金の年度").select_option(label="2024年度（2024-10時点の情報）")
    phone.locator("select[name=security_action]").select_option("1")
    phone.get_by_label("GビズIDプライムを取得している").check()
    phone.locator("select[name=invoice_functions]").select_option("2")
    phone.get_by_role("button", name="試算して保存").click()

    # Result: eligible frames with their itemized computation (12 employees in manufacturing: 小規模).
    assert "/subsidies/" in phone.url and "試算を保存しました。" in phone.locator("main").inner_text()
    invoice = phone.locator("#frame-it_invoice")
    text = invoice.inner_text()
    assert "対象" in text
    assert "ソフトウェア購入費" in text and "PC・タブレット・プリンター・スキャナー" in text
    assert "補助額500,000円までの部分: 補助率4/5" in text
    assert "905,000円" in text  # 500,000 + 495,000 × 2/3 + PC 150,000 × 1/2
    assert "560,000円" in phone.locator("#frame-it_normal").inner_text()  # (1,000,000 + 120,000) × 1/2; the PC does not count
    assert "採択されるとは限りません" in phone.locator("main").inner_text()
    assert no_horizontal_scroll(phone) is True

    # The checklist of the chosen frame.
    invoice.get_by_role("link", name="この枠のチェックリスト").click()
    checklist = phone.locator("main").inner_text()
    for title in ("補助対象経費", "申請要件", "申請期間と導入のタイミング", "交付決定の前に発注・契約しない", "自己資金の準備"):
        assert title in checklist
    assert "事業完了前に必要な資金：1,270,000円" in checklist
    phone.get_by_role("link", name="試算に戻る").click()

    # The PDF of the estimate.
    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="PDFをダウンロード").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    pdf_text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert COMPANY in pdf_text
    assert "インボイス枠（インボイス対応類型）" in pdf_text
