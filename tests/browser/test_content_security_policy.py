"""The Content-Security-Policy in a real browser: the main pages load without a single
violation (no inline script, style or handler anywhere), htmx still autosaves an answer,
and a deliberate violation is caught, so the check itself can fail."""

import re

import pytest
import yaml
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from dxnavi.subsidies import loader as subsidy_loader
from tests.assessments.helpers import answers_for_total, complete_with, draft_with, load_pack
from tests.dxdiag.helpers import MATURITY_PACK, complete, load_packs, maturity_answers
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member

from .test_security_selfcheck import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery"  # tests/factories.py
# What Chromium logs for a blocked resource, a CSP report, or a malformed Permissions-Policy.
PROBLEM = re.compile(r"Content Security Policy|Refused to|securitypolicyviolation|Permissions-Policy", re.IGNORECASE)
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) =>
  console.error(`securitypolicyviolation ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def watch(page, problems):
    """Collect every console message about the CSP or the Permissions-Policy into ``problems``."""
    page.add_init_script(REPORT_VIOLATIONS)  # runs before the page's own scripts, outside its CSP
    page.on("console", lambda msg: PROBLEM.search(msg.text) and problems.append(f"{page.url}: {msg.text}"))


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    page.wait_for_load_state("load")
    # htmx's own indicator <style> stays out (htmx-config includeIndicatorStyles:false).
    assert page.locator("style").count() == 0
    return response


def first_part_id():
    with open(settings.CONTENT_DIR / "questionnaires" / "security_selfcheck.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)["parts"][0]["id"]


def test_main_pages_have_no_csp_violations_and_htmx_autosaves(browser, live_server):
    load_pack()
    load_packs()
    subsidy_loader.load()
    company = CompanyFactory(name="CSP検証工業株式会社")
    owner = member(company, user=UserFactory(email="csp-owner@example.test"))
    done = complete_with(company, answers_for_total(60), user=owner)
    maturity = complete(company, MATURITY_PACK, maturity_answers(), user=owner)
    draft = draft_with(company, user=owner)
    organization = AdviserOrganizationFactory(name="CSP検証商工会")
    adviser = UserFactory(email="csp-adviser@example.test")
    link(company, organization, adviser=adviser)

    context = browser.new_context(locale="ja-JP", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = []
    watch(page, problems)

    visit(page, reverse("web:landing"))
    visit(page, reverse("accounts:login"))
    log_in(page, owner.email, PASSWORD)
    expect(page).to_have_url(re.compile(rf"/c/{company.pk}/$"))
    for url in (
        reverse("web:company_dashboard", args=[company.pk]),
        reverse("assessments:result", args=[company.pk, done.pk]),  # bar chart (SVG)
        reverse("assessments:result", args=[company.pk, maturity.pk]),  # radar chart (SVG)
        reverse("subsidies:index", args=[company.pk]),
        reverse("subsidies:estimate_new", args=[company.pk]),
        reverse("accounts:totp_setup"),  # QR code (inline SVG)
    ):
        visit(page, url)

    # The error pages share the layout and its rules.
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("ページが見つかりません")

    # Answering: htmx posts the answer and swaps in the confirmation, all under the CSP.
    visit(page, reverse("assessments:part", args=[company.pk, draft.pk, first_part_id()]))
    group = page.locator("fieldset.question").first
    with page.expect_response(lambda r: r.url.endswith("/answer/") and r.request.method == "POST") as saved:
        group.locator("label.choice").first.click()
    assert saved.value.status == 200
    expect(group.get_by_role("status")).to_contain_text("保存しました")
    assert draft.answers.count() == 1

    # The adviser's organization page, in a browser of its own.
    adviser_context = browser.new_context(locale="ja-JP", base_url=live_server.url)
    adviser_page = adviser_context.new_page()
    watch(adviser_page, problems)
    log_in(adviser_page, adviser.email, PASSWORD)
    visit(adviser_page, reverse("orgs:adviser_org", args=[organization.pk]))
    expect(adviser_page.locator(".connect-code")).to_have_text(organization.connect_code)
    adviser_context.close()

    assert problems == []

    # The watcher does see a violation: an inline style attribute set by a script is refused.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(300)
    assert len(problems) >= 1
    assert any("style-src" in problem for problem in problems)
    context.close()
