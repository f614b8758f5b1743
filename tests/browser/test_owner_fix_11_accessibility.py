"""Issue #10 item 11 on a phone: badge colours reach 4.5:1, sideways-scrolling boxes can be reached
and scrolled with the keyboard, and every page has a favicon (no 404 on /favicon.ico)."""

import re

import pytest
from django.urls import reverse

from .a11y_pages import OWNER
from .test_owner_fixes_accessibility import USERS, open_context

pytestmark = pytest.mark.django_db(transaction=True)

BADGES = ["badge", "badge badge-ok", "badge badge-warn", "badge badge-bad"]


def _luminance(rgb):
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(fg, bg):
    high, low = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(css):
    return tuple(int(v) for v in re.findall(r"\d+", css)[:3])


def test_contrast_formula_matches_wcag_reference_values():
    assert round(contrast((0, 0, 0), (255, 255, 255)), 2) == 21.0
    assert round(contrast(_rgb("rgb(154, 103, 0)"), _rgb("rgb(244, 246, 248)")), 2) == 4.49  # the old badge-warn


def test_badge_colours_reach_four_and_a_half_to_one(phone):
    phone.goto("/accounts/login/")  # any page with the site's stylesheet
    colours = phone.evaluate(
        """(classes) => classes.map((cls) => {
            const el = document.createElement('span');
            el.className = cls; el.textContent = '要確認';
            document.querySelector('main').appendChild(el);
            const style = getComputedStyle(el);
            return [cls, style.color, style.backgroundColor];
        })""",
        BADGES,
    )
    ratios = {cls: round(contrast(_rgb(fg), _rgb(bg)), 2) for cls, fg, bg in colours}
    assert all(ratio >= 4.5 for ratio in ratios.values()), ratios
    assert ratios["badge badge-warn"] >= 4.5


def test_overflowing_boxes_are_focusable_named_regions_scrolled_by_keyboard(browser, live_server, world):
    from tests.isolation_cases import _plans_plan

    _plans_plan(world)
    context = open_context(browser, live_server, world[USERS[OWNER]], "ja")
    page = context.new_page()
    try:
        page.goto(reverse("plans:plan", kwargs={"company_id": world["company"].pk}))
        page.wait_for_load_state("load")
        boxes = page.locator("[data-scroll-focusable]")
        assert boxes.count() >= 1  # the plan table is wider than a phone
        for i in range(boxes.count()):
            box = boxes.nth(i)
            assert (box.get_attribute("tabindex"), box.get_attribute("role")) == ("0", "region")
            assert (box.get_attribute("aria-label") or box.get_attribute("aria-labelledby") or "").strip() != ""
        # Every box that does scroll sideways got those attributes (none missed).
        missed = page.evaluate(
            """() => [...document.querySelectorAll('*')].filter((el) => {
                const s = getComputedStyle(el);
                return ['auto', 'scroll'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1
                    && el.getAttribute('tabindex') !== '0';
            }).map((el) => el.className)"""
        )
        assert missed == []
        # Reached with Tab, scrolled with the arrow key.
        first = boxes.first
        for _ in range(300):
            page.keyboard.press("Tab")
            if first.evaluate("(el) => el === document.activeElement"):
                break
        assert first.evaluate("(el) => el === document.activeElement") is True
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        for _ in range(30):  # the browser may scroll smoothly: give it up to 3 s on a busy machine
            if first.evaluate("(el) => el.scrollLeft") > 0:
                break
            page.wait_for_timeout(100)
        assert first.evaluate("(el) => el.scrollLeft") > 0
    finally:
        context.close()


def test_boxes_that_fit_get_no_extra_tab_stop(phone):
    phone.goto("/accounts/login/")
    phone.evaluate(
        """() => { const box = document.createElement('div'); box.className = 'table-scroll'; box.id = 'fits';
                   box.innerHTML = '<table><tr><td>1</td></tr></table>'; document.querySelector('main').appendChild(box);
                   window.dispatchEvent(new Event('resize')); }"""
    )
    phone.wait_for_timeout(300)
    assert phone.locator("#fits").get_attribute("tabindex") is None


def test_favicon_served_and_no_page_request_is_404(phone):
    missing = []
    phone.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    phone.goto("/accounts/login/")
    phone.wait_for_load_state("load")
    icon = phone.request.get("/favicon.ico")
    assert icon.status == 200
    assert icon.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert icon.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    hrefs = phone.locator("link[rel=icon]").evaluate_all("links => links.map(l => l.getAttribute('href'))")
    assert len(hrefs) == 2
    assert [phone.request.get(href).status for href in hrefs] == [200, 200]
    assert missing == []
