"""DX maturity: roll-up per pillar and overall, rounding, gap order, changes, radar geometry."""

import math
from fractions import Fraction

import pytest

from dxnavi.assessments.domain import maturity, scoring
from tests.dxdiag.helpers import PILLARS, level, maturity_answers

# Hand-made answer set (current, target) per item, grouped by pillar.
HAND = {
    "DM01": (2, 4), "DM02": (1, 3),  # vision: current (2+1)/2 = 1.5, target 3.5
    "DM03": (0, 2), "DM04": (1, 2), "DM05": (2, 2),  # strategy: 3/3 = 1.0, target 6/3 = 2.0
    "DM06": (3, 4), "DM07": (2, 3),  # organization: 2.5, target 3.5
    "DM08": (1, 1), "DM09": (0, 2),  # talent: 0.5, target 1.5
    "DM10": (2, 3), "DM11": (1, 3), "DM12": (1, 2),  # it_security: 4/3 = 1.333…, target 8/3 = 2.666…
    "DM13": (0, 1), "DM14": (0, 2),  # indicators: 0.0, target 1.5
    "DM15": (1, 2), "DM16": (1, 1), "DM17": (2, 3),  # dialogue: 4/3 = 1.333…, target 6/3 = 2.0
}  # fmt: skip


@pytest.fixture
def spec(dx_packs):
    return dx_packs[1].spec


def test_maturity_rollup_per_pillar_matches_hand_computation(spec):
    rolled = maturity.rollup(spec, maturity_answers(**HAND))
    assert [(p.part["id"], p.current_h, p.target_h, p.count) for p in rolled.pillars] == [
        ("vision", 150, 350, 2),
        ("strategy", 100, 200, 3),
        ("organization", 250, 350, 2),
        ("talent", 50, 150, 2),
        ("it_security", 133, 267, 3),
        ("indicators", 0, 150, 2),
        ("dialogue", 133, 200, 3),
    ]


def test_maturity_overall_is_mean_of_pillars_not_of_items(spec):
    """Overall current = (1.5 + 1.0 + 2.5 + 0.5 + 4/3 + 0 + 4/3) / 7 = 24.5/21 = 1.1667 → 117
    (the mean of the 17 items would be 20/17 = 1.1765 → 118).
    Target = (3.5 + 2 + 3.5 + 1.5 + 8/3 + 1.5 + 2) / 7 = 50/21 = 2.3810 → 238."""
    rolled = maturity.rollup(spec, maturity_answers(**HAND))
    assert (rolled.current, rolled.target) == (Fraction(7, 6), Fraction(50, 21))
    assert (rolled.current_h, rolled.target_h, rolled.gap_h, rolled.level) == (117, 238, 121, 1)


def test_maturity_strategy_stores_rollup_as_hundredths(spec):
    result = scoring.score(spec, maturity_answers(**HAND))
    assert (result.total, result.band_id) == (117, "level1")
    assert result.part_scores == {
        "vision": 150, "strategy": 100, "organization": 250, "talent": 50, "it_security": 133, "indicators": 0, "dialogue": 133,
    }  # fmt: skip
    assert result.details == {
        "target": {
            "vision": 350, "strategy": 200, "organization": 350, "talent": 150,
            "it_security": 267, "indicators": 150, "dialogue": 200,
        },
        "target_total": 238,
    }  # fmt: skip


@pytest.mark.parametrize(
    "value, expected",
    [(Fraction(47, 20), 235), (Fraction(2345, 1000), 235), (Fraction(2344, 1000), 234), (Fraction(201, 200), 101), (Fraction(0), 0), (Fraction(5), 500)],
)
def test_maturity_hundredths_round_half_up_exactly(value, expected):
    # 201/200 = 1.005: in binary floating point 1.005 × 100 is 100.49999…, the fraction is exact.
    assert maturity.hundredths(value) == expected


@pytest.mark.parametrize("value, text", [(235, "2.35"), (0, "0.00"), (500, "5.00"), (7, "0.07"), (None, "")])
def test_maturity_format_hundredths(value, text):
    assert maturity.format_hundredths(value) == text


@pytest.mark.parametrize(
    "level_everywhere, band", [((0, 0), "level0"), ((2, 3), "level2"), ((5, 5), "level5")]
)
def test_maturity_band_is_whole_part_of_overall(spec, level_everywhere, band):
    assert scoring.score(spec, maturity_answers(default=level_everywhere)).band_id == band


