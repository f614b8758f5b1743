"""Deadlines of the personal-data leak reports to the 個人情報保護委員会, from the day of discovery.

The rule (checked 2026-12):
- 個人情報の保護に関する法律 第26条第1項: a leak of the kinds in 施行規則 第7条 must be reported;
  第7条 第1号 要配慮個人情報, 第2号 財産的被害のおそれ, 第3号 不正の目的のおそれ, 第4号 1,000人超.
- 施行規則 第8条第1項 (速報): 「当該事態を知った後、速やかに」 — ガイドライン（通則編）3-5-3-3 puts this at
  おおむね3～5日以内 of knowing; we show the window day 3 … day 5.
- 施行規則 第8条第2項 (確報): 「当該事態を知った日から30日以内（第7条第3号の事態は60日以内）」 —
  ガイドライン（通則編）3-5-3-4.

Counting (our decision, tested in tests/incidents/test_deadlines.py): a period of days counted 「知った日から」
follows 民法第140条: the first day is not counted (the day of discovery is day 0, the next day day 1), so
day N is the discovery date plus N calendar days; weekends and holidays are counted and month ends need
no special rule (days, not months). The proviso of 第140条 (a period that begins at 0:00) does not apply:
learning of a leak is an event during a day, not a period set to start at midnight. We never move a
deadline that falls on a weekend or holiday to a later day: the date shown is the earliest reading, so
acting by it is always in time.
"""

import datetime
from dataclasses import dataclass

PRELIMINARY_FROM_DAYS = 3
PRELIMINARY_TO_DAYS = 5
FINAL_DAYS = 30
FINAL_DAYS_MALICIOUS = 60

CASES = ("sensitive", "financial", "malicious", "over_1000")  # 施行規則 第7条 第1号〜第4号


@dataclass(frozen=True)
class LeakDeadlines:
    discovered: datetime.date
    cases: tuple  # the report cases that apply, in 第7条's order
    required: bool
    preliminary_from: datetime.date | None
    preliminary_to: datetime.date | None
    final_due: datetime.date | None
    final_days: int | None


def day(discovered: datetime.date, n: int) -> datetime.date:
    """Day ``n`` of a period counted from the day of discovery (that day itself is day 0: 民法第140条)."""
    return discovered + datetime.timedelta(days=n)


def applicable_cases(answers: dict) -> tuple:
    """The 第7条 cases answered yes, in the article's order (unknown keys ignored)."""
    return tuple(case for case in CASES if answers.get(case) is True)


def leak_deadlines(discovered: datetime.date, answers: dict) -> LeakDeadlines:
    """Which reports are due and by when, for a leak discovered on ``discovered`` (a local date)."""
    cases = applicable_cases(answers)
    if not cases:
        return LeakDeadlines(discovered, cases, False, None, None, None, None)
    final_days = FINAL_DAYS_MALICIOUS if "malicious" in cases else FINAL_DAYS
    return LeakDeadlines(
        discovered=discovered,
        cases=cases,
        required=True,
        preliminary_from=day(discovered, PRELIMINARY_FROM_DAYS),
        preliminary_to=day(discovered, PRELIMINARY_TO_DAYS),
        final_due=day(discovered, final_days),
        final_days=final_days,
    )


def days_left(due: datetime.date, today: datetime.date) -> int:
    """Whole days from ``today`` to ``due`` (0 on the day itself, negative when past)."""
    return (due - today).days
