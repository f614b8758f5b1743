"""An adviser organization's invitations page (resend an expired owner's invitation, cancel a staff
invitation) and the clients' heat map, on a phone and on a desktop: axe-core finds nothing serious or
critical, the page itself never scrolls sideways (the wide heat map scrolls inside its own box)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dxnavi.orgs.models import AdviserMembership, Invitation, SupportLink
from tests.assessments.helpers import answers_for_total, complete_with, load_pack
from tests.dxdiag.helpers import MATURITY_PACK, STAGE_PACK, complete, load_packs, maturity_answers, stage_answers
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link

from .axe import record, run_axe
from .test_security_selfcheck import log_in, no_horizontal_scroll, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL, PASSWORD = "invites-owner@adviser.test", "correct-horse-battery"


def _world():
    load_pack()
    load_packs()
    org = AdviserOrganizationFactory(name="ヒートマップ商工会")
    owner = UserFactory(email=EMAIL)
    AdviserMembership.objects.create(organization=org, user=owner, role="owner")
    for n in range(11):
        company = CompanyFactory(name=f"比較対象{n:02d}工業")
        complete_with(company, answers_for_total(10 + 8 * n))
        if n < 6:
            complete(company, STAGE_PACK, stage_answers(f"stage{1 + n % 4}", yes=["paperless"]))
            complete(company, MATURITY_PACK, maturity_answers((1 + n % 4, 5)))
            link(company, org)
    registered = CompanyFactory(name="招待待ち商事", corporate_number="", is_sole_proprietor=True, created_by=owner)
    SupportLink.objects.create(company=registered, organization=org, requested_by=owner)
    expired = Invitation.objects.create(
        email="boss@client.test", role="owner", company=registered, organization=org, claims_company=True, invited_by=owner,
        expires=timezone.now() - datetime.timedelta(days=1),
    )
    staff = Invitation.objects.create(email="staff@adviser.test", role="viewer", organization=org, invited_by=owner)
    existing = CompanyFactory(name="既存の秘密工業", corporate_number="1234567890123")
    SupportLink.objects.create(company=existing, organization=org, requested_by=owner)
    return org, expired, staff


def _axe(page, name):
    result = run_axe(page)
    record(name, "adviser", "ja", result)
    assert result.count("critical") + result.count("serious") == 0, result.describe(("critical", "serious"))


def test_invitations_and_heatmap_on_phone_and_desktop(phone, browser, live_server):
    org, expired, staff = _world()
    log_in(phone, EMAIL, PASSWORD)
    phone.goto(f"/adviser/o/{org.pk}/")
    # The lapsed owner's invitation is not 同意待ち: its own section, with a resend button.
    expect(phone.get_by_role("heading", name="管理者への招待が期限切れ・取消")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("招待待ち商事 — 招待期限切れ")

    phone.get_by_role("link", name="招待と承認待ちの一覧").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("招待")
    expect(phone.locator("main")).to_contain_text("法人番号 1234567890123 の企業")
    expect(phone.locator("main")).not_to_contain_text("既存の秘密工業")
    assert no_horizontal_scroll(phone) is True
    _axe(phone, "adviser invitations (phone)")
    screenshot(phone, "invites-phone.png")

    phone.get_by_role("button", name="boss@client.test への招待を再送する").click()
    expect(phone.get_by_text("boss@client.test に新しい招待を送りました。")).to_be_visible()
    old_token = expired.token
    expired.refresh_from_db()
    assert expired.token != old_token and expired.status == "pending"
    phone.get_by_role("button", name="staff@adviser.test への招待を取り消す").click()
    expect(phone.get_by_text("staff@adviser.test への招待を取り消しました。")).to_be_visible()
    staff.refresh_from_db()
    assert staff.status == "cancelled"
    phone.get_by_label("状態").select_option(label="取消")
    phone.get_by_role("button", name="表示").click()
    expect(phone).to_have_url(re.compile(r"status=cancelled"))
    expect(phone.locator(".inv-table")).to_contain_text("staff@adviser.test")
    expect(phone.locator(".inv-table")).not_to_contain_text("boss@client.test")
    # The cancelled link tells its reader so.
    phone.goto(f"/invite/{staff.token}/")
    expect(phone.locator("main")).to_contain_text("この招待は、送った方が取り消したため")

    phone.goto(f"/adviser/o/{org.pk}/")
    phone.get_by_role("link", name="支援先の比較（ヒートマップ）").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("支援先の比較")
    expect(phone.locator(".heat-table tbody tr")).to_have_count(6)
    expect(phone.locator(".heat-table")).to_contain_text("同業比較（パーセンタイル）")
    expect(phone.locator(".heat-table")).not_to_contain_text("比較対象10工業")  # not a client
    assert no_horizontal_scroll(phone) is True
    _axe(phone, "adviser heat map (phone)")
    screenshot(phone, "heatmap-phone.png")

    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP", base_url=live_server.url)
    page = desktop.new_page()
    log_in(page, EMAIL, PASSWORD)
    page.goto(f"/adviser/o/{org.pk}/comparison/")
    expect(page.locator(".heat-table tbody tr")).to_have_count(6)
    _axe(page, "adviser heat map (desktop)")
    screenshot(page, "heatmap-desktop.png")
    page.goto(f"/adviser/o/{org.pk}/invitations/")
    _axe(page, "adviser invitations (desktop)")
    desktop.close()
