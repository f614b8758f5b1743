"""Issue #10 item 6, on a phone: a ★ principle answered 「実施している」 in the latest self-check is
counted as confirmed on the checklist, the readiness page and the dashboard — never shown both as
「自社診断で実施していると回答済み」 and 「未確認」.
"""

import pytest
from django.urls import reverse

from tests.assessments import helpers
from tests.factories import CompanyFactory, UserFactory, member

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"  # UserFactory's


def login(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def inside_viewport(page, locator):
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_checklist_item_answered_yes_counts_as_confirmed_on_phone(phone):
    owner = UserFactory(email="secaction-fix@example.test")
    company = CompanyFactory(name="五か条確認株式会社")
    member(company, owner)
    helpers.load_pack()
    answers = helpers.all_answers("no") | {"SC01": "yes", "SC02": "yes"}  # principles 1 and 2
    helpers.complete_with(company, answers, user=owner)

    login(phone, owner.email)
    phone.goto(reverse("secaction:checklist", args=[company.pk]))
    for item_id in ("SA1-1", "SA1-2"):
        section = phone.locator(f"#item-{item_id}")
        section.get_by_text("自社診断で実施していると回答済み").wait_for()
        assert section.get_by_text("未確認").count() == 0
        assert section.get_by_text("実施済み", exact=True).count() == 1
        assert section.get_by_role("button").count() == 0
    for item_id in ("SA1-3", "SA1-4", "SA1-5"):
        section = phone.locator(f"#item-{item_id}")
        assert section.get_by_text("未確認").count() == 1
        assert section.get_by_role("button", name="実施済みにする").count() == 1
    status = phone.locator("#checklist-items [role=status]")
    assert "5か条のうち2項目を確認済みです。" in status.inner_text().replace(" ", "")
    assert inside_viewport(phone, status) is True

    # Ticking one more by hand adds to the self-check's two.
    phone.locator("#item-SA1-3").get_by_role("button", name="実施済みにする").click()
    phone.locator("#item-SA1-3").get_by_role("button", name="実施済みを取り消す").wait_for()
    assert "5か条のうち3項目を確認済みです。" in phone.locator("#checklist-items [role=status]").inner_text().replace(" ", "")

    phone.goto(reverse("secaction:readiness", args=[company.pk]))
    assert "5か条のうち3項目を確認済みです。" in phone.locator("main").inner_text().replace(" ", "")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth") is True
