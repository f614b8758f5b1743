"""Disclosure control of the aggregate tables: primary and complementary cell suppression.

Pure functions, no Django. A table is a grid of company counts (``CountTable``: rows × columns);
``protect`` returns it with its marginal totals (row totals, column totals, grand total) and every
value that must not be shown replaced by None (``ProtectedTable``).

The rules:

1. **Primary suppression**: every cell *and every margin* counting fewer than ``THRESHOLD``
   companies (including 0) is suppressed.
2. **Complementary suppression**: the table with its margins is an *extended grid* of
   (rows + 1) × (columns + 1) values in which every row and every column is an additive line
   (the cells of a line add up to its total). A line with exactly one suppressed value would give
   that value away (total minus the others), so the smallest other shown value of that line
   (ties: the first in reading order) is suppressed too. This runs over all lines until none
   changes, so it cascades across rows and columns.
3. **No determined cell**: two suppressed values per line are not always enough: seen as a
   bipartite graph (lines = vertices, suppressed values = edges), a suppressed value that is a
   *bridge* of that graph can still be computed (add up the lines of one side of the bridge). So
   for every bridge the smallest shown value joining its two sides is suppressed too, and rule 2
   runs again. When no line has exactly one suppressed value and no suppressed value is a bridge,
   every suppressed value lies on a cycle of suppressed values, along which +1/−1 can be moved
   without changing any shown value: its value is not determined by the shown ones (with every
   count ≥ 1 even within non-negative counts).

Scope of the guarantee: each table (one measure, one breakdown, one fiscal year) is protected on its
own. Tables that share a population (the industry and the size table of one measure share the grand
total; this year against last year) are not protected against each other by these rules.

Means (``protect_means``) are shown only where the count of their group is shown: a mean over
fewer than ``THRESHOLD`` companies is suppressed, and so is a mean whose count was suppressed as a
complement (its group size would otherwise be bounded by it).
"""

from collections.abc import Sequence
from dataclasses import dataclass

# A count (or a mean over a group) of fewer companies than this is never shown.
THRESHOLD = 10


@dataclass(frozen=True)
class CountTable:
    """Company counts: ``counts[i][j]`` companies in row ``rows[i]`` and column ``cols[j]``."""

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def __post_init__(self):
        if len(self.counts) != len(self.rows) or any(len(row) != len(self.cols) for row in self.counts):
            raise ValueError("counts must have one row per row label and one value per column label")
        if any(value < 0 for row in self.counts for value in row):
            raise ValueError("counts are never negative")


