"""Disclosure control: hand-worked tables and properties over random tables."""

from collections import deque

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxnavi.regional.domain.suppression import (
    THRESHOLD,
    CountTable,
    extended_grid,
    find_bridges,
    protect,
    protect_means,
    single_suppressed_lines,
)

X = None  # a suppressed value in the expected tables


def _table(counts):
    return CountTable(
        rows=tuple(f"r{i}" for i in range(len(counts))),
        cols=tuple(f"c{j}" for j in range(len(counts[0]))),
        counts=tuple(tuple(row) for row in counts),
    )


def test_threshold_is_ten():
    assert THRESHOLD == 10


def test_protect_without_small_cells_shows_everything():
    shown = protect(_table([[10, 20], [30, 40]]))
    assert shown.grid() == [[10, 20, 30], [30, 40, 70], [40, 60, 100]]


def test_protect_complement_cascades_across_rows_and_columns():
    # input (row totals right, column totals below):
    #        x    y    z  | total
    #   A   20    5   30  |   55
    #   B   15   25   40  |   80
    #   C   12   18   22  |   52
    #       47   48   92  |  187
    # A·y = 5 is primary. Row A then has one suppressed value → its smallest other, A·x = 20.
    # Column x has one (A·x) → its smallest other, C·x = 12; column y has one (A·y) → C·y = 18.
    # Row C now has two, every line has 0 or 2: stable.
    shown = protect(_table([[20, 5, 30], [15, 25, 40], [12, 18, 22]]))
    assert shown.grid() == [
        [X, X, 30, 55],
        [15, 25, 40, 80],
        [X, X, 22, 52],
        [47, 48, 92, 187],
    ]


def test_protect_single_cell_row_hides_its_total_and_the_other_row():
    # one column: a row's only cell equals its row total.
    #        x | total
    #   A    4 |    4     ← both primary
    #   B   30 |   30
    #       34 |   34
    # Column x has one suppressed (A·x) → B·x = 30 (smaller than 34); the total column has one
    # (A's total) → B's total. Showing B = 30 would give A = 34 − 30 away.
    shown = protect(_table([[4], [30]]))
    assert shown.grid() == [[X, X], [X, X], [34, 34]]
    assert shown.cells == ((X,), (X,))
    assert shown.row_totals == (X, X)
    assert shown.col_totals == (34,)
    assert shown.total == 34


def test_protect_zero_and_small_margins_are_suppressed():
    #        x    y | total
    #   A    0    0 |    0     ← all primary (0 < 10)
    #   B    3   12 |   15     ← B·x primary
    #        3   12 |   15     ← column total of x primary
    # Row B has one → B·y (12 < 15); the total row has one → its y (12); the total column has one
    # (A's 0) → B's total (15, first of the two 15s). Only the grand total stays.
    shown = protect(_table([[0, 0], [3, 12]]))
    assert shown.grid() == [[X, X, X], [X, X, X], [X, X, 15]]


def test_protect_all_small_shows_nothing():
    shown = protect(_table([[1, 2], [3, 2]]))
    assert shown.shown_values() == []


def test_protect_bridge_between_two_blocks_gets_a_third_link():
    # input:
    #        a    b    c    d | total
    #   1    3    4    2   50 |   59
    #   2    5    6   40   60 |  111
    #   3   70   80    7    8 |  165
    #   4   90   35    9    5 |  139
    #      168  125   58  123 |  474
    # Primary: {1a 1b 1c 2a 2b 3c 3d 4c 4d}. Every line has 0, 2 or 3 of them, but 1c is the
    # only link between the block {1,2}×{a,b} and the block {3,4}×{c,d}: (row 1 + row 2) −
    # (column a + column b) leaves 1c alone with shown values: 1c = 59 + 111 − 168 − 125 − 1d − 2c
    # − 2d + 3a + 4a + 3b + 4b = 170 − 293 − 150 + 275 = 2 would be determined. The smallest shown
    # value joining the two sides ({1,2,a,b} and {3,4,c,d,totals}) is 4b = 35.
    counts = [[3, 4, 2, 50], [5, 6, 40, 60], [70, 80, 7, 8], [90, 35, 9, 5]]
    shown = protect(_table(counts))
    assert shown.grid() == [
        [X, X, X, 50, 59],
        [X, X, 40, 60, 111],
        [70, 80, X, X, 165],
        [90, X, X, X, 139],
        [168, 125, 58, 123, 474],
    ]


def test_protect_keeps_labels_and_serialises_round_trip():
    table = CountTable(rows=("E", "G"), cols=("b1", "b2"), counts=((12, 30), (40, 3)))
    shown = protect(table)
    assert (shown.rows, shown.cols) == (("E", "G"), ("b1", "b2"))
    assert type(shown).from_json(shown.to_json()) == shown


