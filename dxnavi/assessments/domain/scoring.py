"""Scoring strategies, chosen by a pack's ``scoring.strategy``.

A strategy is a small class with two methods:

- ``validate(pack) -> [(item, problem), ...]`` checks the strategy's own part of the pack
  (bands, levels, stage rules…) when the pack is loaded, so a bad pack never reaches users;
- ``score(pack, answers) -> ScoreResult`` turns ``{question_id: option_id}`` into a result.

Register a new one with ``@register`` (e.g. a ``maturity_levels`` strategy for a DX pack that
reports a level per part, or ``stage_rules`` that picks a stage from rules over answers);
put whatever else it derives into ``ScoreResult.details``. Services store the result through
``services.recompute`` only.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from .packs import PackSpec


@dataclass(frozen=True)
class ScoreResult:
    total: int
    band_id: str
    part_scores: dict[str, int]
    details: dict = field(default_factory=dict)


class Strategy:
    name = ""

    def validate(self, pack: PackSpec) -> list[tuple[str, str]]:
        return []

    def score(self, pack: PackSpec, answers: Mapping[str, str]) -> ScoreResult:
        raise NotImplementedError


_REGISTRY: dict[str, Strategy] = {}


def register(cls):
    """Class decorator: make a strategy available under its ``name``."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    _REGISTRY[cls.name] = cls()
    return cls


def get_strategy(name) -> Strategy:
    """The registered strategy, or KeyError."""
    return _REGISTRY[name]


def strategy_names() -> list[str]:
    return sorted(_REGISTRY)


def score(pack: PackSpec, answers: Mapping[str, str]) -> ScoreResult:
    return get_strategy(pack.strategy).score(pack, answers)


def answer_points(pack: PackSpec, answers: Mapping[str, str]) -> dict[str, int]:
    """Points per answered question; answers to questions or options not in the pack are ignored."""
    points = {}
    for question_id, option_id in answers.items():
        value = pack.points(question_id, option_id)
        if value is not None:
            points[question_id] = value
    return points


@register
class SumBands(Strategy):
    """Total = sum of the chosen options' points; the band is the one whose min..max holds it.

    Unanswered questions add nothing (only complete assessments are shown as results).
    """

    name = "sum_bands"

    def validate(self, pack):
        problems = []
        bands = pack.bands
        if not isinstance(bands, list) or not bands:
            return [("scoring", "sum_bands needs a non-empty list of bands")]
        seen = set()
        for i, band in enumerate(bands):
            band_id = band.get("id") if isinstance(band, dict) else None
            where = f"band {band_id!r}" if isinstance(band_id, str) else f"scoring.bands[{i}]"
            if not isinstance(band_id, str) or band_id in seen:
                problems.append((where, "missing or duplicate band id"))
                continue
            seen.add(band_id)
            if type(band.get("min")) is not int or type(band.get("max")) is not int or band["min"] > band["max"]:
                problems.append((where, "needs whole-number min <= max"))
            for key in ("label", "message"):
                text = band.get(key)
                if not isinstance(text, dict) or not all(
                    isinstance(text.get(lang), str) and text[lang].strip() for lang in ("ja", "en")
                ):
                    problems.append((where, f"{key!r} needs non-empty ja and en text"))
        if problems:
            return problems
        # Ordered high -> low, touching exactly, covering every reachable total: each total has one band.
        if bands[0]["max"] != pack.total_max:
            problems.append((f"band {bands[0]['id']!r}", f"max must be the highest possible total {pack.total_max}"))
        if bands[-1]["min"] != pack.total_min:
            problems.append((f"band {bands[-1]['id']!r}", f"min must be the lowest possible total {pack.total_min}"))
        for upper, lower in pairwise(bands):
            if upper["min"] != lower["max"] + 1:
                problems.append((f"band {lower['id']!r}", f"max must be {upper['min'] - 1} (just below band {upper['id']!r})"))
        return problems

    def score(self, pack, answers):
        points = answer_points(pack, answers)
        part_scores = {part["id"]: sum(points.get(q["id"], 0) for q in part["questions"]) for part in pack.parts}
        total = sum(part_scores.values())
        band = next((b for b in pack.bands if b["min"] <= total <= b["max"]), None)
        return ScoreResult(total=total, band_id=band["id"] if band else "", part_scores=part_scores)
