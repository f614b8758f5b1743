"""Columns that instruments add to an adviser's client list (and its Excel export).

The orgs app lists client companies but knows nothing of self-checks or diagnoses; each
instrument registers a provider here in its AppConfig.ready(). A provider answers for a
whole page of companies at once (one query), so the list stays O(1) in queries per column.

Providers are called once per page of 50 and once per export of thousands of clients, so they
read plain values (``values_list``, no model instances, no JSON they do not show) and build each
cell's link with :class:`UrlPattern` (one ``reverse()`` per request instead of one per cell).
"""

import datetime
from dataclasses import dataclass
from typing import Callable, NamedTuple

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone


class Cell(NamedTuple):
    """One client's value in one column (a tuple: thousands are built per export)."""

    text: str
    # When the value was measured, shown beside it: a datetime, or the date in the current time zone
    # (what the list shows and the export writes; a provider can let the database convert it).
    date: object = None
    url: str = ""  # where the adviser can read the detail (company-scoped, audit-logged)

    def local_date(self, tz=None):
        """The measurement's date in ``tz`` (default: the current time zone)."""
        if not isinstance(self.date, datetime.datetime):
            return self.date  # a date already (or None)
        return self.date.astimezone(tz or timezone.get_current_timezone()).date()


@dataclass(frozen=True)
class Column:
    key: str
    title: object  # lazy translation
    values: Callable[[list], dict]  # companies (or their ids) -> {company_id: Cell}
    # Optional: companies -> {column key: {company_id: Cell}} for several columns at once (one query
    # for all of them); columns with the same ``batch`` function share one call per page.
    batch: Callable[[list], dict] | None = None


class UrlPattern:
    """``reverse(name, args=[…])`` for many rows: reversed once per process, the ids filled in by string formatting.

    Only for URLs whose arguments are ids (``<id:…>``, digits only, so nothing needs quoting).
    """

    _MARK = "987654321987654"  # a valid id that never occurs twice in one URL by accident
    _formats: dict = {}  # reversed once per process: (name, args, script prefix, URLconf) -> format

    def __init__(self, name: str, args: int):
        key = (name, args, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        found = self._formats.get(key)
        if found is None:
            marks = [f"{self._MARK}{i}" for i in range(args)]
            found = reverse(name, args=marks).replace("{", "{{").replace("}", "}}")
            for i, mark in enumerate(marks):
                found = found.replace(mark, "{%d}" % i)
            self._formats[key] = found
        self._format = found

    def __call__(self, *ids) -> str:
        return self._format.format(*ids)


_columns: list[Column] = []


def register(column: Column) -> Column:
    if all(existing.key != column.key for existing in _columns):
        _columns.append(column)
    return column


def columns() -> list[Column]:
    return list(_columns)


def company_ids(companies) -> list[int]:
    return [getattr(company, "pk", company) for company in companies]


# --- Filters, sorts and status counts of the list (issue #12) -------------------------------------
#
# Like the columns, instruments register what the list can be filtered and sorted by; each gives a
# condition or an expression over the company row (``OuterRef("pk")`` / ``Exists`` / ``Subquery`` on
# their own indexed latest-result rows), so the whole list is filtered, counted and sorted in one SQL
# statement whatever the page size.


@dataclass(frozen=True)
class Filter:
    key: str  # the GET parameter
    title: object  # lazy translation
    # memo -> [(value, label), ...] in the current language; ``memo`` is one dict per request that the
    # filters may share reads through (e.g. the current questionnaire packs, one query for all).
    choices: Callable[[dict], list]
    condition: Callable[[str], object]  # a valid value -> a Q / boolean expression on Company
    # The client list keeps its built filter fields per process, keyed by the language, the query and each
    # filter's ``version(memo)``: the choices must be a function of the language, the deploy's content and
    # this value (e.g. the current questionnaire packs' ids). None: the language and the content only.
    version: Callable[[dict], object] | None = None


@dataclass(frozen=True)
class Sort:
    key: str  # the value of ``sort`` (``-key`` = descending)
    title: object
    expression: Callable[[], object]  # an expression on Company (NULLs are sorted last both ways)


@dataclass(frozen=True)
class Status:
    """A count at the top of the list, and the same condition as a one-click filter (``status=key``).

    The counts are kept per process under the clients' data stamps (``client_list.status_counts``): a
    condition may read only the company row, its organization's link and rows whose writes bump the
    company's ``DataStamp`` (every model with a path to Company except ``web.data_stamp.UNWATCHED``), and
    the date (whole days)."""

    key: str
    title: object
    condition: Callable[[], object]


_filters: list[Filter] = []
_sorts: list[Sort] = []
_statuses: list[Status] = []


def _register(registry, item):
    if all(existing.key != item.key for existing in registry):
        registry.append(item)
    return item


def register_filter(item: Filter) -> Filter:
    return _register(_filters, item)


def register_sort(item: Sort) -> Sort:
    return _register(_sorts, item)


def register_status(item: Status) -> Status:
    return _register(_statuses, item)


def filters() -> list[Filter]:
    return list(_filters)


def sorts() -> list[Sort]:
    return list(_sorts)


def statuses() -> list[Status]:
    return list(_statuses)


def rows(companies) -> tuple[list[Column], list[tuple[object, list]]]:
    """(columns, [(company, [Cell or None per column]), ...]) for the given companies."""
    companies = list(companies)
    ids = company_ids(companies)
    cols = columns()
    values, batches = [], {}
    for col in cols:
        if not ids:
            values.append({})
        elif col.batch is None:
            values.append(col.values(ids))
        else:
            if col.batch not in batches:
                batches[col.batch] = col.batch(ids)
            values.append(batches[col.batch].get(col.key, {}))
    return cols, [(company, [v.get(company.pk) for v in values]) for company in companies]
