"""Issue #10 item 1 on a 390×844 phone: no main page scrolls sideways, the subsidy comparison shows
補助額・自己負担・先に必要な資金 of every frame inside the screen (cards, key figures first), the
per-frame tables fit, the history does not break 回答者 one character per line, and the header
stays two lines with a company switcher however many companies the owner has (and for an adviser)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import PHONE
from .layout_world import PASSWORD, build_world, main_pages
from .test_security_selfcheck import log_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = PHONE["width"]
# Two lines of header (brand + switcher, then the links): 16 px × 1.7 line height, 44 px tap targets.
HEADER_MAX_HEIGHT = 120


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def assert_inside(locator, what):
    box = locator.bounding_box()
    assert box is not None, f"{what}: not rendered"
    assert box["x"] >= 0, f"{what}: starts left of the screen at {box['x']}"
    assert box["x"] + box["width"] <= WIDTH, f"{what}: ends at {box['x'] + box['width']} px, beyond {WIDTH}"


def test_phone_layout_main_pages_comparison_history_and_switcher(phone, browser, live_server):
    world = build_world()
    company, estimate = world["company"], world["estimate"]
    log_in(phone, world["owner"].email, PASSWORD)
    expect(phone).to_have_url(re.compile(r"/home/$"))  # three companies: the overview

    # Every main page: nothing wider than the phone, and the header stays two lines.
    widths = {}
    for name, url in main_pages(world):
        response = phone.goto(url)
        assert response.status == 200, name
        widths[name] = page_width(phone)
        assert phone.locator("header").bounding_box()["height"] <= HEADER_MAX_HEIGHT, name
    assert widths == {name: WIDTH for name, _url in main_pages(world)}

    # The comparison: one card per frame, the key figures inside the screen, 補助額 before the rest.
    phone.goto(reverse("subsidies:estimate_detail", args=[company.pk, estimate.pk]))
    cards = phone.locator("#comparison tbody tr")
    frames = [r for r in estimate.results if r["estimate"]]
    assert cards.count() == len(frames) >= 2
    for index in range(cards.count()):
        card = cards.nth(index)
        for cell, label in (("c-subsidy", "補助額の試算"), ("c-share", "自己負担"), ("c-cash", "先に必要な資金")):
            figure = card.locator(f"td.{cell}")
            expect(figure).to_be_visible()
            assert_inside(figure, f"comparison card {index + 1}: {label}")
            assert figure.get_attribute("data-label") == label
        assert card.locator("td.c-subsidy").bounding_box()["y"] < card.locator("td.c-share").bounding_box()["y"]
        assert card.locator("td.c-share").bounding_box()["y"] < card.locator("td.c-eligible").bounding_box()["y"]
    # The figures are the saved ones, in yen.
    shown = sorted(int(text.replace(",", "").rstrip("円")) for text in phone.locator("#comparison td.c-subsidy").all_inner_texts())
    assert shown == sorted(r["estimate"]["subsidy"] for r in frames)

    # Each frame's table of counted costs fits too: every cell of every row.
    line_cells = phone.locator(".frame table.lines tbody td")
    assert line_cells.count() >= 5
    for index in range(line_cells.count()):
        cell = line_cells.nth(index)
        if cell.is_visible():
            assert_inside(cell, f"frame line cell {index}")
    for totals in phone.locator(".frame dl.totals").all():
        if totals.is_visible():
            assert_inside(totals, "frame totals")
    assert page_width(phone) == WIDTH

    # History: one card per check; 回答者 on one line, not one character per line.
    phone.goto(reverse("assessments:history", args=[company.pk, "security_selfcheck"]))
    rows = phone.locator("table.history-table tbody tr")
    assert rows.count() == 3
    for index in range(3):
        name = rows.nth(index).locator("td.answered-by .cell")
        expect(name).to_have_text("山田 太郎")
        box = name.bounding_box()
        assert_inside(name, f"history row {index + 1}: 回答者")
        assert box["height"] < 2 * 16 * 1.7, f"回答者 wraps: {box['height']} px high"
        assert box["width"] > 4 * 14, f"回答者 squeezed into {box['width']} px"

    # The company switcher: the current company shown, the others one tap away, no sideways scroll when open.
    phone.goto(reverse("web:company_dashboard", args=[company.pk]))
    switcher = phone.locator("#company-switcher")
    expect(switcher.locator("summary")).to_contain_text(company.name)
    assert_inside(switcher.locator("summary"), "switcher")
    switcher.locator("summary").click()
    menu_links = switcher.locator(".switcher-menu a")
    expect(menu_links).to_have_text(sorted([company.name] + [c.name for c in world["others"]]))
    assert_inside(switcher.locator(".switcher-menu"), "switcher menu")
    assert page_width(phone) == WIDTH
    switcher.get_by_role("link", name=world["others"][0].name).click()
    expect(phone).to_have_url(re.compile(rf"/c/{world['others'][0].pk}/$"))
    expect(phone.locator("#company-switcher summary")).to_contain_text(world["others"][0].name)

    # On a desktop the comparison stays a table with its column headings.
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP", base_url=live_server.url)
    page = desktop.new_page()
    log_in(page, world["owner"].email, PASSWORD)
    page.goto(reverse("subsidies:estimate_detail", args=[company.pk, estimate.pk]))
    expect(page.locator("#comparison thead")).to_be_visible()
    assert page.locator("#comparison thead").evaluate("e => getComputedStyle(e).display") == "table-header-group"
    assert page.locator("#comparison tbody tr").first.evaluate("e => getComputedStyle(e).display") == "table-row"
    desktop.close()


def test_phone_layout_adviser_switcher_and_client_pages(browser, live_server):
    world = build_world(owner_email="layout-owner2@example.test", adviser_email="layout-adviser2@example.test")
    company, organization = world["company"], world["organization"]
    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=live_server.url)
    context.set_default_timeout(15_000)
    phone = context.new_page()
    log_in(phone, world["adviser"].email, PASSWORD)
    expect(phone).to_have_url(re.compile(rf"/adviser/o/{organization.pk}/$"))
    assert page_width(phone) == WIDTH
    expect(phone.locator("#company-switcher")).to_have_count(0)  # no company of their own, no client open

    for name, url in main_pages(world):
        if name in ("advisers", "members", "access log", "privacy", "home"):
            continue  # company-internal pages: advisers never see them (404)
        response = phone.goto(url)
        assert response.status == 200, name
        assert page_width(phone) == WIDTH, name
        assert phone.locator("header").bounding_box()["height"] <= HEADER_MAX_HEIGHT, name

    phone.goto(reverse("subsidies:estimate_detail", args=[company.pk, world["estimate"].pk]))
    assert_inside(phone.locator("#comparison td.c-subsidy").first, "adviser: 補助額")
    switcher = phone.locator("#company-switcher")
    expect(switcher.locator("summary")).to_contain_text(company.name)
    switcher.locator("summary").click()
    expect(switcher).to_contain_text(f"{organization.name}の支援者として表示中")
    switcher.get_by_role("link", name="支援先の一覧に戻る").click()
    expect(phone).to_have_url(re.compile(rf"/adviser/o/{organization.pk}/$"))
    expect(phone.get_by_role("link", name=company.name).first).to_be_visible()  # the client list
    context.close()
