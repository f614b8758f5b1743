"""The stage estimate (naive Bayes over 中小企業白書2024 第1-4-46図) against posteriors computed by hand.

Notation: p = share of companies at the stage doing the activity (the table's % / 100),
factor = p for a "yes", 1 − p for a "no"; score = n_stage × Π factors; P = score / Σ scores.
Activities in the table's order: paperless, website, web_meetings, security, cloud,
e_payment, e_approval, customer_data, telework, online_sales, ai_iot, ec_channel, rpa.
n: 段階1 1,637 · 段階2 1,877 · 段階3 1,429 · 段階4 366.
"""

import math
from fractions import Fraction

import pytest

from dxnavi.assessments.domain import scoring, stage
from dxnavi.assessments.domain.scoring import StageBayes
from tests.dxdiag.helpers import ACTIVITY_IDS, stage_answers

STAGES = ("stage1", "stage2", "stage3", "stage4")


@pytest.fixture
def spec(dx_packs):
    return dx_packs[0].spec


@pytest.fixture
def table(spec):
    return StageBayes.table(spec)


def _did(yes):
    return {a: a in yes for a in ACTIVITY_IDS}


def _rounded(result):
    return {s: round(p, 4) for s, p in result.posterior.items()}


def test_stage_posterior_all_no_matches_hand_computation(table):
    """Nothing done yet.

    段階1: 0.786 × 0.748 × 0.886 × 0.918 × 0.927 × 0.911 × 0.963 × 0.958 × 0.955 × 0.977 × 0.977 × 0.987 × 0.993
           = 3.328506e-1;  × 1,637 = 544.8764
    段階2: 0.362 × 0.447 × 0.583 × 0.737 × 0.728 × 0.710 × 0.848 × 0.889 × 0.884 × 0.938 × 0.972 × 0.961 × 0.980
           = 2.056413e-2;  × 1,877 = 38.59887
    段階3: 0.209 × 0.297 × 0.351 × 0.538 × 0.544 × 0.582 × 0.651 × 0.714 × 0.752 × 0.840 × 0.907 × 0.908 × 0.929
           = 8.336796e-4;  × 1,429 = 1.191328
    段階4: 0.202 × 0.221 × 0.213 × 0.339 × 0.344 × 0.467 × 0.486 × 0.508 × 0.538 × 0.615 × 0.686 × 0.803 × 0.831
           = 1.936406e-5;  × 366 = 0.007087244
    Σ = 584.6737 → P = 0.931932, 0.066018, 0.002038, 0.000012
    """
    result = stage.estimate(table, _did(set()))
    assert _rounded(result) == {"stage1": 0.9319, "stage2": 0.0660, "stage3": 0.0020, "stage4": 0.0000}
    assert (result.stage, result.runner_up) == ("stage1", "stage2")


def test_stage_posterior_three_basics_matches_hand_computation(table):
    """Paperless, website and web meetings only (yes factors first, then the ten "no" factors).

    段階1: 0.214 × 0.252 × 0.114 × 0.918 × 0.927 × 0.911 × 0.963 × 0.958 × 0.955 × 0.977 × 0.977 × 0.987 × 0.993
           = 3.928354e-3;  × 1,637 = 6.430716
    段階2: 0.638 × 0.553 × 0.417 × 0.737 × 0.728 × 0.710 × 0.848 × 0.889 × 0.884 × 0.938 × 0.972 × 0.961 × 0.980
           = 3.207063e-2;  × 1,877 = 60.19658
    段階3: 0.791 × 0.703 × 0.649 × 0.538 × 0.544 × 0.582 × 0.651 × 0.714 × 0.752 × 0.840 × 0.907 × 0.908 × 0.929
           = 1.380911e-2;  × 1,429 = 19.73323
    段階4: 0.798 × 0.779 × 0.787 × 0.339 × 0.344 × 0.467 × 0.486 × 0.508 × 0.538 × 0.615 × 0.686 × 0.803 × 0.831
           = 9.962955e-4;  × 366 = 0.3646441
    Σ = 86.72516 → P = 0.074151, 0.694107, 0.227537, 0.004205
    """
    result = stage.estimate(table, _did({"paperless", "website", "web_meetings"}))
    assert _rounded(result) == {"stage1": 0.0742, "stage2": 0.6941, "stage3": 0.2275, "stage4": 0.0042}
    assert (result.stage, result.runner_up) == ("stage2", "stage3")


