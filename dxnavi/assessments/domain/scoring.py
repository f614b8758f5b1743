"""Scoring strategies, chosen by a pack's ``scoring.strategy``.

A strategy is a small class with two methods:

- ``validate(pack) -> [(item, problem), ...]`` checks the strategy's own part of the pack
  (bands, levels, stage rules…) when the pack is loaded, so a bad pack never reaches users;
- ``score(pack, answers) -> ScoreResult`` turns ``{question_id: option_id}`` into a result.

Registered here: ``sum_bands`` (points and bands, the security self-check), ``stage_bayes``
(the most probable stage from yes/no activities over a published table, see ``stage.py``) and
``maturity_levels`` (current/target levels rolled up per part, see ``maturity.py``).
Register a new one with ``@register``; put whatever else it derives into
``ScoreResult.details``. Services store the result through ``services.recompute`` only.

``answers`` map question ids to answer values: an option id for choice questions, a dict for
structured ones (see ``questions.py``).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from . import maturity, stage
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
        if not isinstance(option_id, str):
            continue  # a structured answer (level_target) carries no points
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


def _has_text(node, key) -> bool:
    text = node.get(key) if isinstance(node, dict) else None
    return isinstance(text, dict) and all(isinstance(text.get(lang), str) and text[lang].strip() for lang in ("ja", "en"))


def _check_band_texts(bands) -> list[tuple[str, str]]:
    problems, seen = [], set()
    if not isinstance(bands, list) or len(bands) < 2:
        return [("scoring", "needs a list of at least two bands")]
    for i, band in enumerate(bands):
        band_id = band.get("id") if isinstance(band, dict) else None
        where = f"band {band_id!r}" if isinstance(band_id, str) else f"scoring.bands[{i}]"
        if not isinstance(band_id, str) or band_id in seen:
            problems.append((where, "missing or duplicate band id"))
            continue
        seen.add(band_id)
        for key in ("label", "message"):
            if not _has_text(band, key):
                problems.append((where, f"{key!r} needs non-empty ja and en text"))
    return problems


@register
class StageBayes(Strategy):
    """The most probable stage (naive Bayes over ``scoring.statistics``), plus the owner's own placement.

    Bands are the stages, lowest first. ``self_question`` is a choice question whose option
    ids are the band ids; every other question is a yes/no activity linked to one row of the
    statistics table. Total = the estimated stage's number (1 = lowest), so history and peer
    comparison work on it unchanged.
    """

    name = "stage_bayes"

    def validate(self, pack):
        problems = _check_band_texts(pack.bands)
        if problems:
            return problems
        stages = [b["id"] for b in pack.bands]
        scoring = pack.scoring
        yes = scoring.get("yes_option")
        if not isinstance(yes, str) or not yes:
            problems.append(("scoring", "stage_bayes needs yes_option (the option id meaning 'we do this')"))
        self_question = pack.question(scoring.get("self_question") or "")
        if self_question is None:
            return [*problems, ("scoring", f"self_question {scoring.get('self_question')!r} is not a question of the pack")]
        if [o["id"] for o in pack.options_for(self_question)] != stages:
            problems.append((f"question {self_question['id']!r}", f"options must be the stages in order: {stages}"))
        statistics = scoring.get("statistics")
        if not isinstance(statistics, dict):
            return [*problems, ("scoring", "stage_bayes needs a statistics table")]
        for key in ("source", "as_of"):
            if not statistics.get(key):
                problems.append(("statistics", f"needs {key!r}"))
        if not _has_text(statistics, "title"):
            problems.append(("statistics", "'title' needs non-empty ja and en text"))
        n = statistics.get("n")
        if not isinstance(n, dict) or sorted(n) != sorted(stages) or any(type(v) is not int or v <= 0 for v in n.values()):
            problems.append(("statistics", f"'n' must give a positive whole number of companies for each stage {stages}"))
        linked, seen = {}, set()
        activities = statistics.get("activities")
        if not isinstance(activities, list) or not activities:
            return [*problems, ("statistics", "needs a non-empty list of activities")]
        for i, activity in enumerate(activities):
            activity_id = activity.get("id") if isinstance(activity, dict) else None
            where = f"activity {activity_id!r}" if isinstance(activity_id, str) else f"statistics.activities[{i}]"
            if not isinstance(activity_id, str) or activity_id in seen:
                problems.append((where, "missing or duplicate activity id"))
                continue
            seen.add(activity_id)
            for key in ("name", "next_step"):
                if not _has_text(activity, key):
                    problems.append((where, f"{key!r} needs non-empty ja and en text"))
            percent = activity.get("percent")
            if not isinstance(percent, dict) or sorted(percent) != sorted(stages):
                problems.append((where, f"'percent' needs a value for each stage {stages}"))
            elif not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v < 100 for v in percent.values()):
                # 0 % or 100 % would make one answer rule a stage out entirely (log 0).
                problems.append((where, "percentages must be numbers strictly between 0 and 100"))
            question = pack.question(activity.get("question") or "")
            if question is None or question is self_question:
                problems.append((where, f"question {activity.get('question')!r} is not an activity question of the pack"))
                continue
            if question["id"] in linked:
                problems.append((where, f"question {question['id']!r} is already linked to {linked[question['id']]!r}"))
            linked[question["id"]] = activity_id
            option_ids = [o["id"] for o in pack.options_for(question)]
            if len(option_ids) != 2 or yes not in option_ids:
                problems.append((f"question {question['id']!r}", f"an activity needs exactly two options, one of them {yes!r}"))
        for question in pack.questions:
            if question is not self_question and question["id"] not in linked:
                problems.append((f"question {question['id']!r}", "is neither the self_question nor linked to an activity"))
        return problems

    @staticmethod
    def table(pack) -> stage.Table:
        return stage.table_from(pack.scoring["statistics"], [b["id"] for b in pack.bands])

    @staticmethod
    def activity_answers(pack, table, answers) -> dict[str, bool]:
        """activity id -> did the company answer yes; unanswered activities (or unknown options) are left out."""
        yes = pack.scoring["yes_option"]
        did = {}
        for a in table.activities:
            value = answers.get(a.question_id)
            if isinstance(value, str) and pack.option(pack.question(a.question_id), value) is not None:
                did[a.id] = value == yes
        return did

    @staticmethod
    def self_stage(pack, answers) -> str | None:
        value = answers.get(pack.scoring["self_question"])
        return value if value in {b["id"] for b in pack.bands} else None

    def score(self, pack, answers):
        table = self.table(pack)
        did = self.activity_answers(pack, table, answers)
        result = stage.estimate(table, did)
        own = self.self_stage(pack, answers)
        details = {
            # Rounded for storage only; pages recompute from the answers with full precision.
            "posterior": {s: round(p, 6) for s, p in result.posterior.items()},
            "stage": result.stage,
            "runner_up": result.runner_up,
            "self_stage": own or "",
            "drivers": [d.activity.id for d in result.drivers],
        }
        part_scores = {"self": table.number(own) if own else 0, "activities": sum(did.values())}
        return ScoreResult(total=table.number(result.stage), band_id=result.stage, part_scores=part_scores, details=details)


@register
class MaturityLevels(Strategy):
    """Current and target levels per item, rolled up per part (pillar) and overall (see ``maturity.py``).

    Total = overall current level in hundredths (2.35 -> 235), so history and peer comparison
    compare the overall maturity. Band = the band whose ``level`` is the whole part of it.
    """

    name = "maturity_levels"

    def validate(self, pack):
        problems = _check_band_texts(pack.bands)
        if not pack.levels:
            problems.append(("pack", "maturity_levels needs a level_scale"))
        if problems:
            return problems
        levels = [b.get("level") for b in pack.bands]
        if sorted(lv for lv in levels if type(lv) is int) != pack.levels or len(levels) != len(pack.levels):
            problems.append(("scoring", f"bands need one 'level' each for every level of the scale {pack.levels}"))
        for question in pack.questions:
            if question.get("type") != "level_target":
                problems.append((f"question {question['id']!r}", "maturity_levels scores level_target questions only"))
        for part in pack.parts:
            if not _has_text(part, "short"):
                problems.append((f"part {part['id']!r}", "'short' (the radar label) needs non-empty ja and en text"))
        return problems

    def score(self, pack, answers):
        rolled = maturity.rollup(pack, answers)
        band = next((b for b in pack.bands if b["level"] == rolled.level), None)
        return ScoreResult(
            total=rolled.current_h,
            band_id=band["id"] if band else "",
            part_scores={p.part["id"]: p.current_h for p in rolled.pillars},
            details={"target": {p.part["id"]: p.target_h for p in rolled.pillars}, "target_total": rolled.target_h},
        )