@dataclass(frozen=True)
class ProtectedTable:
    """A count table as it may be shown: None where a value is suppressed."""

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    col_totals: tuple[int | None, ...]
    total: int | None

    def grid(self) -> list[list[int | None]]:
        """The extended grid: the cells with their row totals as the last column and the
        column totals (and the grand total) as the last row."""
        grid = [list(row) + [self.row_totals[i]] for i, row in enumerate(self.cells)]
        grid.append(list(self.col_totals) + [self.total])
        return grid

    def shown_values(self) -> list[int]:
        return [value for row in self.grid() for value in row if value is not None]

    def to_json(self) -> dict:
        return {
            "rows": list(self.rows),
            "cols": list(self.cols),
            "cells": [list(row) for row in self.cells],
            "row_totals": list(self.row_totals),
            "col_totals": list(self.col_totals),
            "total": self.total,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ProtectedTable":
        return cls(
            rows=tuple(data["rows"]),
            cols=tuple(data["cols"]),
            cells=tuple(tuple(row) for row in data["cells"]),
            row_totals=tuple(data["row_totals"]),
            col_totals=tuple(data["col_totals"]),
            total=data["total"],
        )


def extended_grid(table: CountTable) -> list[list[int]]:
    """The counts with their margins: row totals as the last column, column totals and the grand
    total as the last row."""
    grid = [list(row) + [sum(row)] for row in table.counts]
    col_totals = [sum(table.counts[i][j] for i in range(len(table.rows))) for j in range(len(table.cols))]
    grid.append(col_totals + [sum(col_totals)])
    return grid


def _lines(n_rows: int, n_cols: int) -> list[list[tuple[int, int]]]:
    """Every additive line of an extended grid of n_rows × n_cols positions (margins included)."""
    rows = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    cols = [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    return rows + cols


def _smallest(grid, candidates) -> tuple[int, int] | None:
    candidates = list(candidates)
    if not candidates:
        return None
    return min(candidates, key=lambda pos: (grid[pos[0]][pos[1]], pos))


def _connected(a, b, edges) -> bool:
    """Are vertices a and b joined by a path over ``edges`` (pairs of vertices)?"""
    neighbours: dict = {}
    for u, v in edges:
        neighbours.setdefault(u, []).append(v)
        neighbours.setdefault(v, []).append(u)
    seen, stack = {a}, [a]
    while stack:
        u = stack.pop()
        if u == b:
            return True
        for v in neighbours.get(u, ()):
            if v not in seen:
                seen.add(v)
                stack.append(v)
    return False


def _component(start, edges) -> set:
    neighbours: dict = {}
    for u, v in edges:
        neighbours.setdefault(u, []).append(v)
        neighbours.setdefault(v, []).append(u)
    seen, stack = {start}, [start]
    while stack:
        for v in neighbours.get(stack.pop(), ()):
            if v not in seen:
                seen.add(v)
                stack.append(v)
    return seen


def _edge(pos):
    return (("r", pos[0]), ("c", pos[1]))


def find_bridges(suppressed: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The suppressed positions whose value the others determine (bridges of the line graph)."""
    bridges = []
    for pos in sorted(suppressed):
        others = [_edge(p) for p in suppressed if p != pos]
        row, col = _edge(pos)
        if not _connected(row, col, others):
            bridges.append(pos)
    return bridges


def single_suppressed_lines(suppressed: set[tuple[int, int]], n_rows: int, n_cols: int) -> list[list[tuple[int, int]]]:
    """The lines of the extended grid with exactly one suppressed value (each gives it away)."""
    return [line for line in _lines(n_rows, n_cols) if sum(pos in suppressed for pos in line) == 1]


def suppression_pattern(grid: Sequence[Sequence[int]], threshold: int = THRESHOLD) -> set[tuple[int, int]]:
    """The positions of an extended grid to suppress (rules 1–3 of the module docstring)."""
    n_rows, n_cols = len(grid), len(grid[0])
    suppressed = {(i, j) for i in range(n_rows) for j in range(n_cols) if grid[i][j] < threshold}
    lines = _lines(n_rows, n_cols)
    while True:
        changed = True
        while changed:  # rule 2 until stable
            changed = False
            for line in lines:
                if sum(pos in suppressed for pos in line) == 1:
                    extra = _smallest(grid, (pos for pos in line if pos not in suppressed))
                    if extra is not None:
                        suppressed.add(extra)
                        changed = True
        bridges = find_bridges(suppressed)
        if not bridges:
            return suppressed
        # rule 3: join the two sides of the first bridge with the smallest shown value between them
        bridge = bridges[0]
        others = [_edge(p) for p in suppressed if p != bridge]
        side = _component(_edge(bridge)[0], others)
        candidates = [
            (i, j)
            for i in range(n_rows)
            for j in range(n_cols)
            if (i, j) not in suppressed and ((("r", i) in side) != (("c", j) in side))
        ]
        extra = _smallest(grid, candidates)
        if extra is None:  # cannot happen with at least two lines each way; never loop forever
            return suppressed
        suppressed.add(extra)


def protect(table: CountTable, threshold: int = THRESHOLD) -> ProtectedTable:
    """The table with its margins and every value that must not be shown replaced by None."""
    if not table.rows or not table.cols:
        empty = tuple(() for _ in table.rows)
        return ProtectedTable(table.rows, table.cols, empty, (None,) * len(table.rows), (None,) * len(table.cols), None)
    grid = extended_grid(table)
    suppressed = suppression_pattern(grid, threshold)
    shown = [[None if (i, j) in suppressed else value for j, value in enumerate(row)] for i, row in enumerate(grid)]
    n = len(table.rows)
    return ProtectedTable(
        rows=table.rows,
        cols=table.cols,
        cells=tuple(tuple(row[:-1]) for row in shown[:n]),
        row_totals=tuple(row[-1] for row in shown[:n]),
        col_totals=tuple(shown[n][:-1]),
        total=shown[n][-1],
    )


def protect_means(counts: Sequence[int | None], means: Sequence[float | None]) -> list[float | None]:
    """Means of groups as they may be shown: only where the group's (protected) count is shown.

    ``counts`` are the groups' counts *after* ``protect`` (None = suppressed), ``means`` the raw means."""
    return [
        None if count is None or count < THRESHOLD or mean is None else mean for count, mean in zip(counts, means, strict=True)
    ]
