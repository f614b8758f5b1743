"""The company's own results over time, as the trend chart on the history page.

What is drawn depends on the pack's strategy: the total points (security self-check), the
estimated stage (DX stage) or the overall maturity level (DX maturity). The geometry is
``domain.charts.trend``; this module only picks the scale and the labels.
"""

from django.utils import timezone

from dxnavi.content.i18n import pick

from .domain import charts
from .domain.maturity import format_hundredths

MAX_POINTS = 24  # the latest results; older ones stay in the table below the chart


def _points_label(value: int) -> str:
    return f"−{-value}" if value < 0 else str(value)


def scale(spec, values: list[int]):
    """(low, high, ticks, value -> label, value -> plotted number) for the pack's strategy."""
    if spec.strategy == "stage_bayes":
        labels = [pick(b["label"]) for b in spec.bands]
        ticks = [(n, label) for n, label in enumerate(labels, start=1)]
        return 1, len(labels), ticks, lambda v: labels[v - 1] if 0 < v <= len(labels) else "—", float
    if spec.strategy == "maturity_levels":
        top = spec.levels[-1]
        return 0, top, [(n, str(n)) for n in range(0, top + 1)], format_hundredths, lambda v: v / 100
    high = spec.total_max
    low = min(0, *values)
    ticks = [(v, _points_label(v)) for v in range(0, high + 1, max(1, high // 4))]
    if low < 0:
        ticks.insert(0, (low, _points_label(low)))
    return low, high, ticks, _points_label, float


def trend(spec, results) -> charts.Trend | None:
    """``results``: (completed_at, total_score) oldest first. None with fewer than two results."""
    results = [(at, total) for at, total in results if total is not None]
    if len(results) < 2:
        return None
    low, high, ticks, label, plotted = scale(spec, [total for _at, total in results])
    points = [(f"{timezone.localdate(at):%Y-%m-%d}", plotted(total), label(total)) for at, total in results]
    return charts.trend(points, low=low, high=high, ticks=ticks)
