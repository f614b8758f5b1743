"""Issue #10 item 6: a principle answered 「実施している」 in the latest self-check counts as confirmed.

The checklist, the readiness page, the dashboard card and the action list all read the same
``services.status``; none of them may show an item both as answered and as 未確認.
"""

from django.urls import reverse

from dxnavi.orgs.scoping import CompanyAccess
from dxnavi.secaction import action_source, domain, services
from dxnavi.secaction.models import ItemConfirmation

from .conftest import confirm_all


def _section(page, item_id):
    return page.split(f'id="item-{item_id}"')[1].split("</section>")[0]


def _access(world):
    return CompanyAccess(company=world["company"], via="member", role="owner")


def test_status_counts_selfcheck_answers_as_confirmed(world, fake_selfcheck):
    fake_selfcheck(yes={"SC01", "SC03", "SC05", "SC06"})  # SA1-5 also needs SC20
    status = services.status(_access(world))
    assert status.item_sources == {"SA1-1": domain.BY_SELFCHECK, "SA1-3": domain.BY_SELFCHECK}
    assert status.readiness.confirmed_count == 2
    assert status.readiness.missing[0].items == ("SA1-2", "SA1-4", "SA1-5")
    assert ItemConfirmation.objects.count() == 0  # derived on read, nothing stored


def test_status_all_answered_yes_is_ready_for_one_star_without_ticks(world, fake_selfcheck):
    fake_selfcheck(yes={"SC01", "SC02", "SC03", "SC04", "SC05", "SC06", "SC20"})
    ready = services.status(_access(world)).readiness
    assert (ready.one_star, ready.confirmed_count) == (True, 5)


def test_status_tick_wins_over_selfcheck_for_the_source(world, fake_selfcheck):
    fake_selfcheck(yes={"SC01"})
    services.set_item_done(world["company"], "SA1-1", done=True, user=world["owner"])
    assert services.status(_access(world)).item_sources == {"SA1-1": domain.BY_HAND}


def test_checklist_item_answered_yes_is_never_shown_unconfirmed(owner_client, world, fake_selfcheck):
    fake_selfcheck(yes={"SC01", "SC03", "SC05", "SC06"})
    page = owner_client.get(reverse("secaction:checklist", args=[world["company"].pk])).content.decode()
    for item_id in ("SA1-1", "SA1-3"):
        section = _section(page, item_id)
        assert "自社診断で実施していると回答済み" in section
        assert "未確認" not in section
        assert "の自社診断の回答から、確認済みとしています" in section
        assert f'id="toggle-{item_id}"' not in section  # changed by retaking the self-check, not by a tick
    for item_id in ("SA1-2", "SA1-4", "SA1-5"):
        section = _section(page, item_id)
        assert "未確認" in section
        assert f'id="toggle-{item_id}"' in section
    assert "5か条のうち2項目を確認済み" in page.replace(" ", "")


def test_readiness_page_counts_selfcheck_answers(owner_client, world, fake_selfcheck):
    fake_selfcheck(yes={"SC01", "SC03"})
    page = owner_client.get(reverse("secaction:readiness", args=[world["company"].pk])).content.decode()
    assert "5か条のうち2項目を確認済み" in page.replace(" ", "")


def test_action_list_has_no_candidate_for_items_answered_yes(world, fake_selfcheck):
    fake_selfcheck(yes={"SC01", "SC02", "SC03", "SC04"})
    keys = {c.key for c in action_source.collect(world["company"])}
    assert {k for k in keys if k.startswith("secaction:SA1")} == {"secaction:SA1-5"}


def test_confirm_all_by_hand_still_counts_without_selfcheck(world):
    confirm_all(world["company"], world["owner"])
    ready = services.status(_access(world)).readiness
    assert ready.one_star is True
