"""The leak report deadlines against the cited rule (施行規則 第8条, ガイドライン（通則編）3-5-3-3/3-5-3-4).

Rule as decided in ``dxnavi/incidents/domain/deadlines.py``: the day of discovery is day 0 (民法第140条, the
first day not counted); 速報 window = day 3 … day 5; 確報 = day 30, or day 60 when 第7条第3号 (不正の目的)
applies; calendar days (weekends, holidays, month ends and leap days count like any other day), never moved later.
"""

import datetime

import pytest

from dxnavi.incidents.domain import deadlines

D = datetime.date


@pytest.mark.parametrize(
    ("discovered", "answers", "final_due", "final_days"),
    [
        # Mid-month: 2026-04-01 + 30 days = 2026-05-01 (day 1 is 04-02).
        (D(2026, 4, 1), {"sensitive": True}, D(2026, 5, 1), 30),
        # Month end into a short February: 01-31 + 30 = 03-02 (2026 is not a leap year).
        (D(2026, 1, 31), {"financial": True}, D(2026, 3, 2), 30),
        # Leap year: 2028-01-31 + 30 = 2028-03-01 (29 February counts).
        (D(2028, 1, 31), {"over_1000": True}, D(2028, 3, 1), 30),
        # Across the year end and 年末年始: counted like any other day.
        (D(2026, 12, 15), {"sensitive": True}, D(2027, 1, 14), 30),
        # 不正の目的 (第7条第3号): 60 days. 2026-12-15 + 60 = 2027-02-13.
        (D(2026, 12, 15), {"malicious": True}, D(2027, 2, 13), 60),
        # 60 days wins when 第3号 applies together with another case.
        (D(2026, 6, 30), {"malicious": True, "over_1000": True}, D(2026, 8, 29), 60),
        # A deadline on a Sunday (2026-05-31) stays on the Sunday.
        (D(2026, 5, 1), {"financial": True}, D(2026, 5, 31), 30),
    ],
)
def test_final_deadline_counts_from_day_after_discovery(discovered, answers, final_due, final_days):
    result = deadlines.leak_deadlines(discovered, answers)
    assert (result.required, result.final_due, result.final_days) == (True, final_due, final_days)


@pytest.mark.parametrize(
    ("discovered", "window"),
    [
        (D(2026, 4, 1), (D(2026, 4, 4), D(2026, 4, 6))),
        (D(2026, 2, 26), (D(2026, 3, 1), D(2026, 3, 3))),
        (D(2026, 12, 30), (D(2027, 1, 2), D(2027, 1, 4))),
    ],
)
def test_preliminary_window_is_day_three_to_five(discovered, window):
    result = deadlines.leak_deadlines(discovered, {"sensitive": True})
    assert (result.preliminary_from, result.preliminary_to) == window


def test_leak_deadlines_no_case_no_report():
    result = deadlines.leak_deadlines(D(2026, 4, 1), {"sensitive": False, "financial": False, "malicious": False, "over_1000": False})
    assert (result.required, result.cases, result.final_due, result.preliminary_from) == (False, (), None, None)


def test_applicable_cases_in_article_order_and_only_true():
    answers = {"over_1000": True, "sensitive": True, "financial": "yes", "unknown": True}
    assert deadlines.applicable_cases(answers) == ("sensitive", "over_1000")


def test_day_zero_is_the_discovery_date():
    assert [deadlines.day(D(2026, 3, 31), n) for n in (0, 1, 30)] == [D(2026, 3, 31), D(2026, 4, 1), D(2026, 4, 30)]


@pytest.mark.parametrize(("today", "left"), [(D(2026, 5, 1), 0), (D(2026, 4, 30), 1), (D(2026, 5, 3), -2)])
def test_days_left_counts_whole_days(today, left):
    assert deadlines.days_left(D(2026, 5, 1), today) == left