def test_stage_posterior_nine_activities_matches_hand_computation(table):
    """Yes to the first nine (paperless … telework), no to online sales, AI/IoT, e-commerce, RPA.

    段階1: 0.214 × 0.252 × 0.114 × 0.082 × 0.073 × 0.089 × 0.037 × 0.042 × 0.045 × 0.977 × 0.977 × 0.987 × 0.993
           = 2.142718e-10; × 1,637 = 3.507629e-7
    段階2: 0.638 × 0.553 × 0.417 × 0.263 × 0.272 × 0.290 × 0.152 × 0.111 × 0.116 × 0.938 × 0.972 × 0.961 × 0.980
           = 5.129176e-6;  × 1,877 = 9.627464e-3
    段階3: 0.791 × 0.703 × 0.649 × 0.462 × 0.456 × 0.418 × 0.349 × 0.286 × 0.248 × 0.840 × 0.907 × 0.908 × 0.929
           = 5.055812e-4;  × 1,429 = 0.7224755
    段階4: 0.798 × 0.779 × 0.787 × 0.661 × 0.656 × 0.533 × 0.514 × 0.492 × 0.462 × 0.615 × 0.686 × 0.803 × 0.831
           = 3.719063e-3;  × 366 = 1.361177
    Σ = 2.093281 → P = 0.000000, 0.004599, 0.345140, 0.650260
    """
    yes = {"paperless", "website", "web_meetings", "security", "cloud", "e_payment", "e_approval", "customer_data", "telework"}
    result = stage.estimate(table, _did(yes))
    assert _rounded(result) == {"stage1": 0.0000, "stage2": 0.0046, "stage3": 0.3451, "stage4": 0.6503}
    assert (result.stage, result.runner_up) == ("stage4", "stage3")


def test_stage_posterior_all_yes_matches_hand_computation(table):
    """All thirteen done.

    段階1: 0.214 × 0.252 × 0.114 × 0.082 × 0.073 × 0.089 × 0.037 × 0.042 × 0.045 × 0.023 × 0.023 × 0.013 × 0.007
           = 1.102571e-17; × 1,637 = 1.804908e-14
    段階2: 0.638 × 0.553 × 0.417 × 0.263 × 0.272 × 0.290 × 0.152 × 0.111 × 0.116 × 0.062 × 0.028 × 0.039 × 0.020
           = 8.088601e-12; × 1,877 = 1.518230e-8
    段階3: 0.791 × 0.703 × 0.649 × 0.462 × 0.456 × 0.418 × 0.349 × 0.286 × 0.248 × 0.160 × 0.093 × 0.092 × 0.071
           = 7.646309e-8;  × 1,429 = 1.092658e-4
    段階4: 0.798 × 0.779 × 0.787 × 0.661 × 0.656 × 0.533 × 0.514 × 0.492 × 0.462 × 0.385 × 0.314 × 0.197 × 0.169
           = 5.316932e-5;  × 366 = 1.945997e-2
    Σ = 1.956925e-2 → P = 0.000000, 0.000001, 0.005584, 0.994416
    """
    result = stage.estimate(table, _did(set(ACTIVITY_IDS)))
    assert _rounded(result) == {"stage1": 0.0000, "stage2": 0.0000, "stage3": 0.0056, "stage4": 0.9944}
    assert result.stage == "stage4"


def test_stage_posterior_small_table_exact_fractions():
    """Two stages, two activities; the second activity unanswered drops out of the product.

    A: n=300, p(x)=1/2, p(y)=1/5.  B: n=100, p(x)=9/10, p(y)=3/5.  Answer: x = yes, y unanswered.
    score A = 300 × 1/2 = 150;  score B = 100 × 9/10 = 90;  P(A) = 150/240 = 5/8, P(B) = 3/8.
    """
    statistics = {
        "n": {"A": 300, "B": 100},
        "activities": [
            {"id": "x", "question": "Q1", "percent": {"A": 50, "B": 90}},
            {"id": "y", "question": "Q2", "percent": {"A": 20, "B": 60}},
        ],
    }
    result = stage.estimate(stage.table_from(statistics, ["A", "B"]), {"x": True})
    assert (round(result.posterior["A"], 12), round(result.posterior["B"], 12)) == (
        round(float(Fraction(5, 8)), 12),
        round(float(Fraction(3, 8)), 12),
    )
    assert [d.activity.id for d in result.drivers] == []  # x favours B, the runner-up: nothing drove A over B


def test_stage_posterior_sums_to_one_and_survives_many_small_factors(table):
    result = stage.estimate(table, _did(set(ACTIVITY_IDS)))
    assert math.isclose(sum(result.posterior.values()), 1.0, abs_tol=1e-12)
    assert all(p > 0 for p in result.posterior.values())  # log space: no factor underflows to zero


