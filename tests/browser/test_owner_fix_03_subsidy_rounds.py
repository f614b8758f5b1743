"""Issue #10 item 3 on a phone: the finder lists open and upcoming rounds first, labels closed
rounds 「受付終了」, and compares each round with the planned order date, within the viewport."""

import datetime

import pytest
from django.utils import timezone

from dxnavi.orgs.models import Company
from dxnavi.subsidies import loader
from dxnavi.subsidies.models import JGrantsCandidate

from .test_onboarding import register_company, signup
from .test_subsidies import fill_row, no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True)

COMPANY = "受付期間確認工業株式会社"
WIDTH = 390


def _accepted(jgrants_id, title, program_id, opens, deadline):
    parsed = {
        "id": jgrants_id,
        "name": f"S-{jgrants_id[-4:]}",
        "title": title,
        "acceptance_start": opens.isoformat(),
        "acceptance_end": deadline.isoformat(),
        "url": f"https://www.jgrants-portal.go.jp/subsidy/{jgrants_id}",
    }
    JGrantsCandidate.objects.create(
        jgrants_id=jgrants_id,
        name=parsed["name"],
        title=title,
        parsed=parsed,
        accepted=parsed,
        status="accepted",
        program_id=program_id,
    )


def _inside_viewport(locator):
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH


def test_owner_fix_03_rounds_open_first_closed_labelled_dates_compared(phone):
    loader.load()
    today = timezone.localdate()
    # Rounds an operator accepted from jGrants: one open now, one opening later (dates relative to today).
    day = datetime.timedelta(days=1)
    _accepted("BROWSEROPEN0000001", "デジタル化・AI導入補助金（受付中の回）", "it", today - 10 * day, today + 20 * day)
    _accepted(
        "BROWSERNEXT0000002",
        "中小企業省力化投資補助金（次の回）",
        "shoryokuka",
        today + datetime.timedelta(days=60),
        today + datetime.timedelta(days=100),
    )
    signup(phone, email="rounds@example.test")
    register_company(phone, name=COMPANY)
    company = Company.objects.get(name=COMPANY)

    phone.goto(f"/c/{company.pk}/subsidies/new/")
    fill_row(phone, 1, "software", "1,000,000", description="会計ソフト")
    planned = today + datetime.timedelta(days=5)
    phone.locator("input[name=planned_order_date]").fill(planned.isoformat())
    phone.get_by_role("button", name="試算して保存").click()
    assert "試算を保存しました。" in phone.locator("main").inner_text()

    rounds = phone.locator("#rounds")
    rounds.scroll_into_view_if_needed()
    # Programs with an open or upcoming round come first; within them open before upcoming.
    cards = rounds.locator(".round-program")
    assert [cards.nth(i).get_attribute("id") for i in range(2)] == ["rounds-it", "rounds-shoryokuka"]
    badges = rounds.locator(".round .badge").all_inner_texts()
    assert badges == ["受付中", "受付予定"]

    # The planned order date is compared with each round, in plain words, inside the phone's width.
    first = cards.nth(0).locator(".round-timing")
    first.scroll_into_view_if_needed()
    planned_text = f"{planned.year}年{planned.month}月{planned.day}日"
    assert planned_text in first.inner_text()
    assert "交付決定より前" in first.inner_text()
    assert "補助の対象外" in first.inner_text()
    assert _inside_viewport(first) is True
    assert first.is_visible() is True

    # Closed rounds are folded away and labelled 受付終了.
    closed = cards.nth(0).locator("details.rounds-closed")
    assert "受付終了" in closed.locator("summary").inner_text()
    closed.locator("summary").click()
    closed_items = closed.locator("li").all_inner_texts()
    assert len(closed_items) == 4
    assert all(item.startswith("受付終了") for item in closed_items)

    # A program without any confirmed current round says so instead of a guessed date.
    mono = rounds.locator("#rounds-monozukuri")
    assert "公式の資料で確認できていません" in mono.inner_text()
    assert _inside_viewport(mono) is True
    assert no_horizontal_scroll(phone) is True
