"""Issue #10 item 8 on a phone: the advice list has one numbering, an adviser reads the company's name
instead of 「あなたの回答」, and the stage result speaks plain words with the method behind a disclosure."""

import re

import pytest
from django.urls import reverse

from tests.assessments.helpers import answers_for_total, complete_with
from tests.dxdiag.helpers import STAGE_PACK, complete, load_packs, stage_answers

from .owner_fix_helpers import company_world, inside_viewport, log_in

pytestmark = pytest.mark.django_db(transaction=True)

JARGON = ("チェックデジット", "パーセンタイル", "確率", "ベイズ")


def test_owner_fix_08_advice_list_numbered_once_and_owner_wording(phone):
    load_packs()
    world = company_world()
    company, owner = world["company"], world["owner"]
    done = complete_with(company, answers_for_total(40), user=owner)
    log_in(phone, owner)
    phone.goto(reverse("assessments:result", args=[company.pk, done.pk]))
    items = phone.locator("section[aria-labelledby='weakest-title'] li")
    items.first.wait_for()
    # No list marker in front of the question number: the list is not numbered by the browser.
    assert phone.locator("section[aria-labelledby='weakest-title'] ul.weakest").evaluate("e => getComputedStyle(e).listStyleType") == "none"
    first = items.first.locator("strong").inner_text()
    assert re.match(r"^\d+\. \S", first) is not None and re.match(r"^\d+\.\s*\d+\.", first) is None
    assert "自社の回答：" in items.first.inner_text() and "あなたの回答" not in phone.locator("main").inner_text()
    assert inside_viewport(phone, items.first.locator("strong")) is True


def test_owner_fix_08_adviser_reads_the_company_name(phone):
    load_packs()
    world = company_world()
    company, owner, adviser = world["company"], world["owner"], world["linked_adviser"]
    done = complete_with(company, answers_for_total(40), user=owner)
    log_in(phone, adviser)
    phone.goto(reverse("assessments:result", args=[company.pk, done.pk]))
    first = phone.locator("section[aria-labelledby='weakest-title'] li").first
    first.wait_for()
    assert "表示確認工業株式会社の回答：" in first.inner_text()
    assert "あなたの回答" not in phone.locator("main").inner_text()


def test_owner_fix_08_stage_result_plain_words_and_details_on_tap(phone):
    load_packs()
    world = company_world()
    company, owner = world["company"], world["owner"]
    done = complete(company, STAGE_PACK, stage_answers("stage3", yes=["paperless", "website", "web_meetings"]), user=owner)
    log_in(phone, owner)
    phone.goto(reverse("assessments:result", args=[company.pk, done.pk]))
    badge = phone.locator("#stage-estimate .badge")
    assert re.fullmatch(r"当てはまり度 約\d+%", badge.inner_text().strip()) is not None
    assert inside_viewport(phone, badge) is True
    visible = phone.locator("main").inner_text()  # closed <details> content is not rendered
    assert [word for word in JARGON if word in visible] == []
    details = phone.locator("details.method")
    details.locator("summary").click()
    assert details.get_attribute("open") == "" and "ベイズ" in details.inner_text()
