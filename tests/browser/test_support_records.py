"""On a phone: the linked adviser records a visit with a next action, the company owner sees it
(read-only, the organization named). axe-core: no serious or critical violation on the support pages."""

import re

import pytest
from playwright.sync_api import expect

from dxnavi.support.models import SupportRecord
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member

from .axe import record, run_axe
from .test_security_selfcheck import log_in, no_horizontal_scroll, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"


def _axe(page, label, role):
    result = run_axe(page)
    record(label, role, "ja", result)
    assert result.count("critical") + result.count("serious") == 0, result.describe(("critical", "serious"))


def test_adviser_records_visit_owner_sees_it(browser, live_server):
    company = CompanyFactory(name="支援記録試験株式会社")
    owner = UserFactory(email="owner@support.test")
    member(company, user=owner, role="owner")
    org = AdviserOrganizationFactory(name="みどり町商工会")
    adviser = UserFactory(email="adviser@support.test", name="指導員 花子")
    link(company, org, adviser=adviser)

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, "adviser@support.test", PASSWORD)
    page.wait_for_load_state()
    page.goto(f"/c/{company.pk}/")
    page.get_by_role("link", name="支援記録", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("支援記録")
    page.get_by_role("link", name="支援記録を追加").click()
    expect(page).to_have_url(re.compile(rf"/c/{company.pk}/support/new/$"))
    expect(page.locator(".msg-warning")).to_contain_text("会社の方も見られます")
    _axe(page, "support:record_new", "adviser")
    page.get_by_label("相談種別").select_option(label="巡回訪問")
    page.get_by_label("相談内容（テーマ）").fill("受発注のデジタル化")
    page.get_by_label("記録内容").fill("FAXの受注をクラウドに移す案を説明した。")
    page.get_by_label("所要時間（分）").fill("90")
    page.locator("#id_next_action").fill("見積を2社から取る")
    page.get_by_label("次の対応の期限").fill("2026-12-20")
    assert no_horizontal_scroll(page) is True
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(rf"/c/{company.pk}/support/$"))
    expect(page.locator(".support-record")).to_contain_text("受発注のデジタル化")
    saved = SupportRecord.objects.get()
    assert (saved.kind, saved.minutes, saved.responsible, saved.organization) == ("visit", 90, adviser, org)
    _axe(page, "support:records", "adviser")
    page.goto(f"/adviser/o/{org.pk}/support/")
    expect(page.locator(".support-record")).to_contain_text("支援記録試験株式会社")
    assert no_horizontal_scroll(page) is True
    _axe(page, "support:org_records", "adviser")
    page.get_by_role("link", name=re.compile("次の対応のお知らせメール")).click()
    _axe(page, "support:org_reminders", "adviser")
    context.close()

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, "owner@support.test", PASSWORD)
    expect(page).to_have_url(re.compile(rf"/c/{company.pk}/$"))
    page.get_by_role("link", name="支援者の支援記録").click()
    item = page.locator(".support-record")
    expect(item).to_contain_text("受発注のデジタル化")
    expect(item).to_contain_text("みどり町商工会")
    expect(item).to_contain_text("巡回訪問")
    expect(item).to_contain_text("見積を2社から取る")
    expect(item).to_contain_text("2026-12-20")
    assert page.get_by_role("link", name="支援記録を追加").count() == 0
    assert page.get_by_role("link", name=re.compile("^編集")).count() == 0
    assert no_horizontal_scroll(page) is True
    screenshot(page, "support-records-owner.png")
    _axe(page, "support:records", "owner")
    page.goto(f"/c/{company.pk}/recheck-interval/")
    _axe(page, "support:recheck_interval", "owner")
    context.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_support_pages_axe_in_both_languages(browser, live_server, world, lang):
    from django.urls import reverse

    from tests.browser.test_owner_fixes_accessibility import open_context
    from tests.support.helpers import record as make_record

    make_record(world["company"], world["linked_org"], world["linked_adviser"], notes="メモ", next_action="見積を確認")
    company_id, org_id = world["company"].pk, world["linked_org"].pk
    pages = {
        "owner": [reverse("support:records", args=[company_id]), reverse("support:recheck_interval", args=[company_id])],
        "linked_adviser": [
            reverse("support:records", args=[company_id]), reverse("support:record_new", args=[company_id]),
            reverse("support:org_records", args=[org_id]), reverse("support:org_records", args=[org_id]) + "?start=2026-05-01",
            reverse("support:org_reminders", args=[org_id]),
        ],
    }
    for persona, urls in pages.items():
        context = open_context(browser, live_server, world[persona], lang)
        page = context.new_page()
        try:
            for url in urls:
                assert page.goto(url).status == 200
                assert page.locator("html").get_attribute("lang") == lang
                assert no_horizontal_scroll(page) is True
                result = run_axe(page)
                record(url, persona, lang, result)
                assert result.count("critical") + result.count("serious") == 0, result.describe(("critical", "serious"))
        finally:
            context.close()
