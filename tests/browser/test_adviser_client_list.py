"""The adviser's client list (issue #12) on a phone and on a desktop: filter by prefecture, sort by
employees (both ways, htmx swaps only the results and keeps the address), save the filter under a
name and apply it again, and make a colleague the 担当者 of a client from its row. axe-core finds no
serious or critical violation on the page as it is after each step; no sideways scroll of the page."""

import re

import pytest
from playwright.sync_api import expect

from dxnavi.orgs.models import AdviserMembership, SavedClientFilter, SupportLink
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link

from .axe import record, run_axe
from .conftest import PHONE
from .test_security_selfcheck import log_in, no_horizontal_scroll, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL, PASSWORD = "list-adviser@example.test", "correct-horse-battery"
DESKTOP = {"width": 1280, "height": 900}


def _check_axe(page, name):
    result = run_axe(page)
    record(f"adviser client list: {name}", "adviser", "ja", result)
    assert (result.count("critical"), result.count("serious")) == (0, 0), result.describe(("critical", "serious"))


def _body_names(page):
    return [name.strip() for name in page.locator("#client-results tbody tr td:first-child").all_inner_texts()]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_adviser_client_list_filter_sort_save_assign(browser, live_server, viewport):
    org = AdviserOrganizationFactory(name="試験商工会議所")
    adviser = UserFactory(email=EMAIL, name="相談 一郎")
    colleague = UserFactory(name="担当 花子")
    AdviserMembership.objects.create(organization=org, user=adviser, role="editor")
    AdviserMembership.objects.create(organization=org, user=colleague, role="viewer")
    for name, prefecture, employees in (("東京精機", "13", 12), ("東京商事", "13", 45), ("大阪工業", "27", 30)):
        link(CompanyFactory(name=name, prefecture=prefecture, employees=employees), org)

    context = browser.new_context(viewport=viewport, locale="ja-JP", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        log_in(page, EMAIL, PASSWORD)
        page.goto(f"/adviser/o/{org.pk}/")
        expect(page.locator("#client-results tbody tr")).to_have_count(3)
        _check_axe(page, "all clients")

        # Filter: the form is a GET form, htmx swaps the results and pushes the address.
        page.get_by_label("都道府県").select_option("13")
        page.get_by_role("button", name="絞り込む").click()
        expect(page).to_have_url(re.compile(r"\?.*prefecture=13"))
        expect(page.locator("#client-results tbody tr")).to_have_count(2)
        assert _body_names(page) == ["東京商事", "東京精機"]

        # Sort by employees: ascending, then descending.
        page.locator("#client-results thead").get_by_role("link", name="従業員数").click()
        expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("従業員数")
        assert _body_names(page) == ["東京精機", "東京商事"]
        page.locator("#client-results thead").get_by_role("link", name="従業員数").click()
        expect(page.locator('th[aria-sort="descending"]')).to_contain_text("従業員数")
        assert _body_names(page) == ["東京商事", "東京精機"]
        expect(page).to_have_url(re.compile(r"sort=-employees"))
        _check_axe(page, "filtered and sorted")
        if viewport == PHONE:
            assert no_horizontal_scroll(page) is True

        # Save the filter; it comes back under its name.
        page.reload()  # the save form carries the query of the page as loaded
        page.get_by_label("今の条件を保存する名前").fill("東京の顧客")
        page.get_by_role("button", name="条件を保存").click()
        expect(page.locator(".messages")).to_contain_text("東京の顧客")
        saved = SavedClientFilter.objects.get(user=adviser)
        assert saved.query == "prefecture=13&sort=-employees"
        page.goto(f"/adviser/o/{org.pk}/")
        expect(page.locator("#client-results tbody tr")).to_have_count(3)
        page.get_by_role("link", name="東京の顧客").click()
        expect(page.locator("#client-results tbody tr")).to_have_count(2)
        assert _body_names(page) == ["東京商事", "東京精機"]

        # 担当者 from the row (htmx swaps the cell).
        page.get_by_label("担当者: 東京精機").select_option(label="担当 花子")
        with page.expect_response(lambda response: "/assignee/" in response.url) as answer:
            page.locator("tr", has_text="東京精機").get_by_role("button", name="保存").click()
        assert answer.value.status == 200
        expect(page.locator(f'#assignee-{SupportLink.objects.get(company__name="東京精機").pk} option[selected]')).to_have_text(
            "担当 花子"
        )
        expect(page.get_by_label("担当者: 東京精機")).to_have_value(str(colleague.pk))
        link_row = SupportLink.objects.get(organization=org, company__name="東京精機")
        assert link_row.assignee_id == colleague.pk
        _check_axe(page, "after assigning")
        screenshot(page, f"adviser-client-list-{'phone' if viewport == PHONE else 'desktop'}.png")

        # The 担当者 filter finds it.
        page.get_by_label("担当者", exact=True).select_option(label="担当 花子")
        page.get_by_role("button", name="絞り込む").click()
        expect(page.locator("#client-results tbody tr")).to_have_count(1)
        assert _body_names(page) == ["東京精機"]
        assert page.locator("script:not([src])").count() == 0
    finally:
        context.close()
