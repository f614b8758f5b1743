"""On a phone: a finished self-check with weak answers fills the action list (with its advice);
the owner marks one done and sets 担当者 and 期限 inline (htmx), gives another a 担当者, then finishes
a new self-check in the browser — the edits are kept, the fixed item is resolved, a new weak item
appears. No inline script or style on the page (the CSP forbids them)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from dxnavi.actions.models import Action
from dxnavi.assessments import services
from tests.assessments.helpers import all_answers, complete_with, load_pack, member_access
from tests.factories import CompanyFactory, UserFactory, member

from .test_security_selfcheck import log_in, no_horizontal_scroll, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL, PASSWORD = "actions@example.test", "correct-horse-battery"


def card(page, action):
    return page.locator(f"#action-{action.pk}")


def test_action_list_edits_survive_a_new_selfcheck(phone):
    pack = load_pack()
    spec = pack.spec
    owner = UserFactory(email=EMAIL)
    company = CompanyFactory(name="対策リスト試験株式会社")
    member(company, user=owner, role="owner")
    # The first self-check: 1 and 7 not done, 5 unknown (regenerated after its commit).
    first = complete_with(company, {**all_answers("yes"), "SC01": "no", "SC05": "unknown", "SC07": "no"}, user=owner)
    sc01 = Action.objects.get(company=company, key="security:SC01")
    sc07 = Action.objects.get(company=company, key="security:SC07")

    log_in(phone, EMAIL, PASSWORD)
    expect(phone).to_have_url(re.compile(rf"/c/{company.pk}/$"))
    expect(phone.locator("#actions-card")).to_contain_text("未完了")

    # From the weak answer on the result page to its action.
    phone.goto(f"/c/{company.pk}/assessments/{first.pk}/result/")
    phone.locator(".weakest li").filter(has_text=spec.question("SC01")["text"]["ja"]).get_by_role(
        "link", name="対策リストで開く"
    ).click()
    expect(phone).to_have_url(re.compile(rf"/c/{company.pk}/actions/{sc01.pk}/$"))
    one = card(phone, sc01)
    expect(one.get_by_role("heading")).to_contain_text(spec.question("SC01")["text"]["ja"])
    one.get_by_text("やること").click()
    expect(one).to_contain_text(spec.question("SC01")["advice"]["ja"])

    # The whole list, phone-first cards.
    phone.get_by_role("link", name="対策リスト", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("対策リスト")
    expect(card(phone, Action.objects.get(key="security:SC05"))).to_contain_text("「わからない」と答えた項目です。")
    one = card(phone, sc01)
    assert no_horizontal_scroll(phone) is True
    assert phone.locator("script:not([src])").count() == 0
    assert phone.locator("[style]").count() == 0

    # Inline edit: 担当者, 期限 and 完了 on item 1.
    with phone.expect_response(lambda r: r.url.endswith(f"/actions/{sc01.pk}/edit/") and r.request.method == "GET"):
        one.get_by_role("link", name="編集").click()
    one.get_by_label("担当者").fill("山田 太郎")
    one.get_by_label("期限").fill("2026-12-24")
    one.get_by_label("状態").select_option(label="完了")
    with phone.expect_response(lambda r: r.url.endswith(f"/actions/{sc01.pk}/edit/") and r.request.method == "POST") as saved:
        one.get_by_role("button", name="保存").click()
    assert saved.value.status == 200
    one = card(phone, sc01)
    expect(one.get_by_role("status")).to_have_text("保存しました。")
    expect(one.locator(".action-meta .badge").first).to_have_text("完了")
    expect(one).to_contain_text("山田 太郎")
    # Item 7: only a person in charge.
    seven = card(phone, sc07)
    with phone.expect_response(lambda r: r.url.endswith(f"/actions/{sc07.pk}/edit/") and r.request.method == "GET"):
        seven.get_by_role("link", name="編集").click()
    seven.get_by_label("担当者").fill("佐藤 花子")
    with phone.expect_response(lambda r: r.url.endswith(f"/actions/{sc07.pk}/edit/") and r.request.method == "POST"):
        seven.get_by_role("button", name="保存").click()
    expect(card(phone, sc07)).to_contain_text("佐藤 花子")
    screenshot(phone, "action_list.png")

    # A new self-check: 1 still "not done", 7 now done, 10 newly "not done"; finished in the browser.
    draft = services.start_or_resume(company, "security_selfcheck", owner, member_access(company))
    services.save_answers(draft, {**all_answers("yes"), "SC01": "no", "SC10": "no"}, owner, member_access(company))
    phone.goto(f"/c/{company.pk}/assessments/{draft.pk}/part/{spec.part_ids[-1]}/")
    phone.get_by_role("button", name="保存して結果を見る").click()
    expect(phone).to_have_url(re.compile(rf"/assessments/{draft.pk}/result/$"))

    phone.goto(f"/c/{company.pk}/actions/?status=all")
    one = card(phone, sc01)
    expect(one.locator(".action-meta .badge").first).to_have_text("完了")
    expect(one).to_contain_text("山田 太郎")
    expect(one.locator("time")).to_have_attribute("datetime", "2026-12-24")
    seven = card(phone, sc07)
    expect(seven).to_contain_text("佐藤 花子")
    expect(seven).to_contain_text("原因は解消済み")
    ten = Action.objects.get(company=company, key="security:SC10")
    expect(card(phone, ten)).to_contain_text(spec.question("SC10")["text"]["ja"])
    sc01.refresh_from_db()
    assert (sc01.status, sc01.owner, sc01.due) == ("done", "山田 太郎", datetime.date(2026, 12, 24))
    assert (Action.objects.get(pk=sc07.pk).status, ten.status) == ("done", "todo")

    # The open filter no longer shows the done items.
    phone.goto(f"/c/{company.pk}/actions/")
    expect(card(phone, ten)).to_be_visible()
    expect(card(phone, sc01)).to_have_count(0)
