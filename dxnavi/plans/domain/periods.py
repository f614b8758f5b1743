"""Half-year periods of a plan: 上期 = April–September, 下期 = October–March (the Japanese fiscal half-years).

A plan starts at (start_year, start_half) and runs for ``periods`` half-years; period ``index`` is 0-based.
"""

import datetime

from django.utils.translation import gettext as _

MIN_YEAR = 2000
MAX_YEAR = 2100


def period_start(start_year: int, start_half: int, index: int) -> tuple[int, int]:
    """(year, half) of period ``index``: 2027上期 + 1 = 2027下期, + 2 = 2028上期."""
    absolute = start_year * 2 + (start_half - 1) + index
    return absolute // 2, absolute % 2 + 1


def period_label(start_year: int, start_half: int, index: int) -> str:
    year, half = period_start(start_year, start_half, index)
    if half == 1:
        return _("%(year)s H1") % {"year": year}
    return _("%(year)s H2") % {"year": year}


def period_months(start_year: int, start_half: int, index: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the period (上期: 4/1–9/30; 下期: 10/1–3/31 of the next year)."""
    year, half = period_start(start_year, start_half, index)
    if half == 1:
        return datetime.date(year, 4, 1), datetime.date(year, 9, 30)
    return datetime.date(year, 10, 1), datetime.date(year + 1, 3, 31)


def current_half(today: datetime.date) -> tuple[int, int]:
    """The half-year ``today`` falls in (January–March belong to the previous year's 下期)."""
    if 4 <= today.month <= 9:
        return today.year, 1
    if today.month >= 10:
        return today.year, 2
    return today.year - 1, 2


def next_half(today: datetime.date) -> tuple[int, int]:
    year, half = current_half(today)
    return period_start(year, half, 1)


def labels(start_year: int, start_half: int, periods: int) -> list[str]:
    return [period_label(start_year, start_half, i) for i in range(periods)]
