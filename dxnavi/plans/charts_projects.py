"""Server-rendered SVG for projects: a KPI's trend against its planned path, and the cumulative
cash flow of the payback. Coordinates are computed with exact fractions and rounded to whole
pixels; every text is escaped. Colours are presentation attributes, so the SVG prints as shown.
"""

import datetime
from fractions import Fraction
from math import ceil, floor

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# A narrow canvas: on a 390 px phone the SVG is drawn at about 0.75×, so 15 px text stays readable.
W, H = 480, 280
LEFT, RIGHT, TOP, BOTTOM = 92, 14, 18, 40
PLOT_W, PLOT_H = W - LEFT - RIGHT, H - TOP - BOTTOM
INK, GRID, TARGET, ACTUAL, GOOD, BAD = "#1f2937", "#d1d5db", "#6b7280", "#1d4ed8", "#15803d", "#b91c1c"


def _scale(value, low, high, size) -> int:
    if high == low:
        return size // 2
    return round(Fraction(value - low) * size / (high - low))


def _num(value) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return number_format(int(value), force_grouping=True)
    return number_format(round(value * 100) / 100, decimal_pos=2, force_grouping=True)


def _frame(title: str, body: list[str]) -> str:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="15" font-family="sans-serif"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def ticks(low, high, count: int = 4) -> list[Fraction]:
    """Round axis values around [low, high]: a step of 1, 2 or 5 × 10^k, about ``count`` steps."""
    low, high = Fraction(low), Fraction(high)
    if high == low:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    power = Fraction(1)
    while power * 10 <= raw:
        power *= 10
    while power > raw:
        power /= 10
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first, last = floor(low / step), ceil(high / step)
    return [step * i for i in range(first, last + 1)]


def _y_axis(values, fmt) -> list[str]:
    low, high = values[0], values[-1]
    out = []
    for value in values:
        y = TOP + PLOT_H - _scale(value, low, high, PLOT_H)
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{W - RIGHT}" y2="{y}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 5}" text-anchor="end" fill="{INK}">{escape(fmt(value))}</text>')
    return out


def kpi_svg(kpi, actuals: list[tuple[datetime.date, Fraction]]) -> str:
    """Planned path (dashed, baseline → target) and the actuals (dots joined by a line)."""
    start, end = kpi.baseline_date, max([kpi.target_date] + [d for d, _v in actuals])
    start = min([start] + [d for d, _v in actuals])
    values = [Fraction(kpi.baseline), Fraction(kpi.target)] + [Fraction(v) for _d, v in actuals]
    axis = ticks(min(values), max(values))
    low, high = axis[0], axis[-1]
    span = (end - start).days or 1

    def x(day):
        return LEFT + round(Fraction((day - start).days * PLOT_W, span))

    def y(value):
        return TOP + PLOT_H - _scale(Fraction(value), low, high, PLOT_H)

    body = _y_axis(axis, _num)
    for day in (start, end):
        anchor = "start" if day == start else "end"
        body.append(f'<text x="{x(day)}" y="{H - 12}" text-anchor="{anchor}" fill="{INK}">{day:%Y-%m-%d}</text>')
    body.append(
        f'<line class="kpi-path" x1="{x(kpi.baseline_date)}" y1="{y(kpi.baseline)}" '
        f'x2="{x(kpi.target_date)}" y2="{y(kpi.target)}" '
        f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    body.append(
        f'<line class="kpi-target" x1="{LEFT}" y1="{y(kpi.target)}" x2="{W - RIGHT}" y2="{y(kpi.target)}" '
        f'stroke="{GOOD}" stroke-width="1" stroke-dasharray="2 3"/>'
    )
    body.append(
        f'<text x="{W - RIGHT}" y="{y(kpi.target) - 4}" text-anchor="end" fill="{GOOD}">'
        f"{escape(_('Target'))} {escape(_num(kpi.target))} {escape(kpi.unit)}</text>"
    )
    points = [(x(d), y(v)) for d, v in sorted(actuals)]
    if len(points) > 1:
        body.append(
            f'<polyline class="kpi-actual" points="{" ".join(f"{a},{b}" for a, b in points)}" '
            f'fill="none" stroke="{ACTUAL}" stroke-width="2"/>'
        )
    for (px, py), (day, value) in zip(points, sorted(actuals)):
        body.append(
            f'<circle class="kpi-point" cx="{px}" cy="{py}" r="4" fill="{ACTUAL}">'
            f"<title>{day:%Y-%m-%d}: {escape(_num(value))} {escape(kpi.unit)}</title></circle>"
        )
    return _frame(_("Trend of %(kpi)s against the planned path") % {"kpi": kpi.name}, body)


def _axis_yen(value) -> str:
    """Axis labels in 万円 (10,000 yen) when the values are round enough: 「132万円」."""
    value = Fraction(value)
    if value and value.denominator == 1 and value % 10_000 == 0:
        return _("%(amount)s × 10,000 yen") % {"amount": number_format(int(value / 10_000), force_grouping=True)}
    return _("%(amount)s yen") % {"amount": _num(value)}


def cashflow_svg(result) -> str:
    """Cumulative cash flow by month (0 … 60) with the zero line, the subsidy month and payback."""
    series = result.series
    axis = ticks(min(series + [0]), max(series + [0]))
    low, high = axis[0], axis[-1]
    last = len(series) - 1

    def x(month):
        return LEFT + round(Fraction(month * PLOT_W, last))

    def y(value):
        return TOP + PLOT_H - _scale(Fraction(value), low, high, PLOT_H)

    body = _y_axis(axis, _axis_yen)
    for month in range(0, last + 1, 12):
        anchor = "start" if month == 0 else "end" if month == last else "middle"
        label = escape(_("%(n)d yr") % {"n": month // 12}) if month else "0"
        body.append(f'<text x="{x(month)}" y="{H - 12}" text-anchor="{anchor}" fill="{INK}">{label}</text>')
    body.append(f'<line class="zero" x1="{LEFT}" y1="{y(0)}" x2="{W - RIGHT}" y2="{y(0)}" stroke="{INK}" stroke-width="1.5"/>')
    lag = result.inputs.reimbursement_lag_months
    if result.inputs.subsidy and lag <= last:
        body.append(
            f'<line class="subsidy-month" x1="{x(lag)}" y1="{TOP}" x2="{x(lag)}" y2="{TOP + PLOT_H}" '
            f'stroke="{GOOD}" stroke-dasharray="4 3"/>'
        )
        body.append(f'<text x="{x(lag) + 4}" y="{TOP + 14}" fill="{GOOD}">{escape(_("subsidy paid"))}</text>')
    if result.payback_month is not None and result.payback_month <= last:
        px = x(result.payback_month)
        body.append(
            f'<line class="payback-month" x1="{px}" y1="{TOP}" x2="{px}" y2="{TOP + PLOT_H}" '
            f'stroke="{ACTUAL}" stroke-dasharray="2 2"/>'
        )
        body.append(f'<text x="{px + 4}" y="{TOP + 32}" fill="{ACTUAL}">{escape(_("paid back"))}</text>')
    points = " ".join(f"{x(m)},{y(v)}" for m, v in enumerate(series))
    colour = GOOD if series[-1] >= 0 else BAD
    body.append(f'<polyline class="cashflow" points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
    return _frame(_("Cumulative cash flow over five years"), body)
