"""What a finished questionnaire tells the company: item rows, weakest items, "to check", changes.

All functions take a ``PackSpec`` and plain ``{question_id: value}`` answers, so an old
assessment is always read against the exact pack version it was answered with. These rows are
for choice questions scored with points (``sum_bands``); other strategies bring their own
(``stage.py``, ``maturity.py``).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from .packs import PackSpec

WEAKEST_LIMIT = 5


@dataclass(frozen=True)
class Item:
    question: dict
    part_id: str
    option: dict
    points: int
    max_points: int

    @property
    def id(self) -> str:
        return self.question["id"]

    @property
    def number(self) -> int:
        return self.question["number"]


def items(pack: PackSpec, answers: Mapping) -> list[Item]:
    """Answered choice questions in pack order (answers to unknown questions/options are skipped)."""
    rows = []
    for question in pack.questions:
        value = answers.get(question["id"], "")
        option = pack.option(question, value) if isinstance(value, str) else None
        if option is not None:
            rows.append(Item(question, pack.part_of(question["id"]), option, option["points"], pack.max_points(question)))
    return rows


def unanswered_numbers(pack: PackSpec, answers: Mapping) -> list[int]:
    return [q["number"] for q in pack.questions if not pack.is_answered(q, answers.get(q["id"]))]


def weakest(rows: list[Item], limit: int = WEAKEST_LIMIT) -> list[Item]:
    """Lowest points first, ties by question number; items already at full points never count."""
    return sorted((r for r in rows if r.points < r.max_points), key=lambda r: (r.points, r.number))[:limit]


def to_check(pack: PackSpec, rows: list[Item]) -> list[Item]:
    """Items answered with the pack's "don't know" option, in question order."""
    unknown = pack.unknown_option
    return [r for r in rows if unknown and r.option["id"] == unknown]


@dataclass(frozen=True)
class PartRow:
    part: dict
    score: int
    max: int

    @property
    def percent(self) -> int:
        # Rounded half up; may be negative when "don't know" answers outweigh the rest.
        return (200 * self.score + self.max) // (2 * self.max) if self.max else 0


def part_rows(pack: PackSpec, part_scores: Mapping[str, int]) -> list[PartRow]:
    return [PartRow(part, part_scores.get(part["id"], 0), pack.part_max(part["id"])) for part in pack.parts]


@dataclass(frozen=True)
class Change:
    before: Item
    after: Item

    @property
    def delta(self) -> int:
        return self.after.points - self.before.points


@dataclass(frozen=True)
class Diff:
    total_delta: int
    improved: list[Change]
    worsened: list[Change]


def diff(before_rows: list[Item], before_total: int, after_rows: list[Item], after_total: int) -> Diff:
    """Per-question changes by stable question id (questions present in only one version are skipped)."""
    before = {r.id: r for r in before_rows}
    changes = [Change(before[r.id], r) for r in after_rows if r.id in before and before[r.id].points != r.points]
    return Diff(
        total_delta=after_total - before_total,
        improved=[c for c in changes if c.delta > 0],
        worsened=[c for c in changes if c.delta < 0],
    )


# --- chart -------------------------------------------------------------------------------
# Label above each bar, so the drawing stays narrow and its text readable on a phone screen.

CHART_WIDTH = 400
CHART_BAR_WIDTH = 300
CHART_BAR_HEIGHT = 20
CHART_LABEL_HEIGHT = 20
CHART_ROW = 54


@dataclass(frozen=True)
class Bar:
    label: str
    score: int
    max: int
    percent: int
    top: int  # top of the row
    width: int  # bar length in SVG units (negative scores draw no bar)
    is_total: bool = False

    # Fixed geometry, exposed so the SVG template holds no numbers of its own.
    track = CHART_BAR_WIDTH
    height = CHART_BAR_HEIGHT
    value_x = CHART_BAR_WIDTH + 8

    @property
    def label_y(self) -> int:
        return self.top + 15

    @property
    def y(self) -> int:
        return self.top + CHART_LABEL_HEIGHT

    @property
    def value_y(self) -> int:
        return self.y + 15


def chart_bars(rows: list[tuple[str, int, int]], total: tuple[str, int, int]) -> list[Bar]:
    """Horizontal bars, score as % of maximum, for the parts and then the total."""
    bars = []
    for i, (label, score, maximum) in enumerate([*rows, total]):
        percent = (200 * score + maximum) // (2 * maximum) if maximum else 0
        width = round(CHART_BAR_WIDTH * max(0, min(percent, 100)) / 100)
        bars.append(Bar(label, score, maximum, percent, 4 + i * CHART_ROW, width, is_total=i == len(rows)))
    return bars


def chart_height(bars: list[Bar]) -> int:
    return 8 + len(bars) * CHART_ROW