def test_stage_drivers_are_largest_log_likelihood_ratios_against_runner_up(table):
    """Three basics (段階2 vs runner-up 段階3): every "no" favours 段階2 by ln((1 − p2)/(1 − p3)):
    security ln(0.737/0.538) = 0.3147, cloud ln(0.728/0.544) = 0.2914, e_approval ln(0.848/0.651) = 0.2644,
    customer_data 0.2192, e_payment 0.1988 …; the three "yes" answers favour 段階3 and are not drivers."""
    result = stage.estimate(table, _did({"paperless", "website", "web_meetings"}))
    assert [(d.activity.id, d.did, round(d.llr, 4)) for d in result.drivers] == [
        ("security", False, 0.3147),
        ("cloud", False, 0.2914),
        ("e_approval", False, 0.2644),
    ]
    assert (result.drivers[0].percent_stage, result.drivers[0].percent_versus) == (26.3, 46.2)


def test_stage_drivers_for_yes_answers(table):
    """Nine activities (段階4 vs 段階3): telework ln(0.462/0.248) = 0.6221, customer data ln(0.492/0.286) = 0.5425,
    e-approval ln(0.514/0.349) = 0.3872."""
    yes = {"paperless", "website", "web_meetings", "security", "cloud", "e_payment", "e_approval", "customer_data", "telework"}
    result = stage.estimate(table, _did(yes))
    assert [(d.activity.id, d.did, round(d.llr, 4)) for d in result.drivers] == [
        ("telework", True, 0.6221),
        ("customer_data", True, 0.5425),
        ("e_approval", True, 0.3872),
    ]


def test_stage_next_stage_gaps_most_common_at_next_stage_first(table):
    did = _did({"paperless", "website", "web_meetings"})
    step = stage.next_stage(table, did, "stage2")
    assert step.stage == "stage3"
    assert [(g.activity.id, g.percent_next, g.percent_here) for g in step.gaps] == [
        ("security", 46.2, 26.3),
        ("cloud", 45.6, 27.2),
        ("e_payment", 41.8, 29.0),
        ("e_approval", 34.9, 15.2),
        ("customer_data", 28.6, 11.1),
    ]


def test_stage_next_stage_never_lists_activities_already_done(table):
    did = _did(set(ACTIVITY_IDS) - {"rpa"})
    step = stage.next_stage(table, did, "stage1")
    assert [(g.activity.id, g.percent_next) for g in step.gaps] == [("rpa", 2.0)]


def test_stage_next_stage_none_at_the_highest_stage(table):
    assert stage.next_stage(table, _did(set(ACTIVITY_IDS)), "stage4") is None


@pytest.mark.parametrize(
    "own, code, self_probability",
    [("stage2", "agree", 0.6941), ("stage3", "self_higher", 0.2275), ("stage1", "self_lower", 0.0742)],
)
def test_stage_reconcile_own_view_with_estimate(table, own, code, self_probability):
    result = stage.estimate(table, _did({"paperless", "website", "web_meetings"}))
    rc = stage.reconcile(table, own, result)
    assert (rc.code, rc.self_stage, rc.estimated, round(rc.self_probability, 4)) == (code, own, "stage2", self_probability)


def test_stage_strategy_scores_through_the_pack(spec):
    result = scoring.score(spec, stage_answers("stage3", yes=["paperless", "website", "web_meetings"]))
    assert (result.total, result.band_id) == (2, "stage2")
    assert result.part_scores == {"self": 3, "activities": 3}
    assert {s: round(p, 4) for s, p in result.details["posterior"].items()} == {
        "stage1": 0.0742,
        "stage2": 0.6941,
        "stage3": 0.2275,
        "stage4": 0.0042,
    }
    assert (result.details["stage"], result.details["runner_up"], result.details["self_stage"]) == ("stage2", "stage3", "stage3")
    assert result.details["drivers"] == ["security", "cloud", "e_approval"]


def test_stage_table_in_pack_is_the_white_paper_table(spec):
    """The numbers of 第1-4-46図 exactly as in seed 004 (spot checks of every row's 段階3 and the n)."""
    statistics = spec.scoring["statistics"]
    assert statistics["n"] == {"stage1": 1637, "stage2": 1877, "stage3": 1429, "stage4": 366}
    assert [(a["id"], a["percent"]["stage3"]) for a in statistics["activities"]] == [
        ("paperless", 79.1), ("website", 70.3), ("web_meetings", 64.9), ("security", 46.2), ("cloud", 45.6),
        ("e_payment", 41.8), ("e_approval", 34.9), ("customer_data", 28.6), ("telework", 24.8),
        ("online_sales", 16.0), ("ai_iot", 9.3), ("ec_channel", 9.2), ("rpa", 7.1),
    ]  # fmt: skip
    assert statistics["activities"][4]["percent"] == {"stage1": 7.3, "stage2": 27.2, "stage3": 45.6, "stage4": 65.6}
    assert "第1-4-46図" in statistics["source"] and "帝国データバンク" in statistics["source"]
