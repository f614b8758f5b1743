"""The adviser's comparison of clients: each client's latest results side by side as a heat map.

Like ``client_columns``, the orgs app knows nothing of the instruments: each registers a
:class:`Provider` in its AppConfig.ready(). A provider answers for a whole page of clients at once,
in a fixed number of queries, so the page costs the same for 5 or 50 clients. The rows are the client
list's (``client_list.client_page``: the same search, 50 per page) — never another query of clients.

Each cell carries its value as text and a colour level 0–4 (``level``: the share of the scale reached,
or the band's position), so colour is never the only cue; the template adds a legend.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from . import client_list

LEVELS = 5  # colour steps: 0 (lowest) … 4 (highest)


class HeatCell(NamedTuple):
    text: str
    level: int | None = None  # None: shown without colour (e.g. a percentile that is not a score)
    url: str = ""
    note: str = ""  # shown under the value (e.g. the peer group's size bucket)


@dataclass(frozen=True)
class HeatColumn:
    key: str
    title: str
    group: str  # the instrument's name, shown above its columns


@dataclass(frozen=True)
class Provider:
    key: str
    order: int
    # company ids -> ([HeatColumn], {company_id: {column key: HeatCell}})
    fetch: Callable[[list[int]], tuple[list[HeatColumn], dict[int, dict[str, HeatCell]]]]


_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if all(existing.key != provider.key for existing in _providers):
        _providers.append(provider)
        _providers.sort(key=lambda p: p.order)
    return provider


def providers() -> list[Provider]:
    return list(_providers)


def level(value, low, high) -> int:
    """The colour step of ``value`` on the scale ``low``–``high`` (clamped)."""
    if high <= low:
        return LEVELS - 1
    share = (min(max(value, low), high) - low) / (high - low)
    return min(LEVELS - 1, int(share * LEVELS))


@dataclass
class Heatmap:
    page: object  # the client list's page (named tuples: pk, name, …)
    columns: list[HeatColumn]
    groups: list[tuple[str, int]]  # (instrument name, number of its columns), in column order
    rows: list[tuple[object, list[HeatCell | None]]]


def heatmap(user, organization, query: str, number) -> Heatmap:
    """The page ``number`` of the organization's clients (as the client list pages and searches them)
    with every registered provider's cells."""
    page = client_list.client_page(user, organization, query, number)
    companies = list(page.object_list)
    ids = [company.pk for company in companies]
    columns, cells = [], {}
    for provider in providers():
        found_columns, found = provider.fetch(ids) if ids else ([], {})
        columns.extend(found_columns)
        for company_id, values in found.items():
            cells.setdefault(company_id, {}).update(values)
    groups = []
    for column in columns:
        if groups and groups[-1][0] == column.group:
            groups[-1] = (column.group, groups[-1][1] + 1)
        else:
            groups.append((column.group, 1))
    rows = [(company, [cells.get(company.pk, {}).get(column.key) for column in columns]) for company in companies]
    return Heatmap(page=page, columns=columns, groups=groups, rows=rows)
