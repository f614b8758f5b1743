"""Issue #10 item 2 on a phone: the sources shown on the DX stage result, the DX認定 readiness and the
subsidy checklist name the publisher, never an internal file name ("seed …")."""

import re

import pytest
from django.urls import reverse

from tests.dxdiag.helpers import STAGE_PACK, complete, load_packs, stage_answers
from tests.isolation_cases import CASES

from .owner_fix_helpers import company_world, inside_viewport, log_in

pytestmark = pytest.mark.django_db(transaction=True)

PUBLISHER = re.compile(r"経済産業省|関東経済産業局|中小企業庁|情報処理推進機構|IPA|中小企業団体中央会|青森県|中小企業基盤整備機構|デジタル庁")
INTERNAL = re.compile(r"\bseed\b", re.IGNORECASE)


def _sources(page, selector):
    locator = page.locator(selector)
    locator.first.wait_for()
    return [locator.nth(i) for i in range(locator.count())]


def _assert_named(page, selector):
    sources = _sources(page, selector)
    texts = [s.inner_text() for s in sources]
    assert texts and all(PUBLISHER.search(t) for t in texts), texts
    assert [t for t in texts if INTERNAL.search(t)] == []
    assert INTERNAL.search(page.locator("main").inner_text()) is None
    assert inside_viewport(page, sources[0]) is True


def test_owner_fix_02_sources_name_the_publisher_on_the_phone(phone):
    load_packs()
    world = company_world()
    company, owner = world["company"], world["owner"]
    done = complete(company, STAGE_PACK, stage_answers("stage2", yes=["paperless", "website"]), user=owner)
    certification = reverse("dxdiag:certification", kwargs={"company_id": company.pk, **CASES["dxdiag:certification"].kwargs(world)})
    checklist = reverse("subsidies:checklist", kwargs={"company_id": company.pk, **CASES["subsidies:checklist"].kwargs(world)})
    log_in(phone, owner)

    phone.goto(reverse("assessments:result", args=[company.pk, done.pk]))
    _assert_named(phone, "p.source")
    assert "2024" in phone.locator("p.source").inner_text()

    phone.goto(certification)
    _assert_named(phone, "main p:has-text('出典')")

    phone.goto(checklist)
    _assert_named(phone, "main p.why")
