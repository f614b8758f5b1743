"""Maturity levels: roll-up of level_target answers per part (pillar), gaps, changes, radar geometry.

Each item is answered with a current level and a target level on the pack's scale (0–5 for
the DX promotion index). The roll-up:

- pillar level = mean of its items' levels;
- overall level = mean of the pillar levels, so each pillar weighs the same however many
  items it has (the Digital Governance Code treats its pillars as equals);
- stored and compared as hundredths, rounded half up (2.345 -> 235), in exact fractions so
  the rounding never depends on binary floating point.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .packs import PackSpec


def hundredths(value: Fraction) -> int:
    """Round half up to hundredths, as an integer (Fraction(47, 20) = 2.35 -> 235)."""
    value = Fraction(value) * 100
    return math.floor(value + Fraction(1, 2))


def format_hundredths(value: int | None) -> str:
    """235 -> "2.35" (levels are never negative)."""
    if value is None:
        return ""
    return f"{value // 100}.{value % 100:02d}"


@dataclass(frozen=True)
class ItemLevel:
    question: dict
    part_id: str
    current: int
    target: int
    evidence: str
    action: str

    @property
    def id(self) -> str:
        return self.question["id"]

    @property
    def number(self) -> int:
        return self.question["number"]

    @property
    def gap(self) -> int:
        return self.target - self.current


def items(pack: PackSpec, answers: Mapping) -> list[ItemLevel]:
    """Answered level_target items in pack order (incomplete or foreign answers are skipped)."""
    rows = []
    for question in pack.questions:
        value = answers.get(question["id"])
        if question.get("type") == "level_target" and pack.is_answered(question, value):
            rows.append(
                ItemLevel(
                    question,
                    pack.part_of(question["id"]),
                    value["current"],
                    value["target"],
                    value.get("evidence", ""),
                    value.get("action", ""),
                )
            )
    return rows


class _InHundredths:
    """``current``/``target`` means (Fractions) as the hundredths the pages and the database use."""

    @property
    def current_h(self) -> int:
        return hundredths(self.current)

    @property
    def target_h(self) -> int:
        return hundredths(self.target)

    @property
    def gap_h(self) -> int:
        return self.target_h - self.current_h


@dataclass(frozen=True)
class PillarRow(_InHundredths):
    part: dict
    current: Fraction
    target: Fraction
    count: int


@dataclass(frozen=True)
class Rollup(_InHundredths):
    pillars: list[PillarRow]
    current: Fraction
    target: Fraction

    @property
    def level(self) -> int:
        """The overall level reached: the whole part of the mean (2.99 is still level 2)."""
        return math.floor(self.current)


def rollup(pack: PackSpec, answers: Mapping) -> Rollup:
    rows = items(pack, answers)
    pillars = []
    for part in pack.parts:
        mine = [r for r in rows if r.part_id == part["id"]]
        if mine:
            pillars.append(
                PillarRow(
                    part,
                    Fraction(sum(r.current for r in mine), len(mine)),
                    Fraction(sum(r.target for r in mine), len(mine)),
                    len(mine),
                )
            )
    if not pillars:
        return Rollup([], Fraction(0), Fraction(0))
    return Rollup(
        pillars,
        sum((p.current for p in pillars), Fraction(0)) / len(pillars),
        sum((p.target for p in pillars), Fraction(0)) / len(pillars),
    )


def gaps(rows: list[ItemLevel]) -> list[ItemLevel]:
    """Items below their target, largest gap first; ties: lower current level, then question number."""
    return sorted((r for r in rows if r.gap > 0), key=lambda r: (-r.gap, r.current, r.number))


@dataclass(frozen=True)
class LevelChange:
    before: ItemLevel
    after: ItemLevel

    @property
    def delta(self) -> int:
        return self.after.current - self.before.current


def changes(before: list[ItemLevel], after: list[ItemLevel]) -> list[LevelChange]:
    """Items whose current level moved, by stable question id (items of only one version skipped)."""
    old = {r.id: r for r in before}
    return [LevelChange(old[r.id], r) for r in after if r.id in old and old[r.id].current != r.current]


# --- radar chart ---------------------------------------------------------------------------
# Sized for short pillar labels (about 7 full-width characters) left and right of the web.

RADAR_WIDTH = 440
RADAR_HEIGHT = 330
RADAR_CX = 220
RADAR_CY = 150
RADAR_RADIUS = 110
LABEL_OFFSET = 14


@dataclass(frozen=True)
class Axis:
    label: str
    current: float
    target: float
    x: float  # end of the axis line (the scale's maximum)
    y: float
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor


@dataclass(frozen=True)
class Radar:
    axes: list[Axis]
    rings: list[str]  # polygon points for levels 1..max
    current_points: str
    target_points: str
    max_level: int
    width: int = RADAR_WIDTH
    height: int = RADAR_HEIGHT
    cx: int = RADAR_CX
    cy: int = RADAR_CY

    @property
    def legend_y(self) -> int:
        return self.height - 12

    @property
    def scale(self) -> list[tuple[int, float, float]]:
        """The scale: (level, x, y) for a label at each ring, 0..max, beside the first (upright) axis."""
        step = RADAR_RADIUS / self.max_level
        return [(level, RADAR_CX + 4, round(RADAR_CY - step * level + 11, 1)) for level in range(self.max_level + 1)]


def _point(index: int, count: int, fraction: float, radius: float = RADAR_RADIUS) -> tuple[float, float]:
    # First axis points straight up, the rest follow clockwise (SVG's y grows downwards).
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return (round(RADAR_CX + radius * fraction * math.cos(angle), 1), round(RADAR_CY + radius * fraction * math.sin(angle), 1))


def _points(values: list[float], max_level: int) -> str:
    count = len(values)
    return " ".join(f"{x},{y}" for x, y in (_point(i, count, v / max_level) for i, v in enumerate(values)))


def radar(axes: list[tuple[str, float, float]], max_level: int) -> Radar:
    """Geometry of a radar chart: one axis per (label, current, target), levels 0..max_level."""
    count = len(axes)
    rows = []
    for i, (label, current, target) in enumerate(axes):
        x, y = _point(i, count, 1)
        lx, ly = _point(i, count, 1, RADAR_RADIUS + LABEL_OFFSET)
        cos = math.cos(-math.pi / 2 + 2 * math.pi * i / count)
        sin = math.sin(-math.pi / 2 + 2 * math.pi * i / count)
        anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        # Text hangs from its baseline: push labels below the web down by a line's height.
        ly = round(ly + (10 if sin > 0.2 else 4 if sin > -0.2 else 0), 1)
        rows.append(Axis(label, float(current), float(target), x, y, lx, ly, anchor))
    rings = [_points([level] * count, max_level) for level in range(1, max_level + 1)]
    return Radar(
        axes=rows,
        rings=rings,
        current_points=_points([a.current for a in rows], max_level),
        target_points=_points([a.target for a in rows], max_level),
        max_level=max_level,
    )
