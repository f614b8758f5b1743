"""The readiness rules and text helpers in dxnavi/secaction/domain.py (no database)."""

import datetime
import itertools

import pytest

from dxnavi.secaction import domain

ITEMS = ("SA1-1", "SA1-2", "SA1-3", "SA1-4", "SA1-5")


def _codes(result):
    return [step.code for step in result.missing]


@pytest.mark.parametrize(
    "all_items, selfcheck_done, policy_adopted", list(itertools.product([True, False], repeat=3))
)
def test_readiness_every_combination(all_items, selfcheck_done, policy_adopted):
    confirmed = ITEMS if all_items else ITEMS[:3]
    result = domain.readiness(confirmed, items=ITEMS, selfcheck_done=selfcheck_done, policy_adopted=policy_adopted)

    expected_missing = (
        ([domain.ONE_STAR_ITEMS] if not all_items else [])
        + ([domain.SELFCHECK] if not selfcheck_done else [])
        + ([domain.POLICY] if not policy_adopted else [])
    )
    assert result.one_star == all_items
    assert result.two_star == (selfcheck_done and policy_adopted)
    assert _codes(result) == expected_missing
    assert result.highest_level == (2 if selfcheck_done and policy_adopted else 1 if all_items else 0)


def test_readiness_nothing_done_lists_all_steps_in_order():
    result = domain.readiness([], items=ITEMS, selfcheck_done=False, policy_adopted=False)
    assert _codes(result) == [domain.ONE_STAR_ITEMS, domain.SELFCHECK, domain.POLICY]
    assert [step.level for step in result.missing] == [1, 2, 2]
    assert result.missing[0].items == ITEMS
    assert result.confirmed_count == 0
    assert result.next_step == result.missing[0]


def test_readiness_two_unconfirmed_items_counted_in_content_order():
    result = domain.readiness(["SA1-4", "SA1-1", "SA1-2"], items=ITEMS, selfcheck_done=True, policy_adopted=True)
    assert result.missing[0].items == ("SA1-3", "SA1-5")
    assert result.missing[0].count == 2
    assert result.confirmed_count == 3
    assert result.total_items == 5


def test_readiness_everything_done_has_no_next_step():
    result = domain.readiness(ITEMS, items=ITEMS, selfcheck_done=True, policy_adopted=True)
    assert (result.one_star, result.two_star, result.missing, result.next_step) == (True, True, (), None)


def test_readiness_ignores_ids_not_in_content():
    result = domain.readiness(["SA1-1", "SA9-9", "retired"], items=ITEMS, selfcheck_done=False, policy_adopted=False)
    assert result.confirmed_count == 1
    assert result.one_star is False


def test_readiness_duplicate_confirmations_count_once():
    result = domain.readiness(["SA1-1", "SA1-1"], items=ITEMS, selfcheck_done=False, policy_adopted=False)
    assert result.confirmed_count == 1


def test_readiness_two_star_without_one_star_is_still_listed_missing_items():
    result = domain.readiness([], items=ITEMS, selfcheck_done=True, policy_adopted=True)
    assert (result.one_star, result.two_star) == (False, True)
    assert _codes(result) == [domain.ONE_STAR_ITEMS]


def test_selfcheck_hints_require_all_related_questions():
    related = {"SA1-1": ["SC01"], "SA1-5": ["SC05", "SC06", "SC20"], "SA1-9": []}
    assert domain.selfcheck_hints(related, {"SC01", "SC05", "SC06"}) == {"SA1-1": True, "SA1-5": False, "SA1-9": False}
    assert domain.selfcheck_hints(related, {"SC01", "SC05", "SC06", "SC20"}) == {"SA1-1": True, "SA1-5": True, "SA1-9": False}


def test_selfcheck_hints_without_answers_are_all_false():
    assert domain.selfcheck_hints({"SA1-1": ["SC01"]}, set()) == {"SA1-1": False}


@pytest.mark.parametrize(
    "date, lang, expected",
    [
        (datetime.date(2026, 11, 26), "ja", "2026年11月26日"),
        (datetime.date(2027, 1, 5), "ja", "2027年1月5日"),
        (datetime.date(2026, 11, 26), "en", "26 November 2026"),
        (datetime.date(2027, 1, 5), "en", "5 January 2027"),
    ],
)
def test_format_policy_date_by_language(date, lang, expected):
    assert domain.format_policy_date(date, lang) == expected


def test_fill_replaces_the_three_placeholders():
    text = "{company_name}／{representative}／{date}"
    assert domain.fill(text, company_name="株式会社A", representative="代表 太郎", date="2026年11月26日") == (
        "株式会社A／代表 太郎／2026年11月26日"
    )


def test_fill_does_not_interpret_braces_in_values():
    assert domain.fill("{company_name}", company_name="{date}{0}", representative="x", date="y") == "{date}{0}"


def test_fill_unknown_placeholder_raises():
    with pytest.raises(KeyError):
        domain.fill("{secret_key}", company_name="a", representative="b", date="c")


def test_confirmed_items_counts_ticks_and_selfcheck_answers():
    hints = {"SA1-1": True, "SA1-2": True, "SA1-3": False, "SA1-5": False}
    result = domain.confirmed_items(ITEMS, ticked={"SA1-2", "SA1-4", "SA9-9"}, selfcheck_hints=hints)
    assert result == {"SA1-1": domain.BY_SELFCHECK, "SA1-2": domain.BY_HAND, "SA1-4": domain.BY_HAND}


def test_confirmed_items_without_selfcheck_are_the_ticks():
    assert domain.confirmed_items(ITEMS, ticked={"SA1-3"}, selfcheck_hints={}) == {"SA1-3": domain.BY_HAND}
