"""Shared set-up for the owner-fix browser tests of issue #10 items 2 and 8: a company with an owner
and a linked adviser (both with the factories' password), logged in through the real login page."""

from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member

PASSWORD = "correct-horse-battery"  # tests/factories.UserFactory's


def company_world(name="表示確認工業株式会社"):
    company = CompanyFactory(name=name)
    owner = member(company, user=UserFactory(email="owner@fix.test"))
    adviser = UserFactory(email="adviser@fix.test")
    org = AdviserOrganizationFactory(name="表示確認商工会")
    link(company, org, adviser=adviser)
    return {"company": company, "owner": owner, "linked_adviser": adviser, "linked_org": org}


def log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("メールアドレス").fill(user.email)
    page.get_by_label("パスワード", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state("networkidle")


def inside_viewport(page, locator):
    box = locator.bounding_box()
    width = page.viewport_size["width"]
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
