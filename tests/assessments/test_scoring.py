"""Scoring of the security self-check at its edges, through the registry and the stored pack."""

import copy

import pytest

from dxnavi.assessments.domain import scoring
from dxnavi.assessments.domain.packs import PackSpec
from dxnavi.assessments.domain.scoring import ScoreResult, Strategy, get_strategy, register
from tests.assessments.helpers import all_answers, answers_for_total


@pytest.fixture
def spec(pack):
    return pack.spec


def test_score_all_unknown_is_minus_25(spec):
    result = scoring.score(spec, all_answers("unknown"))
    assert (result.total, result.band_id) == (-25, "urgent")
    assert result.part_scores == {"basic": -5, "employee": -13, "organization": -7}


def test_score_all_implemented_is_100(spec):
    result = scoring.score(spec, all_answers("yes"))
    assert (result.total, result.band_id) == (100, "full")
    assert result.part_scores == {"basic": 20, "employee": 52, "organization": 28}


@pytest.mark.parametrize(
    "total, band",
    [(49, "urgent"), (50, "insufficient"), (69, "insufficient"), (70, "mostly"), (98, "mostly"), (100, "full"), (0, "urgent")],
)
def test_score_band_boundaries(spec, total, band):
    result = scoring.score(spec, answers_for_total(total))
    assert (result.total, result.band_id) == (total, band)


def test_score_99_is_unreachable_with_the_official_options():
    # 4/2/0/−1 points: one answer short of full marks gives at most 98.
    with pytest.raises(ValueError):
        answers_for_total(99)


def test_score_band_boundary_99_100_with_a_three_point_option(pack):
    # A variant pack where 99 is reachable (one question offers 3 points) exercises the 99/100 edge.
    definition = copy.deepcopy(pack.definition)
    last = definition["parts"][-1]["questions"][-1]
    last["options"] = [*definition["options"], {"id": "mostly", "points": 3, "label": {"ja": "ほぼ", "en": "Mostly"}}]
    variant = PackSpec(definition)
    at_99 = scoring.score(variant, {**all_answers("yes"), last["id"]: "mostly"})
    at_100 = scoring.score(variant, all_answers("yes"))
    assert [(at_99.total, at_99.band_id), (at_100.total, at_100.band_id)] == [(99, "mostly"), (100, "full")]


def test_score_parts_follow_official_numbering(spec):
    answers = {f"SC{n:02d}": ("yes" if n <= 5 else "no") for n in range(1, 26)}
    assert scoring.score(spec, answers).part_scores == {"basic": 20, "employee": 0, "organization": 0}


def test_score_ignores_answers_outside_the_pack(spec):
    answers = {**all_answers("partial"), "SC99": "yes", "SC01": "bogus"}
    assert scoring.score(spec, answers).total == 48


def test_strategy_registry_accepts_new_strategies():
    @register
    class CountYes(Strategy):
        name = "test_count_yes"

        def score(self, pack, answers):
            yes = sum(1 for v in answers.values() if v == "yes")
            return ScoreResult(total=yes, band_id="", part_scores={}, details={"level": min(yes, 5)})

    try:
        spec = PackSpec({"id": "x", "version": "1", "parts": [], "scoring": {"strategy": "test_count_yes"}})
        assert scoring.score(spec, {"a": "yes", "b": "no"}) == ScoreResult(1, "", {}, {"level": 1})
        assert "test_count_yes" in scoring.strategy_names()
    finally:
        scoring._REGISTRY.pop("test_count_yes")


def test_strategy_unknown_name_raises_key_error():
    with pytest.raises(KeyError):
        get_strategy("no_such_strategy")
