"""Issue #10 item 7 on a phone: 業種 select boxes follow the chosen parent (htmx, and server-side
without JavaScript), the duplicate 法人番号 warning, and no literal "None" option label."""

import pytest
from playwright.sync_api import expect

from dxnavi.content import reference
from dxnavi.orgs.models import Company
from dxnavi.subsidies import loader
from tests.factories import CompanyFactory

from .conftest import PHONE
from .test_onboarding import htmx_idle, register_company, signup

pytestmark = pytest.mark.django_db(transaction=True)

OTHER_NUMBER = "2000012010019"


def option_values(page, name):
    return page.locator(f"select[name={name}] option").evaluate_all("options => options.map(o => o.value)")


def inside_viewport(page, selector):
    box = page.locator(selector).bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_company_form_industry_lists_follow_chosen_parent(phone):
    signup(phone, email="gyoshu@example.test")
    phone.goto("/companies/new/")
    assert len(option_values(phone, "industry_middle")) == 1 + 99  # no 大分類 yet: all, grouped
    assert option_values(phone, "industry_minor") == [""]  # not the 43 special 小分類

    phone.locator("select[name=industry_major]").select_option("G")
    expect(phone.locator("select[name=industry_middle] optgroup")).to_have_count(0)
    htmx_idle(phone)
    assert option_values(phone, "industry_middle") == ["", *[code for code, _ in reference.jsic_middle_choices("G")]]
    phone.locator("select[name=industry_middle]").select_option("39")
    expect(phone.locator("select[name=industry_minor] option")).to_have_count(8)
    assert option_values(phone, "industry_minor") == ["", "390", "391", "392", "3921", "3922", "3923", "3929"]
    assert inside_viewport(phone, "select[name=industry_minor]") is True

    # Another 大分類 resets both lists.
    phone.locator("select[name=industry_major]").select_option("B")
    expect(phone.locator("select[name=industry_middle] option")).to_have_count(3)
    assert option_values(phone, "industry_middle") == ["", "03", "04"]
    assert option_values(phone, "industry_minor") == [""]
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth") is True


def test_company_form_without_javascript_rejects_middle_outside_major(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        signup(page, email="nojs@example.test")
        page.goto("/companies/new/")
        page.locator("input[name=name]").fill("スクリプトなし株式会社")
        page.locator("input[name=corporate_number]").fill("7000012050002")
        page.locator("select[name=industry_major]").select_option("A")
        page.locator("select[name=industry_middle]").select_option("19")  # all 99 offered without JavaScript
        page.locator("select[name=prefecture]").select_option("15")
        page.locator("input[name=employees]").fill("12")
        page.locator("input[name=capital_yen]").fill("10000000")
        page.get_by_role("button", name="保存").click()
        error = page.locator("#id_industry_middle_error")
        assert error.inner_text() == "この中分類は、選択した大分類に含まれていません。"
        assert inside_viewport(page, "#id_industry_middle_error") is True
        # After the round trip the list offers A's 中分類 (and keeps the refused choice visible).
        assert option_values(page, "industry_middle") == ["", "01", "02", "19"]
        assert Company.objects.count() == 0
    finally:
        context.close()


def test_company_form_duplicate_corporate_number_warns_then_registers_on_confirmation(phone):
    CompanyFactory(name="既存の秘密株式会社", corporate_number=OTHER_NUMBER)
    signup(phone, email="dup@example.test")
    phone.goto("/companies/new/")
    phone.locator("input[name=name]").fill("重複確認株式会社")
    phone.locator("input[name=corporate_number]").fill(OTHER_NUMBER)
    phone.locator("select[name=industry_major]").select_option("I")
    expect(phone.locator("select[name=industry_middle] optgroup")).to_have_count(0)
    phone.locator("select[name=prefecture]").select_option("13")
    phone.locator("input[name=employees]").fill("3")
    phone.locator("input[name=capital_yen]").fill("1000000")
    phone.get_by_role("button", name="保存").click()
    warning = phone.locator("#duplicate-warning")
    text = warning.inner_text()
    assert "この法人番号はすでに別の会社として登録されています。" in text
    assert "招待を受けてください" in text
    assert "既存の秘密株式会社" not in phone.content()
    assert inside_viewport(phone, "#duplicate-warning") is True
    assert Company.objects.count() == 1
    warning.get_by_label("自社であり、このまま登録する").check()
    phone.get_by_role("button", name="保存").click()
    phone.wait_for_url("**/c/*/")
    assert Company.objects.filter(name="重複確認株式会社").count() == 1


def test_subsidy_form_invoice_functions_labels_have_no_literal_none(phone):
    loader.load()
    signup(phone, email="invoice@example.test")
    register_company(phone, name="インボイス確認株式会社")
    company = Company.objects.get(name="インボイス確認株式会社")
    phone.goto(f"/c/{company.pk}/subsidies/new/")
    labels = phone.locator("select[name=invoice_functions] option").all_inner_texts()
    assert labels[0] == "0（なし）"
    assert "None" not in labels
    assert inside_viewport(phone, "select[name=invoice_functions]") is True
