"""Server-rendered SVG: the IT strategy map (goals → viewpoints → activities → tools) and the plan's
timeline. Plain strings with every text escaped; styling by class names from ``plans/plans.css``
(and presentation attributes, so the SVG also prints and renders in the PDF without that file).
"""

import unicodedata

from django.utils.html import escape
from django.utils.translation import gettext as _

LINE = 18
PAD = 8
GAP = 10
FONT = 13
COLUMNS = (  # x, width
    (10, 220),
    (270, 220),
    (530, 240),
    (810, 180),
)
WIDTH = 1000
HEADER = 34


def _char_width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.55


def wrap(text: str, width_px: int, font: int = FONT) -> list[str]:
    """Break ``text`` into lines that fit ``width_px`` (Japanese breaks anywhere; Latin at spaces when it can)."""
    limit = max(1.0, (width_px - 2 * PAD) / font)
    lines, line, used = [], "", 0.0
    for ch in text:
        w = _char_width(ch)
        if used + w > limit and line:
            cut = line.rfind(" ")
            if ch != " " and cut > len(line) // 2 and all(_char_width(c) < 1 for c in line[cut:]):
                lines.append(line[:cut])
                line = line[cut + 1 :]
                used = sum(_char_width(c) for c in line)
            else:
                lines.append(line)
                line, used = "", 0.0
            if ch == " ":
                continue
        line += ch
        used += w
    if line:
        lines.append(line)
    return lines or [""]


def _text_height(lines) -> int:
    return len(lines) * LINE + 2 * PAD


def _box(x, y, w, lines, css, fill, stroke) -> str:
    h = _text_height(lines)
    parts = [f'<rect class="{css}" x="{x}" y="{y}" width="{w}" height="{h}" rx="6" fill="{fill}" stroke="{stroke}"/>']
    text_y = y + PAD + LINE - 4
    spans = "".join(f'<tspan x="{x + PAD}" y="{text_y + i * LINE}">{escape(line)}</tspan>' for i, line in enumerate(lines))
    parts.append(f'<text class="{css}-text" font-size="{FONT}" fill="#111">{spans}</text>')
    return "".join(parts)


def _connector(x1, y1, x2, y2) -> str:
    mid = (x1 + x2) / 2
    return f'<path class="map-link" d="M{x1} {y1} C{mid} {y1} {mid} {y2} {x2} {y2}" fill="none" stroke="#6b7a8c" stroke-width="1.5"/>'


STYLES = {
    "goal": ("#e3ecf7", "#2b5b8c"),
    "viewpoint": ("#eaf5ea", "#3b7a3b"),
    "activity": ("#fff7e0", "#a07a1a"),
    "tool": ("#f3e9f7", "#6b3f86"),
}


