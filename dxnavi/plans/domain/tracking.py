"""Is a KPI on track? One rule, pure function, exact arithmetic (Fraction).

The planned path is a straight line from (baseline date, baseline) to (target date, target).
Before the baseline date the path stays at the baseline; after the target date it stays at the
target. The **latest** actual is compared with the path on its date:

- when the target is above the baseline (more is better), the KPI is on track when the actual is
  at or above the path;
- when the target is below the baseline (less is better — hours, errors, cost), on track when the
  actual is at or below the path;
- when target = baseline (keep the level), on track when the actual equals the target.

No actual yet → ``None`` (no data). A project is off track when any of its KPIs is off track, on
track when at least one KPI has data and none is off track, else no data.
"""

import datetime
from dataclasses import dataclass
from fractions import Fraction

ON_TRACK, OFF_TRACK, NO_DATA = "on", "off", "none"


@dataclass(frozen=True)
class Path:
    baseline: Fraction
    baseline_date: datetime.date
    target: Fraction
    target_date: datetime.date

    def planned(self, on: datetime.date) -> Fraction:
        if on <= self.baseline_date:
            return self.baseline
        if on >= self.target_date:
            return self.target
        span = (self.target_date - self.baseline_date).days
        done = (on - self.baseline_date).days
        return self.baseline + (self.target - self.baseline) * Fraction(done, span)


def status(path: Path, actuals: list[tuple[datetime.date, Fraction]]) -> str:
    """``actuals`` as (date, value); the latest by date decides."""
    if not actuals:
        return NO_DATA
    on, value = max(actuals, key=lambda a: a[0])
    planned = path.planned(on)
    value = Fraction(value)
    if path.target > path.baseline:
        ok = value >= planned
    elif path.target < path.baseline:
        ok = value <= planned
    else:
        ok = value == planned
    return ON_TRACK if ok else OFF_TRACK


def combine(statuses: list[str]) -> str:
    if OFF_TRACK in statuses:
        return OFF_TRACK
    if ON_TRACK in statuses:
        return ON_TRACK
    return NO_DATA
