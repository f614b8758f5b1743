"""Subsidy-timing warnings of a project (domain.timing)."""

import datetime

from dxnavi.plans.domain import timing

D = datetime.date
WINDOWS = [{"label": {"ja": "1次締切"}, "deadline": "2027-05-12"}, {"label": {"ja": "2次締切"}, "deadline": "2027-06-15"}]
TODAY = D(2027, 4, 1)


def _evaluate(**kwargs):
    args = {"windows": WINDOWS, "today": TODAY, "planned_order_date": D(2027, 9, 1), "expected_decision_date": None, "quotes": []}
    return timing.evaluate(**{**args, **kwargs})


def test_timing_no_warning_when_order_after_estimated_decision():
    """Next deadline 2027-05-12 + 60 days = 2027-07-11 (estimated decision); ordering 2027-09-01 is fine."""
    result = _evaluate()
    assert result.expected_decision == D(2027, 7, 11)
    assert result.decision_estimated is True
    assert result.codes == []


def test_timing_warns_order_before_decision():
    result = _evaluate(planned_order_date=D(2027, 7, 10))
    assert result.codes == [timing.ORDER_BEFORE_DECISION]
    assert result.warnings[0].params == {"planned": D(2027, 7, 10), "decision": D(2027, 7, 11)}


def test_timing_order_on_decision_day_is_fine():
    assert _evaluate(planned_order_date=D(2027, 7, 11)).codes == []


def test_timing_entered_decision_date_replaces_estimate():
    result = _evaluate(expected_decision_date=D(2027, 10, 1))
    assert (result.expected_decision, result.decision_estimated) == (D(2027, 10, 1), False)
    assert result.codes == [timing.ORDER_BEFORE_DECISION]


def test_timing_warns_quote_expiring_before_decision():
    quotes = [
        timing.QuoteDate("A社／勤怠クラウド", D(2027, 6, 30), chosen=True),
        timing.QuoteDate("B社／勤怠パッケージ", D(2027, 12, 31)),
    ]
    result = _evaluate(quotes=quotes)
    assert result.codes == [timing.QUOTE_EXPIRES]
    assert result.warnings[0].params == {
        "quote": "A社／勤怠クラウド",
        "valid_until": D(2027, 6, 30),
        "decision": D(2027, 7, 11),
        "chosen": True,
    }


def test_timing_warns_window_closed():
    result = _evaluate(today=D(2027, 6, 16))
    assert result.codes == [timing.WINDOW_CLOSED]
    assert result.warnings[0].params == {"last_deadline": D(2027, 6, 15)}
    assert result.expected_decision is None


def test_timing_uses_next_open_window():
    """After the 1st deadline, the 2nd (2027-06-15) + 60 days = 2027-08-14."""
    assert _evaluate(today=D(2027, 5, 13)).expected_decision == D(2027, 8, 14)


def test_timing_warns_no_windows_and_no_order_date():
    result = _evaluate(windows=[], planned_order_date=None)
    assert result.codes == [timing.NO_WINDOWS, timing.NO_ORDER_DATE]
