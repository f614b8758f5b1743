"""Payback arithmetic against cases worked out by hand (integer yen, no floats)."""

from fractions import Fraction

from dxnavi.plans.domain.payback import PaybackInputs, compute, labour_benefit


def test_payback_with_subsidy_and_self_funding_gap():
    """Initial 1,200,000 yen (chosen quote); subsidy 600,000 paid 3 months after completion.

    labour   = 20 h × 2,000 yen = 40,000 yen/month
    benefit  = 40,000 + cost reductions 10,000 + extra gross profit 5,000 = 55,000
    net      = 55,000 − running 15,000 = 40,000 yen/month
    C(m)     = −1,200,000 + 40,000·m (+ 600,000 from month 3)
    without the subsidy it would take ⌈1,200,000 / 40,000⌉ = 30 months ≥ 3, so the subsidy counts:
    payback  = max(3, ⌈(1,200,000 − 600,000) / 40,000⌉) = max(3, 15) = month 15
               (C(14) = −1,200,000 + 560,000 + 600,000 = −40,000; C(15) = 0)
    3 years  = −1,200,000 + 600,000 + 36 × 40,000 = 840,000
    5 years  = −1,200,000 + 600,000 + 60 × 40,000 = 1,800,000
    gap      = the 600,000 subsidy is bridged for 3 months; cash at month 0 = 1,200,000;
    peak     = lowest C before month 3 is C(0) = −1,200,000 → 1,200,000 outstanding.
    """
    result = compute(
        PaybackInputs(
            initial_cost=1_200_000,
            subsidy=600_000,
            running_cost_monthly=15_000,
            hours_saved_monthly=Fraction(20),
            hourly_labour_cost=2_000,
            cost_reduction_monthly=10_000,
            extra_profit_monthly=5_000,
            reimbursement_lag_months=3,
        )
    )
    assert result.labour_benefit_monthly == 40_000
    assert result.benefit_monthly == 55_000
    assert result.net_monthly == 40_000
    assert result.net_initial_cost == 600_000
    assert result.payback_month == 15
    assert result.series[14] == -40_000
    assert result.series[15] == 0
    assert result.cumulative_3y == 840_000
    assert result.cumulative_5y == 1_800_000
    assert (result.cash_needed_upfront, result.gap_amount, result.gap_months, result.peak_outstanding) == (
        1_200_000,
        600_000,
        3,
        1_200_000,
    )
    assert result.payback_years_months == (1, 3)


def test_payback_never_when_running_cost_exceeds_benefits():
    """Initial 500,000; no subsidy; benefit 10 h × 1,500 = 15,000; running 20,000.

    net = 15,000 − 20,000 = −5,000 yen/month: the cumulative only falls — never pays back.
    3 years = −500,000 − 36 × 5,000 = −680,000; 5 years = −500,000 − 300,000 = −800,000.
    No subsidy → no self-funding gap.
    """
    result = compute(
        PaybackInputs(
            initial_cost=500_000, running_cost_monthly=20_000, hours_saved_monthly=Fraction(10), hourly_labour_cost=1_500
        )
    )
    assert result.net_monthly == -5_000
    assert result.payback_month is None
    assert result.pays_back is False
    assert result.cumulative_3y == -680_000
    assert result.cumulative_5y == -800_000
    assert (result.gap_amount, result.gap_months) == (0, 0)


def test_payback_never_even_with_subsidy_when_net_negative():
    """Subsidy 400,000 on 500,000 after 2 months, net −1,000/month: C(2) = −500,000 − 2,000 + 400,000
    = −102,000 and then keeps falling → never."""
    result = compute(PaybackInputs(initial_cost=500_000, subsidy=400_000, running_cost_monthly=1_000, reimbursement_lag_months=2))
    assert result.series[2] == -102_000
    assert result.payback_month is None


def test_payback_before_subsidy_arrives():
    """Initial 300,000, net 100,000/month, subsidy 150,000 after 6 months.
    ⌈300,000 / 100,000⌉ = 3 < 6 → pays back in month 3 before the subsidy (C(3) = 0).
    Peak outstanding before month 6 = 300,000 (month 0)."""
    result = compute(
        PaybackInputs(initial_cost=300_000, subsidy=150_000, cost_reduction_monthly=100_000, reimbursement_lag_months=6)
    )
    assert result.payback_month == 3
    assert result.peak_outstanding == 300_000
    assert (result.gap_amount, result.gap_months) == (150_000, 6)


def test_payback_zero_net_only_subsidy_covering_cost():
    """net 0: pays back only if the subsidy covers the whole cost, in the subsidy month."""
    assert compute(PaybackInputs(initial_cost=200_000, subsidy=200_000, reimbursement_lag_months=4)).payback_month == 4
    assert compute(PaybackInputs(initial_cost=200_000, subsidy=100_000, reimbursement_lag_months=4)).payback_month is None


def test_labour_benefit_rounds_down_fractional_yen():
    """12.5 h × 1,333 yen = 16,662.5 → 16,662 yen (rounded down)."""
    assert labour_benefit(Fraction(25, 2), 1_333) == 16_662


def test_payback_exact_for_large_amounts():
    """10^12 yen, net 1 yen/month: ⌈10^12⌉ months — exact integer arithmetic, no float error."""
    result = compute(PaybackInputs(initial_cost=10**12, cost_reduction_monthly=1))
    assert result.payback_month == 10**12
    assert result.cumulative_5y == -(10**12) + 60