def test_maturity_band_2_99_is_still_level_2(spec):
    # Six pillars at 3 and dialogue at (3+3+2)/3: overall = (18 + 8/3)/7 = 62/21 = 2.952… → level 2.
    answers = maturity_answers(default=(3, 4), DM17=(2, 4))
    answers.update({q: level(3, 4) for q in PILLARS["dialogue"][:2]})
    rolled = maturity.rollup(spec, answers)
    assert (rolled.current_h, rolled.level, scoring.score(spec, answers).band_id) == (295, 2, "level2")


def test_maturity_gaps_largest_first_then_lower_current_then_number(spec):
    answers = maturity_answers(
        default=(2, 2),
        DM09=(1, 3),  # gap 2, current 1
        DM03=(2, 4),  # gap 2, current 2
        DM14=(0, 2),  # gap 2, current 0
        DM16=(0, 3),  # gap 3
        DM05=(3, 4),  # gap 1
        DM01=(1, 2),  # gap 1, lower current than DM05
    )
    gaps = maturity.gaps(maturity.items(spec, answers))
    assert [(g.id, g.gap, g.current) for g in gaps] == [
        ("DM16", 3, 0),
        ("DM14", 2, 0),
        ("DM09", 2, 1),
        ("DM03", 2, 2),
        ("DM01", 1, 1),
        ("DM05", 1, 3),
    ]


def test_maturity_items_skip_incomplete_answers(spec):
    answers = maturity_answers()
    answers["DM02"] = level(2, None)
    assert [r.id for r in maturity.items(spec, answers) if r.part_id == "vision"] == ["DM01"]


def test_maturity_changes_by_question_id(spec):
    before = maturity.items(spec, maturity_answers(DM01=(1, 3), DM05=(2, 3)))
    after = maturity.items(spec, maturity_answers(DM01=(2, 3), DM05=(1, 3), DM06=(1, 4)))
    assert [(c.after.id, c.before.current, c.after.current, c.delta) for c in maturity.changes(before, after)] == [
        ("DM01", 1, 2, 1),
        ("DM05", 2, 1, -1),
    ]


# --- radar geometry ------------------------------------------------------------------------


def _pairs(points):
    return [tuple(float(v) for v in p.split(",")) for p in points.split()]


def test_radar_has_one_axis_per_pillar_first_pointing_up():
    axes = [(f"P{i}", 5, 5) for i in range(7)]
    g = maturity.radar(axes, max_level=5)
    assert len(g.axes) == 7 and len(g.rings) == 5
    top = g.axes[0]
    assert (top.x, top.y, top.anchor) == (g.cx, g.cy - maturity.RADAR_RADIUS, "middle")
    assert _pairs(g.current_points) == [(a.x, a.y) for a in g.axes]  # level 5 everywhere lies on the outer ring
    assert g.current_points == g.rings[-1]


def test_radar_values_scale_with_level_and_zero_collapses_to_centre():
    g = maturity.radar([("A", 0, 5), ("B", 0, 2.5), ("C", 0, 0), ("D", 0, 5)], max_level=5)
    assert set(_pairs(g.current_points)) == {(g.cx, g.cy)}
    target = _pairs(g.target_points)
    distances = [round(math.dist((g.cx, g.cy), p), 1) for p in target]
    assert distances == [110.0, 55.0, 0.0, 110.0]


def test_radar_labels_stay_inside_the_drawing_and_anchor_outwards():
    axes = [("ビジョン", 1, 2), ("DX戦略", 1, 2), ("組織づくり", 1, 2), ("デジタル人材", 1, 2), ("IT・セキュリティ", 1, 2), ("成果指標", 1, 2), ("対話", 1, 2)]
    g = maturity.radar(axes, max_level=5)
    assert [a.anchor for a in g.axes] == ["middle", "start", "start", "start", "end", "end", "end"]
    full_width = 13  # px per character at the chart's font size
    for axis in g.axes:
        width = len(axis.label) * full_width
        left = axis.label_x - {"start": 0, "middle": width / 2, "end": width}[axis.anchor]
        assert 0 <= left and left + width <= g.width, axis.label
        assert 13 <= axis.label_y <= g.legend_y - 14, axis.label