def test_count_table_rejects_ragged_and_negative_counts():
    with pytest.raises(ValueError):
        CountTable(rows=("a",), cols=("x", "y"), counts=((1,),))
    with pytest.raises(ValueError):
        CountTable(rows=("a",), cols=("x",), counts=((-1,),))


def test_protect_means_follow_the_protected_counts():
    # group counts after protection: 25 shown, 12 suppressed as a complement, 4 primary
    assert protect_means([25, None, None], [3.5, 2.0, 4.0]) == [3.5, None, None]
    assert protect_means([9, 10], [1.0, 2.0]) == [None, 2.0]
    assert protect_means([30], [None]) == [None]


# --- properties -------------------------------------------------------------------------------


def _signs(n_rows, n_cols):
    """+1 for cells and the grand total, −1 for margins: with these every line of the extended grid
    sums to zero."""
    last_r, last_c = n_rows - 1, n_cols - 1
    return [[-1 if (i == last_r) != (j == last_c) else 1 for j in range(n_cols)] for i in range(n_rows)]


def _cycle_through(pos, suppressed):
    """A cycle of suppressed positions through ``pos`` (alternating row/column moves), or None."""
    adj = {}
    for i, j in suppressed:
        if (i, j) != pos:
            adj.setdefault(("r", i), []).append(("c", j))
            adj.setdefault(("c", j), []).append(("r", i))
    start, goal = ("c", pos[1]), ("r", pos[0])
    parent, queue = {start: None}, deque([start])
    while queue:
        u = queue.popleft()
        if u == goal:
            path = [u]
            while parent[path[-1]] is not None:
                path.append(parent[path[-1]])
            # path goal → start: vertices alternate r, c; turn it into positions
            positions = [pos]
            for a, b in zip(path, path[1:]):
                row, col = (a, b) if a[0] == "r" else (b, a)
                positions.append((row[1], col[1]))
            return positions
        for v in adj.get(u, ()):
            if v not in parent:
                parent[v] = u
                queue.append(v)
    return None


def _assert_consistent(grid):
    n, m = len(grid) - 1, len(grid[0]) - 1
    for i in range(n + 1):
        assert sum(grid[i][:m]) == grid[i][m]
    for j in range(m + 1):
        assert sum(grid[i][j] for i in range(n)) == grid[n][j]


tables = st.integers(1, 6).flatmap(
    lambda n: st.integers(1, 6).flatmap(
        lambda m: st.lists(st.lists(st.integers(0, 40), min_size=m, max_size=m), min_size=n, max_size=n)
    )
)


@settings(max_examples=400, deadline=None)
@given(tables)
def test_protect_never_shows_a_small_value_nor_a_single_suppressed_value_per_line(counts):
    table = _table(counts)
    shown = protect(table)
    assert all(value >= THRESHOLD for value in shown.shown_values())
    grid, full = shown.grid(), extended_grid(table)
    suppressed = {(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if v is None}
    # shown values are the true ones
    assert all(grid[i][j] == full[i][j] for i, row in enumerate(grid) for j in range(len(row)) if (i, j) not in suppressed)
    assert single_suppressed_lines(suppressed, len(grid), len(grid[0])) == []
    assert find_bridges(suppressed) == []


@settings(max_examples=400, deadline=None)
@given(tables.map(lambda counts: [[value + 1 for value in row] for row in counts]))
def test_protect_every_suppressed_value_has_another_possible_value(counts):
    # With every count ≥ 1: for each suppressed value, build a second table with the same shown
    # values, consistent margins and non-negative counts, in which that value differs.
    table = _table(counts)
    shown = protect(table)
    grid, full = shown.grid(), extended_grid(table)
    signs = _signs(len(full), len(full[0]))
    suppressed = {(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if v is None}
    for pos in suppressed:
        cycle = _cycle_through(pos, suppressed)
        assert cycle is not None, pos
        for direction in (1, -1):
            other = [row[:] for row in full]
            for k, (i, j) in enumerate(cycle):
                other[i][j] += signs[i][j] * direction * (1 if k % 2 == 0 else -1)
            if all(v >= 0 for row in other for v in row):
                break
        assert all(v >= 0 for row in other for v in row)
        _assert_consistent(other)
        assert other[pos[0]][pos[1]] != full[pos[0]][pos[1]]
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                if value is not None:
                    assert other[i][j] == value


def test_protect_empty_table_shows_nothing():
    shown = protect(CountTable(rows=(), cols=("a",), counts=()))
    assert (shown.cells, shown.row_totals, shown.col_totals, shown.total) == ((), (), (None,), None)
