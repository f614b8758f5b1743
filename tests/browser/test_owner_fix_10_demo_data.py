"""Issue #10 item 10: the demo owner, on a phone, sees every instrument in use and the peer comparison."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from dxnavi.assessments.models import Assessment
from dxnavi.orgs.models import Company

pytestmark = pytest.mark.django_db(transaction=True)


def log_in_as_demo_owner(page):
    page.goto("/accounts/login/")
    page.get_by_label("メールアドレス").fill("owner@demo.dxnavi.jp")
    page.get_by_label("パスワード", exact=True).fill("demo-pass-2026")
    page.get_by_role("button", name="ログイン").click()


def inside_viewport(page, locator):
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def test_demo_owner_sees_history_peers_and_both_dx_results(phone):
    call_command("load_content", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    company = Company.objects.get(name="デモ精工株式会社")
    checks = list(Assessment.objects.filter(company=company, pack_family="security_selfcheck", status="completed"))
    latest = {a.pack_family: a for a in Assessment.objects.filter(company=company, is_latest=True)}

    page = phone
    log_in_as_demo_owner(page)
    page.wait_for_url(f"**/c/{company.pk}/")
    # The dashboard shows the latest result of every instrument.
    for card in ("#dx-stage-card", "#dx-maturity-card"):
        assert page.locator(card).get_by_text("最新の診断").count() == 1

    # History: the three self-checks, months apart.
    page.goto(reverse("assessments:history", args=[company.pk, "security_selfcheck"]))
    for a in checks:
        assert page.locator(f'a[href="{reverse("assessments:result", args=[company.pk, a.pk])}"]').count() >= 1
    assert len(checks) == 3

    # Each result compares the company with its peers (the demo peers make the group big enough).
    for pack_id in ("security_selfcheck", "dx_stage", "dx_maturity"):
        page.goto(reverse("assessments:result", args=[company.pk, latest[pack_id].pk]))
        peer = page.locator(".peer-result")
        assert peer.count() == 1, pack_id
        assert inside_viewport(page, peer) is True
        assert page.get_by_text("比較できるだけの数の会社がまだ診断していません").count() == 0
    # Both DX results: the estimated stage and the maturity radar.
    page.goto(reverse("assessments:result", args=[company.pk, latest["dx_stage"].pk]))
    assert page.locator(".score-line .big").first.inner_text().startswith("段階")
    page.goto(reverse("assessments:result", args=[company.pk, latest["dx_maturity"].pk]))
    assert page.locator("svg").count() >= 1
