"""Application rounds (公募回) of a program against today and the company's planned order date.

Pure functions (no ORM). A round is open when today is within [opens, deadline], upcoming
when it opens later, closed (受付終了) once the deadline has passed. Ordering on or before a
round's deadline means ordering before any grant decision (交付決定) of that round, which in
most subsidies makes the cost ineligible.
"""

import datetime
from dataclasses import dataclass

OPEN, UPCOMING, CLOSED = "open", "upcoming", "closed"
STATE_ORDER = {OPEN: 0, UPCOMING: 1, CLOSED: 2}

# How the planned order date sits against one round.
NO_PLAN = "no_plan"  # no planned order date entered
ROUND_CLOSED = "round_closed"  # the round cannot be applied for any more
BEFORE_DECISION = "before_decision"  # order on or before the deadline: before the grant decision → not eligible
AFTER_DEADLINE = "after_deadline"  # order after the deadline: possible, but only once the decision is issued


def parse_date(value) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class Round:
    program_id: str
    label: dict
    deadline: datetime.date | None
    opens: datetime.date | None = None
    verified: bool = False
    source: str = ""
    origin: str = "catalog"  # "catalog" (YAML) or "jgrants" (accepted by an operator)
    url: str = ""

    @classmethod
    def from_window(cls, program_id: str, window: dict, **extra) -> "Round":
        return cls(
            program_id=program_id,
            label=window["label"],
            deadline=parse_date(window.get("deadline")),
            opens=parse_date(window.get("opens")),
            verified=bool(window.get("verified")),
            source=window.get("source", ""),
            **extra,
        )


def round_state(opens: datetime.date | None, deadline: datetime.date | None, today: datetime.date) -> str:
    if deadline is not None and deadline < today:
        return CLOSED
    if opens is not None and opens > today:
        return UPCOMING
    return OPEN


def order_timing(planned: datetime.date | None, state: str, deadline: datetime.date | None) -> str:
    if state == CLOSED:
        return ROUND_CLOSED
    if planned is None:
        return NO_PLAN
    if deadline is None or planned <= deadline:
        return BEFORE_DECISION
    return AFTER_DEADLINE


@dataclass(frozen=True)
class RoundStatus:
    round: Round
    state: str
    timing: str
    days_left: int | None  # days until the deadline (open rounds), or until it opens (upcoming)


def assess(rounds: list[Round], today: datetime.date, planned: datetime.date | None = None) -> list[RoundStatus]:
    """Every round with its state and timing, open first (nearest deadline first), then upcoming
    (soonest first), then closed (most recent first)."""
    result = []
    for r in rounds:
        state = round_state(r.opens, r.deadline, today)
        if state == OPEN and r.deadline is not None:
            days = (r.deadline - today).days
        elif state == UPCOMING:
            days = (r.opens - today).days
        else:
            days = None
        result.append(RoundStatus(r, state, order_timing(planned, state, r.deadline), days))

    def key(status: RoundStatus):
        r = status.round
        if status.state == OPEN:
            return (0, (r.deadline or datetime.date.max).toordinal())
        if status.state == UPCOMING:
            return (1, r.opens.toordinal())
        return (2, -(r.deadline.toordinal()))

    return sorted(result, key=key)


def has_current(statuses: list[RoundStatus]) -> bool:
    """True when at least one round is open or upcoming."""
    return any(s.state in (OPEN, UPCOMING) for s in statuses)
