"""Reporting periods: a 年度 (April to March) or custom dates, both ends included."""

import datetime
from dataclasses import dataclass

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    fiscal_year: int | None = None  # set for a 年度

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every calendar month the period touches, in order."""
        result = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            result.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result


def fiscal_year_of(day: datetime.date) -> int:
    """The 年度 a day belongs to: April 2026 – March 2027 is 2026年度."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year(year: int) -> Period:
    return Period(datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31), fiscal_year=year)


class PeriodError(ValueError):
    """A period that cannot be used; the message names the field (start/end)."""

    def __init__(self, field: str, code: str):
        super().__init__(code)
        self.field = field
        self.code = code


def custom(start: datetime.date, end: datetime.date) -> Period:
    for field, day in (("start", start), ("end", end)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise PeriodError(field, "year_range")
    if end < start:
        raise PeriodError("end", "before_start")
    return Period(start, end)
