"""Issue #10 item 4, on a phone: a new company on a new instance (no peers) sees its results next
to published national figures (全国の統計, with publisher and year) as a chart, a trend chart of its
own results on the history page, and a radar chart with a scale. Every chart fits the 390 px
viewport and has an accessible title.
"""

import os

import pytest
from django.urls import reverse

from dxnavi.assessments import services
from tests.assessments import helpers
from tests.dxdiag.helpers import MATURITY_PACK, STAGE_PACK, load_packs, maturity_answers, stage_answers
from tests.factories import CompanyFactory, UserFactory, member

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"  # UserFactory's
SHOTS = os.environ.get("DXNAVI_SCREENSHOTS")  # a directory: save screenshots there while developing


def shot(page, locator, name):
    if SHOTS:
        locator.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


def login(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def assert_inside_viewport(page, locator):
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None and box["width"] > 0
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def complete(company, pack_id, answers, owner):
    access = helpers.member_access(company)
    assessment = services.start_or_resume(company, pack_id, owner, access)
    services.save_answers(assessment, answers, owner, access)
    return services.complete(assessment, owner, access)


@pytest.fixture
def new_company():
    owner = UserFactory(email="peer-charts@example.test")
    company = CompanyFactory(name="全国統計比較株式会社")
    member(company, owner)
    helpers.load_pack()
    load_packs()
    return owner, company


def test_selfcheck_result_national_chart_and_history_trend_on_phone(phone, new_company):
    owner, company = new_company
    helpers.complete_with(company, helpers.answers_for_total(40), user=owner)
    latest = helpers.complete_with(company, helpers.all_answers("no") | {"SC01": "yes", "SC02": "partial"}, user=owner)
    login(phone, owner.email)

    phone.goto(reverse("assessments:result", args=[company.pk, latest.pk]))
    section = phone.locator("#national-stats")
    assert "全国の統計" in section.get_by_role("heading", level=2).inner_text()
    assert "独立行政法人情報処理推進機構（IPA）（2025年）" in section.inner_text()
    assert "同業の会社との比較ではありません" in section.inner_text()
    chart = section.get_by_role("img", name="全国の統計（独立行政法人情報処理推進機構（IPA）（2025年））", exact=False)
    assert chart.count() == 1
    assert_inside_viewport(phone, chart)
    assert section.locator(".national-row").count() == 4
    assert "73.0%" in chart.inner_html() and "自社：実施している" in chart.inner_html()
    source = section.locator(".national-sources li").first
    assert "出典：独立行政法人情報処理推進機構（IPA）「2024年度 中小企業における情報セキュリティ対策に関する実態調査 報告書」（2025年）" in source.inner_text()
    assert_inside_viewport(phone, source)
    shot(phone, section, "national_selfcheck")
    assert no_horizontal_scroll(phone) is True

    phone.goto(reverse("assessments:history", args=[company.pk, "security_selfcheck"]))
    trend = phone.get_by_role("img", name="診断ごとの合計点")
    assert trend.count() == 1
    assert_inside_viewport(phone, trend)
    shot(phone, phone.locator("#trend"), "trend")
    desc = phone.locator("#trend-chart-desc").text_content()
    assert desc.count(": ") == 2 and desc.split("; ")[0].endswith(": 40")
    assert no_horizontal_scroll(phone) is True


def test_dx_results_national_chart_and_radar_scale_on_phone(phone, new_company):
    owner, company = new_company
    stage = complete(company, STAGE_PACK, stage_answers("stage2", yes={"paperless", "website", "web_meetings"}), owner)
    maturity = complete(company, MATURITY_PACK, maturity_answers(), owner)
    login(phone, owner.email)

    phone.goto(reverse("assessments:result", args=[company.pk, stage.pk]))
    section = phone.locator("#national-stats")
    assert "全国の統計" in section.get_by_role("heading", level=2).inner_text()
    assert "中小企業庁（2024年）" in section.inner_text()
    chart = section.get_by_role("img", name="全国の統計（中小企業庁（2024年））", exact=False)
    assert_inside_viewport(phone, chart)
    assert section.locator(".national-row").count() == 13
    shot(phone, section, "national_stage")
    assert "第1-4-46図" in section.locator(".national-sources").inner_text()
    assert no_horizontal_scroll(phone) is True

    phone.goto(reverse("assessments:result", args=[company.pk, maturity.pk]))
    radar = phone.locator("figure.radar-chart svg")
    assert_inside_viewport(phone, radar)
    shot(phone, radar, "radar")
    assert radar.locator(".radar-scale text").all_text_contents() == ["0", "1", "2", "3", "4", "5"]
    assert phone.locator("#national-stats").count() == 0  # no national figure for the maturity check
    assert no_horizontal_scroll(phone) is True
