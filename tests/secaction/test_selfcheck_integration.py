"""The self-check seen through dxnavi.secaction.selfcheck, with the real assessments app."""

import pytest
from django.apps import apps
from django.urls import reverse

from dxnavi.orgs.scoping import CompanyAccess
from dxnavi.secaction import selfcheck, services

pytestmark = pytest.mark.skipif(not apps.is_installed("dxnavi.assessments"), reason="assessments app not installed")


@pytest.fixture
def helpers(db):
    from tests.assessments import helpers

    helpers.load_pack()
    return helpers


def _answers(helpers, yes):
    answers = helpers.all_answers("no")
    answers.update({qid: "yes" for qid in yes})
    return answers


def test_selfcheck_none_until_completed(world, helpers):
    helpers.draft_with(world["company"], _answers(helpers, ["SC01"]))
    assert selfcheck.latest_completed(world["company"]) is None
    access = CompanyAccess(company=world["company"], via="member", role="owner")
    assert services.status(access).readiness.missing[1].code == "selfcheck"


def test_selfcheck_completed_answers_yes(world, helpers):
    done = helpers.complete_with(world["company"], _answers(helpers, ["SC01", "SC05", "SC20"]))
    assert selfcheck.latest_completed(world["company"]) == done
    assert selfcheck.answered_yes(done) == {"SC01", "SC05", "SC20"}


def test_selfcheck_completed_shows_hint_and_counts_for_two_stars(owner_client, world, helpers):
    company = world["company"]
    helpers.complete_with(company, _answers(helpers, ["SC02", "SC05", "SC06", "SC20"]))
    page = owner_client.get(reverse("secaction:checklist", args=[company.pk])).content.decode()
    for item_id, hinted in (("SA1-1", False), ("SA1-2", True), ("SA1-5", True)):
        section = page.split(f'id="item-{item_id}"')[1].split("</section>")[0]
        assert ("自社診断で実施していると回答済み" in section) == hinted, item_id
    page = owner_client.get(reverse("secaction:readiness", args=[company.pk])).content.decode()
    assert "自社診断が未実施です" not in page
    assert "基本方針が未採択です" in page


def test_selfcheck_missing_links_to_start(owner_client, world, helpers):
    company = world["company"]
    page = owner_client.get(reverse("secaction:readiness", args=[company.pk])).content.decode()
    start = reverse("assessments:start", kwargs={"company_id": company.pk, "pack_id": "security_selfcheck"})
    assert f'href="{start}">自社診断を受ける' in page


def test_selfcheck_readiness_query_count_with_real_selfcheck(owner_client, world, helpers, django_assert_max_num_queries):
    company = world["company"]
    helpers.complete_with(company, helpers.all_answers("yes"))
    # 11: the answers of the latest self-check are read once, since they count as confirmations.
    with django_assert_max_num_queries(11):
        assert owner_client.get(reverse("secaction:readiness", args=[company.pk])).status_code == 200


def test_selfcheck_real_answers_count_on_checklist_and_card(owner_client, world, helpers):
    company = world["company"]
    helpers.complete_with(company, _answers(helpers, ["SC02", "SC05", "SC06", "SC20"]))
    access = CompanyAccess(company=company, via="member", role="owner")
    assert services.status(access).readiness.confirmed_count == 2
    page = owner_client.get(reverse("secaction:checklist", args=[company.pk])).content.decode()
    section = page.split('id="item-SA1-2"')[1].split("</section>")[0]
    assert "未確認" not in section
