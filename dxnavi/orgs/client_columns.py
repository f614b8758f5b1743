"""Columns that instruments add to an adviser's client list (and its Excel export).

The orgs app lists client companies but knows nothing of self-checks or diagnoses; each
instrument registers a provider here in its AppConfig.ready(). A provider answers for a
whole page of companies at once (one query), so the list stays O(1) in queries per column.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Cell:
    text: str
    date: object = None  # when the value was measured, shown beside it
    url: str = ""  # where the adviser can read the detail (company-scoped, audit-logged)


@dataclass(frozen=True)
class Column:
    key: str
    title: object  # lazy translation
    values: Callable[[list], dict]  # companies -> {company_id: Cell}


_columns: list[Column] = []


def register(column: Column) -> Column:
    if all(existing.key != column.key for existing in _columns):
        _columns.append(column)
    return column


def columns() -> list[Column]:
    return list(_columns)


def rows(companies) -> tuple[list[Column], list[tuple[object, list]]]:
    """(columns, [(company, [Cell or None per column]), ...]) for the given companies."""
    companies = list(companies)
    cols = columns()
    values = [col.values(companies) for col in cols]
    return cols, [(company, [v.get(company.pk) for v in values]) for company in companies]