def strategy_map(goals: list[dict], *, title: str) -> str:
    """``goals``: [{"title", "viewpoints": [{"title", "activities": [{"text", "tool"}]}]}] (display strings)."""
    (gx, gw), (vx, vw), (ax, aw), (tx, tw) = COLUMNS
    body, y = [], HEADER + GAP
    for goal in goals:
        goal_lines = wrap(goal["title"], gw)
        block_top = y
        child_centres = []
        for vp in goal["viewpoints"]:
            vp_lines = wrap(vp["title"], vw)
            vp_top = y
            act_centres = []
            for act in vp["activities"]:
                a_lines, t_lines = wrap(act["text"], aw), wrap(act["tool"], tw)
                h = max(_text_height(a_lines), _text_height(t_lines))
                body.append(_box(ax, y, aw, a_lines, "map-activity", *STYLES["activity"]))
                body.append(_box(tx, y, tw, t_lines, "map-tool", *STYLES["tool"]))
                a_mid = y + _text_height(a_lines) / 2
                body.append(_connector(ax + aw, a_mid, tx, y + _text_height(t_lines) / 2))
                act_centres.append(a_mid)
                y += h + GAP
            vp_h = _text_height(vp_lines)
            span = max(y - GAP - vp_top, vp_h)
            vp_y = vp_top + (span - vp_h) / 2
            body.append(_box(vx, vp_y, vw, vp_lines, "map-viewpoint", *STYLES["viewpoint"]))
            vp_mid = vp_y + vp_h / 2
            body.extend(_connector(vx + vw, vp_mid, ax, c) for c in act_centres)
            child_centres.append(vp_mid)
            y = max(y, vp_top + vp_h + GAP)
        goal_h = _text_height(goal_lines)
        span = max(y - GAP - block_top, goal_h)
        goal_y = block_top + (span - goal_h) / 2
        body.append(_box(gx, goal_y, gw, goal_lines, "map-goal", *STYLES["goal"]))
        body.extend(_connector(gx + gw, goal_y + goal_h / 2, vx, c) for c in child_centres)
        y = max(y, block_top + goal_h + GAP) + GAP
    height = max(y, HEADER + 2 * GAP)
    headers = (_("Management goal"), _("Business viewpoint"), _("What to do"), _("IT tool"))
    head = "".join(
        f'<text class="map-head" x="{x + PAD}" y="22" font-size="14" font-weight="bold" fill="#333">{escape(h)}</text>'
        for (x, _w), h in zip(COLUMNS, headers)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map-svg" viewBox="0 0 {WIDTH} {int(height)}" width="{WIDTH}" '
        f'height="{int(height)}" role="img" aria-label="{escape(title)}" font-family="IPAexGothic, sans-serif">'
        f"<title>{escape(title)}</title>{head}{''.join(body)}</svg>"
    )


PHASE_COLORS = {"research": "#9ec5e8", "trial": "#f5c26b", "adoption": "#7cc47c"}


def timeline(rows: list[dict], labels: list[str], phase_names: dict, *, title: str) -> str:
    """``rows``: [{"label", "phases": {period: phase}}]; one bar per phased half-year."""
    label_w, col_w, row_h, top = 260, 90, 30, 40
    width = label_w + col_w * len(labels) + 10
    height = top + row_h * max(len(rows), 1) + 40
    out = []
    for i, label in enumerate(labels):
        x = label_w + i * col_w
        out.append(f'<text class="tl-head" x="{x + col_w / 2}" y="24" font-size="12" text-anchor="middle" fill="#333">{escape(label)}</text>')
        out.append(f'<line class="tl-grid" x1="{x}" y1="{top - 6}" x2="{x}" y2="{top + row_h * len(rows)}" stroke="#ccc"/>')
    for r, row in enumerate(rows):
        y = top + r * row_h
        text = wrap(row["label"], label_w, 12)[0]
        if text != row["label"]:
            text = text[:-1] + "…"
        out.append(f'<text class="tl-label" x="4" y="{y + 19}" font-size="12" fill="#111">{escape(text)}</text>')
        for period, phase in sorted(row["phases"].items()):
            if not phase or period >= len(labels):
                continue
            x = label_w + period * col_w + 3
            out.append(
                f'<rect class="tl-bar tl-{phase}" x="{x}" y="{y + 5}" width="{col_w - 6}" height="{row_h - 10}" rx="4" fill="{PHASE_COLORS[phase]}"/>'
                f'<text x="{x + (col_w - 6) / 2}" y="{y + 20}" font-size="11" text-anchor="middle" fill="#111">{escape(phase_names[phase])}</text>'
            )
    legend_y = top + row_h * max(len(rows), 1) + 24
    for i, (phase, color) in enumerate(PHASE_COLORS.items()):
        x = 4 + i * 110
        out.append(f'<rect x="{x}" y="{legend_y - 11}" width="14" height="14" fill="{color}"/>'
                   f'<text x="{x + 20}" y="{legend_y}" font-size="12" fill="#111">{escape(phase_names[phase])}</text>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" font-family="IPAexGothic, sans-serif"><title>{escape(title)}</title>{"".join(out)}</svg>'
    )
