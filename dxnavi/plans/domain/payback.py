"""Investment payback of a project: pure functions, integer yen, no floats.

Timeline, in months from the month the initial cost is paid (month 0 = delivery/payment):

- month 0: the whole initial cost is paid (精算払い: the company pays everything first);
- months 1, 2, …: each month brings the net monthly benefit
  ``benefit = labour + cost reductions + extra gross profit`` minus the running cost;
- month ``N`` (the reimbursement lag, months from completion to the subsidy payment, default 3):
  the subsidy arrives on top of that month's net benefit.

Rounding rules (the only ones):

- labour benefit per month = hours saved × hourly labour cost, **rounded down** to the yen
  (hours may have one decimal; the product is exact as a Fraction, then floored — the
  conservative side);
- everything else is already integer yen, so sums are exact.

Definitions:

- cumulative cash flow ``C(m)`` = −initial + m × net + (subsidy if m ≥ N);
- payback month = the first month ``m`` from which ``C`` never again falls below zero. With a
  constant monthly net ≥ 0, ``C`` never decreases, so it is the first ``m`` with ``C(m) ≥ 0``; with a
  negative monthly net the project never pays back (``None``), whatever the subsidy;
- 3-year and 5-year cumulative cash flow = ``C(36)`` and ``C(60)``;
- self-funding gap (自己資金で立て替える額): the subsidy is paid only ``N`` months after
  completion, so the company bridges the subsidy amount for ``N`` months; the cash it must have
  at month 0 is the whole initial cost, and the lowest point of ``C`` before the subsidy arrives is
  the largest amount outstanding (``peak_outstanding``).
"""

from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil, floor

HORIZON_MONTHS = 60  # the chart and the 5-year figure
YEAR_3, YEAR_5 = 36, 60


@dataclass(frozen=True)
class PaybackInputs:
    initial_cost: int
    subsidy: int = 0
    running_cost_monthly: int = 0
    hours_saved_monthly: Fraction = Fraction(0)
    hourly_labour_cost: int = 0
    cost_reduction_monthly: int = 0
    extra_profit_monthly: int = 0
    reimbursement_lag_months: int = 3


@dataclass(frozen=True)
class Payback:
    inputs: PaybackInputs
    labour_benefit_monthly: int
    benefit_monthly: int
    net_monthly: int
    net_initial_cost: int  # initial cost − subsidy (what the company bears in the end)
    payback_month: int | None
    cumulative_3y: int
    cumulative_5y: int
    cash_needed_upfront: int  # paid at month 0 before any reimbursement
    gap_amount: int  # the subsidy the company bridges with its own money
    gap_months: int  # for how many months
    peak_outstanding: int  # the largest negative cumulative position before the subsidy arrives
    series: list[int] = field(default_factory=list)  # C(0) … C(HORIZON_MONTHS)

    @property
    def pays_back(self) -> bool:
        return self.payback_month is not None

    @property
    def payback_years_months(self) -> tuple[int, int] | None:
        if self.payback_month is None:
            return None
        return divmod(self.payback_month, 12)


def labour_benefit(hours: Fraction, hourly_cost: int) -> int:
    """Hours saved × hourly labour cost, rounded down to the yen."""
    return floor(Fraction(hours) * hourly_cost)


def cumulative(inputs: PaybackInputs, net_monthly: int, month: int) -> int:
    subsidy = inputs.subsidy if month >= inputs.reimbursement_lag_months else 0
    return -inputs.initial_cost + month * net_monthly + subsidy


def payback_month(inputs: PaybackInputs, net_monthly: int) -> int | None:
    """First month from which the cumulative cash flow stays ≥ 0 (exact, no month-by-month loop)."""
    if net_monthly < 0:
        return None
    lag = inputs.reimbursement_lag_months
    if inputs.initial_cost <= 0:
        return 0
    if net_monthly > 0:
        before = ceil(Fraction(inputs.initial_cost, net_monthly))  # without the subsidy
        if before < lag:
            return before
        after = ceil(Fraction(max(inputs.initial_cost - inputs.subsidy, 0), net_monthly))
        return max(lag, after)
    # net 0: only the subsidy can close the gap
    return lag if inputs.subsidy >= inputs.initial_cost else None


def compute(inputs: PaybackInputs) -> Payback:
    labour = labour_benefit(inputs.hours_saved_monthly, inputs.hourly_labour_cost)
    benefit = labour + inputs.cost_reduction_monthly + inputs.extra_profit_monthly
    net = benefit - inputs.running_cost_monthly
    series = [cumulative(inputs, net, m) for m in range(HORIZON_MONTHS + 1)]
    lag = inputs.reimbursement_lag_months
    before_subsidy = [cumulative(inputs, net, m) for m in range(max(lag, 1))]
    gap_amount = inputs.subsidy if lag > 0 else 0
    return Payback(
        inputs=inputs,
        labour_benefit_monthly=labour,
        benefit_monthly=benefit,
        net_monthly=net,
        net_initial_cost=inputs.initial_cost - inputs.subsidy,
        payback_month=payback_month(inputs, net),
        cumulative_3y=cumulative(inputs, net, YEAR_3),
        cumulative_5y=cumulative(inputs, net, YEAR_5),
        cash_needed_upfront=inputs.initial_cost,
        gap_amount=gap_amount,
        gap_months=lag if gap_amount else 0,
        peak_outstanding=max(0, -min(before_subsidy)),
        series=series,
    )
