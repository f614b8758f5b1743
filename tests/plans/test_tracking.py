"""KPI on/off track: the latest actual against the straight path from baseline to target."""

import datetime
from fractions import Fraction

from dxnavi.plans.domain import tracking

D = datetime.date
# 100 → 200 over 2027-01-01 … 2027-12-31 (364 days); half-way (day 182, 2027-07-02) the path is 150.
UP = tracking.Path(Fraction(100), D(2027, 1, 1), Fraction(200), D(2027, 12, 31))
DOWN = tracking.Path(Fraction(40), D(2027, 1, 1), Fraction(20), D(2027, 12, 31))


def test_planned_path_is_linear_and_clamped():
    assert UP.planned(D(2027, 7, 2)) == 150
    assert UP.planned(D(2026, 12, 1)) == 100
    assert UP.planned(D(2028, 3, 1)) == 200


def test_kpi_on_track_when_at_or_above_path_for_increasing_target():
    assert tracking.status(UP, [(D(2027, 7, 2), Fraction(150))]) == tracking.ON_TRACK
    assert tracking.status(UP, [(D(2027, 7, 2), Fraction(149))]) == tracking.OFF_TRACK


def test_kpi_latest_actual_decides():
    actuals = [(D(2027, 7, 2), Fraction(120)), (D(2027, 3, 1), Fraction(190))]
    assert tracking.status(UP, actuals) == tracking.OFF_TRACK


def test_kpi_on_track_when_at_or_below_path_for_decreasing_target():
    """40 → 20 h: half-way the path is 30; 29 is better (on track), 31 worse (off)."""
    assert tracking.status(DOWN, [(D(2027, 7, 2), Fraction(29))]) == tracking.ON_TRACK
    assert tracking.status(DOWN, [(D(2027, 7, 2), Fraction(31))]) == tracking.OFF_TRACK


def test_kpi_no_actuals_is_no_data():
    assert tracking.status(UP, []) == tracking.NO_DATA


def test_project_status_combines_kpis():
    assert tracking.combine([tracking.ON_TRACK, tracking.OFF_TRACK]) == tracking.OFF_TRACK
    assert tracking.combine([tracking.ON_TRACK, tracking.NO_DATA]) == tracking.ON_TRACK
    assert tracking.combine([]) == tracking.NO_DATA


def test_chart_ticks_are_round_and_cover_the_values():
    from dxnavi.plans.charts_projects import ticks

    assert ticks(-1_320_000, 3_843_333) == [-2_000_000, 0, 2_000_000, 4_000_000]
    assert ticks(20, 40) == [20, 25, 30, 35, 40]
    assert ticks(7, 7) == [6, Fraction(13, 2), 7, Fraction(15, 2), 8]
