"""Japanese fiscal years (April–March) and the two points in time a report compares.

A report computed at ``now`` compares two snapshots, each "the latest completed result per company
as of a moment":

- **this fiscal year**: as of ``now`` (the fiscal year to date: a company that has not answered
  again this year still counts with its earlier latest result, as on its own dashboard);
- **last fiscal year**: as of the end of the previous fiscal year (31 March, 24:00 local time),
  i.e. results completed before 1 April of the current fiscal year.
"""

import datetime


def fiscal_year(day: datetime.date) -> int:
    """The fiscal year a day belongs to: 2026 for 1 April 2026 – 31 March 2027."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_start(year: int, tzinfo) -> datetime.datetime:
    """1 April of fiscal year ``year``, 00:00 in ``tzinfo`` (the end, exclusive, of year − 1)."""
    return datetime.datetime(year, 4, 1, tzinfo=tzinfo)


def snapshots(now: datetime.datetime) -> dict:
    """The report's two moments for ``now`` (an aware datetime in local time)."""
    year = fiscal_year(now.date())
    return {
        "fiscal_year": year,
        "current_cutoff": now,
        "previous_fiscal_year": year - 1,
        "previous_cutoff": fiscal_year_start(year, now.tzinfo),  # results completed before this
    }
