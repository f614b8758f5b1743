"""Subsidy timing of a project: pure function, no database.

Rules (from the subsidy checklist: never order before 交付決定; 精算払い):

- The application window is the first window of the linked frame whose deadline is today or
  later. When every deadline has passed → ``window_closed``; when the catalog lists no window →
  ``no_windows`` (the schedule cannot be checked).
- The expected 交付決定 date is the date the user entered (from the call's guidelines), else an
  estimate: the window's deadline + ``DEFAULT_DECISION_LAG_DAYS`` (``decision_estimated`` is True).
- ``order_before_decision``: the planned order date is before the expected 交付決定 (ordering on
  that day or later is fine).
- ``quote_expires``: a quote's validity ends before the expected 交付決定 (one warning per quote;
  the chosen quote is marked).
- ``no_order_date``: a subsidy is linked but no order date is planned yet.
"""

import datetime
from dataclasses import dataclass, field

# A conservative estimate when the guidelines' date is not entered: about two months from the
# application deadline to the grant decision.
DEFAULT_DECISION_LAG_DAYS = 60

ORDER_BEFORE_DECISION = "order_before_decision"
QUOTE_EXPIRES = "quote_expires"
WINDOW_CLOSED = "window_closed"
NO_WINDOWS = "no_windows"
NO_ORDER_DATE = "no_order_date"


@dataclass(frozen=True)
class QuoteDate:
    label: str  # vendor / tool, for the message
    valid_until: datetime.date | None
    chosen: bool = False


@dataclass(frozen=True)
class Warning:
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Timing:
    window: dict | None  # {"label": {...}, "deadline": date}
    expected_decision: datetime.date | None
    decision_estimated: bool
    warnings: list[Warning]

    @property
    def codes(self) -> list[str]:
        return [w.code for w in self.warnings]


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def next_window(windows: list[dict], today: datetime.date) -> dict | None:
    open_ = sorted(
        ({**w, "deadline": _date(w["deadline"])} for w in windows if _date(w.get("deadline")) and _date(w["deadline"]) >= today),
        key=lambda w: w["deadline"],
    )
    return open_[0] if open_ else None


def evaluate(
    *,
    windows: list[dict],
    today: datetime.date,
    planned_order_date: datetime.date | None,
    expected_decision_date: datetime.date | None,
    quotes: list[QuoteDate],
    decision_lag_days: int = DEFAULT_DECISION_LAG_DAYS,
) -> Timing:
    warnings = []
    window = next_window(windows, today)
    if not windows:
        warnings.append(Warning(NO_WINDOWS))
    elif window is None:
        last = max(_date(w["deadline"]) for w in windows if _date(w.get("deadline")))
        warnings.append(Warning(WINDOW_CLOSED, {"last_deadline": last}))
    decision, estimated = expected_decision_date, False
    if decision is None and window is not None:
        decision, estimated = window["deadline"] + datetime.timedelta(days=decision_lag_days), True
    if planned_order_date is None:
        warnings.append(Warning(NO_ORDER_DATE))
    elif decision is not None and planned_order_date < decision:
        warnings.append(Warning(ORDER_BEFORE_DECISION, {"planned": planned_order_date, "decision": decision}))
    if decision is not None:
        for quote in quotes:
            if quote.valid_until is not None and quote.valid_until < decision:
                warnings.append(
                    Warning(
                        QUOTE_EXPIRES,
                        {"quote": quote.label, "valid_until": quote.valid_until, "decision": decision, "chosen": quote.chosen},
                    )
                )
    return Timing(window=window, expected_decision=decision, decision_estimated=estimated, warnings=warnings)
