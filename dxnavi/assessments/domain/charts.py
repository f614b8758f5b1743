"""Geometry for two server-rendered SVG charts (no Django, no database).

- ``comparison``: the company's answers next to published national shares (全国の統計), one
  row per figure: the share as a bar on a 0–100 % scale with gridlines, the company's own
  answer as a mark and a word underneath.
- ``trend``: the company's own results over time, a line on a labelled scale.

Both are drawn for a 360-unit-wide viewBox, so they fit a 390 px phone at 100 % width.
"""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 360

# --- national comparison ---------------------------------------------------------------------

TRACK = 290  # bar track width for 100 %
ROW_HEIGHT = 62
TOP = 24  # room for the scale labels above the first row
GRID = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    percent: float
    does: bool | None  # the company does it (True), does not (False), did not answer (None)
    own_text: str
    y: int  # top of the row

    @property
    def label_y(self) -> int:
        return self.y + 14

    @property
    def bar_y(self) -> int:
        return self.y + 21

    @property
    def bar_width(self) -> float:
        return round(TRACK * self.percent / 100, 1)

    @property
    def value_x(self) -> float:
        # Inside the track after the bar; near 100 % the value goes inside the bar's end.
        return round(min(self.bar_width + 4, TRACK - 44), 1)

    @property
    def value_y(self) -> int:
        return self.y + 33

    @property
    def own_y(self) -> int:
        return self.y + 53

    @property
    def mark_cy(self) -> int:
        return self.y + 49


@dataclass(frozen=True)
class GridLine:
    x: float
    label: str


@dataclass(frozen=True)
class Comparison:
    rows: list[ComparisonRow]
    grid: list[GridLine]
    height: int
    width: int = WIDTH
    track: int = TRACK
    top: int = TOP


def comparison(rows: Sequence[tuple[str, float, bool | None, str]]) -> Comparison:
    """Rows of (label, national %, does the company do it, the company's answer in words)."""
    placed = [
        ComparisonRow(label, float(percent), does, own_text, TOP + i * ROW_HEIGHT)
        for i, (label, percent, does, own_text) in enumerate(rows)
    ]
    grid = [GridLine(round(TRACK * g / 100, 1), f"{g}%") for g in GRID]
    return Comparison(rows=placed, grid=grid, height=TOP + len(placed) * ROW_HEIGHT + 4)


# --- trend of the company's own results --------------------------------------------------------

PLOT_LEFT = 62  # room for the scale labels (e.g. 「段階4」)
PLOT_RIGHT = WIDTH - 16
PLOT_TOP = 18
PLOT_BOTTOM = 150
TREND_HEIGHT = 186


@dataclass(frozen=True)
class TrendPoint:
    x: float
    y: float
    date_label: str
    value_label: str
    show_date: bool


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Trend:
    points: list[TrendPoint]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = TREND_HEIGHT
    left: int = PLOT_LEFT
    right: int = PLOT_RIGHT
    bottom: int = PLOT_BOTTOM

    @property
    def line(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def date_y(self) -> int:
        return self.bottom + 20


def _y(value: float, low: float, high: float) -> float:
    span = (high - low) or 1
    return round(PLOT_BOTTOM - (value - low) / span * (PLOT_BOTTOM - PLOT_TOP), 1)


def trend(
    points: Sequence[tuple[str, float, str]], *, low: float, high: float, ticks: Sequence[tuple[float, str]]
) -> Trend:
    """Points of (date label, value, value label), oldest first, on a scale from low to high.

    Points are spread evenly (results are not taken at regular intervals, and the dates are
    written under them). Dates are written under the first and last point and, with up to five
    points, under every point, so they never overlap on a phone.
    """
    count = len(points)
    step = (PLOT_RIGHT - PLOT_LEFT - 24) / (count - 1) if count > 1 else 0
    placed = []
    for i, (date_label, value, value_label) in enumerate(points):
        x = round(PLOT_LEFT + 12 + i * step, 1) if count > 1 else round((PLOT_LEFT + PLOT_RIGHT) / 2, 1)
        show = count <= 5 or i in (0, count - 1)
        placed.append(TrendPoint(x, _y(value, low, high), date_label, value_label, show))
    return Trend(points=placed, ticks=[Tick(_y(v, low, high), label) for v, label in ticks])
