"""The estimator's arithmetic and validation on small hand-written rules (no YAML, no database)."""

import datetime
from fractions import Fraction

import pytest

from dxnavi.subsidies.domain import RuleError, Statuses, estimate, parse_rules
from dxnavi.subsidies.domain.checklist import evaluate

from .conftest import SMALL, SME, item


def rules(**overrides):
    base = {
        "cost_types": {"software": {"eligible": True}, "cloud": {"eligible": True, "max_months": 12}, "pc": {"eligible": False}},
        "pools": [
            {
                "id": "tool",
                "label": {"ja": "ツール", "en": "Tool"},
                "kinds": ["software", "cloud"],
                "rate": "1/3",
                "max": 1_000_000,
            }
        ],
    }
    base.update(overrides)
    return base


def test_estimate_rounds_each_pool_down_to_the_yen():
    result = estimate(rules(), SME, [item("software", 100_000)], Statuses())
    assert (result.pools[0].calculated, result.subsidy) == (Fraction(100_000, 3), 33_333)


def test_estimate_rounds_total_down_to_thousand_when_the_program_says_so():
    parsed = parse_rules(rules(), rounding="thousand")
    result = estimate(parsed, SME, [item("software", 100_000)], Statuses())
    assert (result.pools[0].subsidy, result.subsidy) == (33_333, 33_000)


def test_estimate_out_of_pocket_and_cash_needed():
    result = estimate(rules(), SME, [item("software", 300_000), item("pc", 200_000)], Statuses())
    assert (result.total_cost, result.subsidy, result.out_of_pocket, result.cash_needed_before_reimbursement) == (
        500_000,
        100_000,
        400_000,
        500_000,
    )


def test_estimate_monthly_kind_uses_months_limit():
    result = estimate(rules(), SME, [item("cloud", 10_000, months=18)], Statuses())
    line = result.lines[0]
    assert (line.cost, line.eligible_cost, line.months_counted, line.reason) == (180_000, 120_000, 12, "months_capped")


def test_estimate_unknown_kind_is_not_listed():
    result = estimate(rules(), SME, [item("equipment", 100_000)], Statuses())
    assert (result.lines[0].reason, result.status) == ("not_listed", "not")


def test_estimate_band_basis_cost_splits_the_cost():
    pools = [
        {
            "id": "p",
            "label": {"ja": "p", "en": "p"},
            "kinds": ["software", "cloud"],
            "band_basis": "cost",
            "bands": [{"upto": 1_000_000, "rate": "1/2"}, {"rate": "1/4"}],
        }
    ]
    result = estimate(rules(pools=pools), SME, [item("software", 1_400_000)], Statuses())
    assert [(p.cost, p.subsidy) for p in result.pools[0].parts] == [(1_000_000, 500_000), (400_000, 100_000)]


def test_estimate_band_small_rate_applies_to_small_business_only():
    pools = [
        {
            "id": "p",
            "label": {"ja": "p", "en": "p"},
            "kinds": ["software", "cloud"],
            "bands": [{"upto": 100_000, "rate": "1/2", "small_rate": "2/3"}, {"rate": "1/3"}],
        }
    ]
    assert estimate(rules(pools=pools), SMALL, [item("software", 150_000)], Statuses()).subsidy == 100_000
    assert estimate(rules(pools=pools), SME, [item("software", 150_000)], Statuses()).subsidy == 75_000


def test_estimate_requirement_only_from_threshold():
    raw = rules(requirements=[{"id": "w", "status": "wage_plan", "when_subsidy_at_least": 200_000, "source": "test"}])
    assert estimate(raw, SME, [item("software", 300_000)], Statuses()).status == "met"
    result = estimate(raw, SME, [item("software", 900_000)], Statuses())
    assert (result.status, [m.id for m in result.missing]) == ("almost", ["w"])


def test_estimate_result_snapshot_is_json_safe():
    data = estimate(rules(), SME, [item("software", 100_000)], Statuses()).to_dict()
    assert (data["pools"][0]["calculated"], data["pools"][0]["rate"], data["subsidy"], data["out_of_pocket"]) == (
        "100000/3",
        "1/3",
        33_333,
        66_667,
    )


@pytest.mark.parametrize(
    "change, path",
    [
        ({"pools": [{"id": "t", "label": {"ja": "t", "en": "t"}, "kinds": ["software"], "rate": 0.5}]}, "pools[0].rate"),
        ({"pools": [{"id": "t", "label": {"ja": "t", "en": "t"}, "kinds": ["software"], "rate": "3/2"}]}, "pools[0].rate"),
        ({"pools": [{"id": "t", "label": {"ja": "t", "en": "t"}, "kinds": ["pc"], "rate": "1/2"}]}, "pools[0].kinds[0]"),
        ({"pools": [{"id": "t", "label": {"ja": "t"}, "kinds": ["software", "cloud"], "rate": "1/2"}]}, "pools[0].label"),
        ({"cost_types": {"software": {"eligible": "maybe"}}}, "cost_types.software.eligible"),
        ({"cost_types": {"software": {"eligible": True, "max_months": 12}}}, "cost_types.software.max_months"),
        ({"requirements": [{"id": "x", "status": "bribe", "source": "s"}]}, "requirements[0].status"),
        ({"requirements": [{"id": "x", "status": "gbizid_prime"}]}, "requirements[0].source"),
        ({"surprise": 1}, ""),
    ],
)
def test_parse_rules_names_the_broken_path(change, path):
    with pytest.raises(RuleError) as error:
        parse_rules(rules(**change))
    assert error.value.path == path


def test_parse_rules_refuses_an_eligible_kind_in_no_pool():
    with pytest.raises(RuleError, match="cloud belong to no pool"):
        parse_rules(rules(pools=[{"id": "t", "label": {"ja": "t", "en": "t"}, "kinds": ["software"], "rate": "1/2"}]))


# --- checklist ------------------------------------------------------------------------------------

TODAY = datetime.date(2026, 11, 26)


def _snapshot():
    return estimate(rules(), SME, [item("software", 300_000), item("pc", 100_000)], Statuses()).to_dict()


def test_checklist_warns_about_uncounted_costs():
    checks = {c.id: c for c in evaluate(_snapshot(), [], None, TODAY)}
    assert (checks["eligible_costs"].state, checks["eligible_costs"].params) == ("warn", {"not_counted": 1})


def test_checklist_order_before_deadline_is_flagged():
    windows = [{"deadline": "2026-12-10"}, {"deadline": "2026-05-01"}]
    checks = {c.id: c for c in evaluate(_snapshot(), windows, "2026-12-01", TODAY)}
    assert (checks["schedule"].state, checks["schedule"].params["reason"]) == ("warn", "too_early")
    assert checks["no_order_before_decision"].state == "warn"


def test_checklist_order_after_deadline_is_ok():
    checks = {c.id: c for c in evaluate(_snapshot(), [{"deadline": "2026-12-10"}], datetime.date(2027, 2, 1), TODAY)}
    assert (checks["schedule"].state, checks["no_order_before_decision"].state) == ("ok", "info")


def test_checklist_all_deadlines_passed():
    checks = {c.id: c for c in evaluate(_snapshot(), [{"deadline": "2026-05-12"}], None, TODAY)}
    assert checks["schedule"].params["reason"] == "all_past"


def test_checklist_self_funding_is_the_total_cost():
    checks = {c.id: c for c in evaluate(_snapshot(), [], None, TODAY)}
    assert checks["self_funding"].params == {"cash_needed": 400_000, "subsidy": 100_000, "out_of_pocket": 300_000}
