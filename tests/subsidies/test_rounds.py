"""Application rounds: state against today, order of display, and the planned order date."""

import datetime

from dxnavi.subsidies.domain import rounds

TODAY = datetime.date(2026, 12, 2)
D = datetime.date


def _round(label, deadline, opens=None):
    return rounds.Round(program_id="it", label={"ja": label, "en": label}, deadline=deadline, opens=opens)


def test_round_state_deadline_passed_is_closed():
    assert rounds.round_state(D(2026, 3, 30), D(2026, 8, 25), TODAY) == rounds.CLOSED


def test_round_state_deadline_today_is_still_open():
    assert rounds.round_state(D(2026, 11, 1), TODAY, TODAY) == rounds.OPEN


def test_round_state_opens_later_is_upcoming():
    assert rounds.round_state(D(2027, 3, 29), D(2027, 5, 11), TODAY) == rounds.UPCOMING


def test_round_state_without_opening_date_before_deadline_is_open():
    assert rounds.round_state(None, D(2027, 1, 29), TODAY) == rounds.OPEN


def test_order_timing_on_deadline_is_before_decision():
    assert rounds.order_timing(D(2027, 1, 29), rounds.OPEN, D(2027, 1, 29)) == rounds.BEFORE_DECISION


def test_order_timing_after_deadline():
    assert rounds.order_timing(D(2027, 2, 15), rounds.OPEN, D(2027, 1, 29)) == rounds.AFTER_DEADLINE


def test_order_timing_without_plan():
    assert rounds.order_timing(None, rounds.UPCOMING, D(2027, 5, 11)) == rounds.NO_PLAN


def test_order_timing_closed_round_is_not_compared():
    assert rounds.order_timing(D(2026, 1, 1), rounds.CLOSED, D(2026, 5, 12)) == rounds.ROUND_CLOSED


def test_assess_orders_open_then_upcoming_then_closed():
    given = [
        _round("closed-old", D(2026, 5, 12), D(2026, 3, 30)),
        _round("upcoming-late", D(2027, 9, 1), D(2027, 7, 1)),
        _round("closed-recent", D(2026, 8, 25), D(2026, 3, 30)),
        _round("open-late", D(2027, 2, 27)),
        _round("upcoming-soon", D(2027, 5, 11), D(2027, 3, 29)),
        _round("open-soon", D(2026, 12, 20), D(2026, 11, 1)),
    ]
    result = rounds.assess(given, TODAY)
    assert [s.round.label["ja"] for s in result] == [
        "open-soon",
        "open-late",
        "upcoming-soon",
        "upcoming-late",
        "closed-recent",
        "closed-old",
    ]
    assert [s.days_left for s in result] == [18, 87, 117, 211, None, None]


def test_assess_compares_each_round_with_the_planned_date():
    given = [_round("open", D(2026, 12, 20), D(2026, 11, 1)), _round("next", D(2027, 5, 11), D(2027, 3, 29))]
    result = rounds.assess(given, TODAY, planned=D(2027, 1, 15))
    assert [(s.round.label["ja"], s.timing) for s in result] == [
        ("open", rounds.AFTER_DEADLINE),
        ("next", rounds.BEFORE_DECISION),
    ]


def test_has_current_false_when_all_closed():
    result = rounds.assess([_round("a", D(2026, 5, 12)), _round("b", D(2026, 8, 25))], TODAY)
    assert rounds.has_current(result) is False


def test_round_from_catalog_window():
    window = {"label": {"ja": "1次締切", "en": "1st"}, "opens": "2026-03-30", "deadline": "2026-05-12"}
    window.update(source="s", verified=False)
    assert rounds.Round.from_window("it", window) == rounds.Round(
        program_id="it", label=window["label"], deadline=D(2026, 5, 12), opens=D(2026, 3, 30), verified=False, source="s"
    )
