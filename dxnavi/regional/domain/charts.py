"""Geometry of the report's SVG chart (no Django): one 100 % stacked bar per row.

Drawn for a 360-unit-wide viewBox like the other charts (``assessments.domain.charts``), so it fits
a 390 px phone at 100 % width. A row whose counts are suppressed gets no bar, only its label and a
word (the template says 「秘匿」); a suppressed category inside a shown row is left as a grey gap
(its share is unknown), never estimated.
"""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 360
TRACK = 340
LEFT = 10
ROW_HEIGHT = 40
TOP = 8
LEGEND_ROW = 20
# Colour per category (colour-blind safe, dark enough for white text); categories repeat past six.
PALETTE = ("#b42318", "#dc6803", "#7a5af8", "#0b5cad", "#067647", "#344054")


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    index: int  # the category (colour)
    share: float

    @property
    def colour(self) -> str:
        return colour(self.index)

    @property
    def text_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def labelled(self) -> bool:
        return self.width >= 34  # room for "12.5%"


@dataclass(frozen=True)
class BarRow:
    label: str
    y: int
    segments: tuple[Segment, ...]
    hidden: bool  # the row's counts are suppressed

    @property
    def label_y(self) -> int:
        return self.y + 12

    @property
    def bar_y(self) -> int:
        return self.y + 17


@dataclass(frozen=True)
class LegendItem:
    label: str
    index: int
    x: int
    y: int

    @property
    def colour(self) -> str:
        return colour(self.index)


@dataclass(frozen=True)
class StackedBars:
    rows: tuple[BarRow, ...]
    legend: tuple[LegendItem, ...]
    height: int
    width: int = WIDTH
    track: int = TRACK
    left: int = LEFT


def stacked_bars(rows: Sequence[tuple[str, Sequence[float | None] | None]], categories: Sequence[str]) -> StackedBars:
    """Rows of (label, shares in % per category, or None when the row is suppressed)."""
    legend_rows = (len(categories) + 2) // 3
    legend = tuple(
        LegendItem(label, i, LEFT + (i % 3) * 115, TOP + (i // 3) * LEGEND_ROW + 10) for i, label in enumerate(categories)
    )
    top = TOP + legend_rows * LEGEND_ROW + 4
    placed = []
    for n, (label, shares) in enumerate(rows):
        y = top + n * ROW_HEIGHT
        segments, x = [], float(LEFT)
        if shares is not None:
            for i, share in enumerate(shares):
                if share is None:
                    continue
                width = round(TRACK * share / 100, 1)
                segments.append(Segment(round(x, 1), width, i, share))
                x += width
        placed.append(BarRow(label, y, tuple(segments), shares is None))
    return StackedBars(tuple(placed), legend, top + len(rows) * ROW_HEIGHT + 4)
