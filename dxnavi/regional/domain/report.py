"""From grouped counts to the report as it may be shown (pure: no Django, no database).

The database answers with grouped rows only (``queries``): per measure, the number of companies per
(industry, size band, category) and, for means, per (industry, size band) the number of companies
and the sums of their part scores. Here they become, per measure and per breakdown (industry 大分類 or
size band), a count table with margins protected by ``suppression.protect``, the means of each row
shown only where its count is, shares, and the change from last fiscal year. Only this protected
result is stored: never a raw count under ``THRESHOLD``.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from .suppression import CountTable, ProtectedTable, protect, protect_means

DIMENSIONS = ("industry", "size")


@dataclass(frozen=True)
class Counted:
    """Companies of one (industry, size band) group in one category."""

    industry: str
    size: str
    category: str
    n: int


@dataclass(frozen=True)
class Summed:
    """Companies of one (industry, size band) group with a result, and their part-score sums."""

    industry: str
    size: str
    n: int
    sums: dict = field(default_factory=dict)  # part id -> sum of the part's score


def _key(item, dimension: str) -> str:
    return item.industry if dimension == "industry" else item.size


def count_table(cells: Sequence[Counted], dimension: str, rows: Sequence[str], cols: Sequence[str]) -> CountTable:
    counts = {(r, c): 0 for r in rows for c in cols}
    for cell in cells:
        key = (_key(cell, dimension), cell.category)
        if key in counts:
            counts[key] += cell.n
    return CountTable(rows=tuple(rows), cols=tuple(cols), counts=tuple(tuple(counts[r, c] for c in cols) for r in rows))


def _means(summed: Sequence[Summed], dimension: str, rows: Sequence[str], parts: Sequence[str], scale: float):
    """Raw means per row and part, and over all rows (None where nobody answered)."""
    n = {r: 0 for r in rows}
    sums = {r: {p: 0 for p in parts} for r in rows}
    for item in summed:
        row = _key(item, dimension)
        if row in n:
            n[row] += item.n
            for p in parts:
                sums[row][p] += item.sums.get(p) or 0
    total_n = sum(n.values())

    def mean(s, count):
        return round(s / count / scale, 2) if count else None

    by_row = [[mean(sums[r][p], n[r]) for p in parts] for r in rows]
    total = [mean(sum(sums[r][p] for r in rows), total_n) for p in parts]
    return by_row, total


def _shares(table: ProtectedTable) -> list[list[float | None]]:
    return [
        [round(100 * cell / table.row_totals[i], 1) if cell is not None and table.row_totals[i] else None for cell in row]
        for i, row in enumerate(table.cells)
    ]


def _difference(a, b, digits: int = 1):
    return None if a is None or b is None else round(a - b, digits)


def breakdown(
    current: Sequence[Counted],
    previous: Sequence[Counted],
    *,
    dimension: str,
    order: Sequence[str],
    cols: Sequence[str],
    current_sums: Sequence[Summed] = (),
    previous_sums: Sequence[Summed] = (),
    parts: Sequence[str] = (),
    scale: float = 1,
) -> dict:
    """One measure by one dimension, this year and last, protected, with shares, means and changes.

    Each year's table has the rows (in ``order``) with at least one company that year; the change
    is given per row of this year's table (None where last year has no such row or a value is
    not shown)."""
    out = {}
    for year, cells, summed in (("current", current, current_sums), ("previous", previous, previous_sums)):
        rows = present_rows(order, (dimension, cells))
        table = protect(count_table(cells, dimension, rows, cols))
        data = table.to_json()
        data["shares"] = _shares(table)
        if parts:
            by_row, total = _means(summed, dimension, rows, parts, scale)
            data["means"] = [protect_means([table.row_totals[i]] * len(parts), by_row[i]) for i in range(len(rows))]
            data["total_means"] = protect_means([table.total] * len(parts), total)
        out[year] = data
    cur, prev = out["current"], out["previous"]
    prev_index = {row: i for i, row in enumerate(prev["rows"])}
    none_row = [None] * len(cols)

    def previous_of(key, i_row, width):
        i = prev_index.get(i_row)
        return prev[key][i] if i is not None else [None] * width

    change = {
        "shares": [
            [_difference(a, b) for a, b in zip(cur["shares"][i], previous_of("shares", row, len(cols)) or none_row, strict=True)]
            for i, row in enumerate(cur["rows"])
        ]
    }
    if parts:
        change["means"] = [
            [_difference(a, b, 2) for a, b in zip(cur["means"][i], previous_of("means", row, len(parts)), strict=True)]
            for i, row in enumerate(cur["rows"])
        ]
        change["total_means"] = [_difference(a, b, 2) for a, b in zip(cur["total_means"], prev["total_means"], strict=True)]
    out["change"] = change
    return out


def present_rows(order: Sequence[str], *groups: Sequence) -> list[str]:
    """The rows (in ``order``) that have at least one company in any of the given groups; unknown
    codes go last. Rows without any company are left out of the tables."""
    seen = {_key(item, dim) for dim, items in groups for item in items}
    known = [r for r in order if r in seen]
    return known + sorted(seen - set(order))


def section(
    section_id: str,
    cols: Sequence[str],
    current: Sequence[Counted],
    previous: Sequence[Counted],
    *,
    row_orders: dict,
    current_sums: Sequence[Summed] = (),
    previous_sums: Sequence[Summed] = (),
    parts: Sequence[str] = (),
    scale: float = 1,
) -> dict:
    """One measure by industry and by size band."""
    result = {"id": section_id, "cols": list(cols), "parts": list(parts), "dimensions": {}}
    for dimension in DIMENSIONS:
        data = breakdown(
            current, previous, dimension=dimension, order=row_orders[dimension], cols=cols,
            current_sums=current_sums, previous_sums=previous_sums, parts=parts, scale=scale,
        )  # fmt: skip
        result["dimensions"][dimension] = data
    return result
