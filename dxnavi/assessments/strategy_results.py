"""The strategy-specific part of a result: what the partial ``assessments/results/_<strategy>.html`` shows.

``services.result`` builds the common part (band, previous result, peers) and asks ``build``
for the rest. Everything is computed again from the answers with the exact pack version they
were given against, so an old result always reads the same; nothing here touches the database.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from dxnavi.content.i18n import pick

from .domain import maturity, stage
from .domain.packs import PackSpec
from .domain.scoring import StageBayes

TEMPLATES = {
    "sum_bands": ("assessments/results/_sum_bands.html", "assessments/_answers_table.html"),
    "stage_bayes": ("assessments/results/_stage_bayes.html", "assessments/results/_stage_bayes_answers.html"),
    "maturity_levels": ("assessments/results/_maturity_levels.html", "assessments/results/_maturity_levels_answers.html"),
}


def templates(spec: PackSpec) -> tuple[str, str]:
    """(result body, answers table) templates for the pack's strategy."""
    return TEMPLATES.get(spec.strategy, TEMPLATES["sum_bands"])


# --- stage_bayes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StageRow:
    band: dict
    percent: float  # posterior, in %
    n: int  # respondents at this stage in the table
    is_estimate: bool
    is_self: bool


@dataclass(frozen=True)
class ActivityRow:
    activity: stage.Activity
    question: dict
    did: bool | None
    option: dict | None  # the chosen option (its label is the answer as the company saw it)
    percents: list[tuple[dict, float]]  # (band, % of companies at that stage doing it)


@dataclass(frozen=True)
class StageView:
    statistics: dict  # title, source, as_of, note of the table
    stages: list[StageRow]
    estimate: dict  # band of the most probable stage
    estimate_percent: float
    versus: dict  # band of the runner-up, the comparison behind the drivers
    drivers: tuple[stage.Driver, ...]
    self_band: dict | None
    reconciliation: stage.Reconciliation | None
    next_band: dict | None
    next: stage.NextStage | None
    activities: list[ActivityRow]
    done_count: int
    previous_band: dict | None  # estimate of the previous check
    newly_done: list[stage.Activity]
    no_longer: list[stage.Activity]

    @property
    def uncertain(self) -> bool:
        # Below one half, another stage is together more likely than the one shown.
        return self.estimate_percent < 50


def _stage_parts(spec: PackSpec, answers: Mapping):
    table = StageBayes.table(spec)
    did = StageBayes.activity_answers(spec, table, answers)
    return table, did, stage.estimate(table, did)


def stage_view(spec: PackSpec, answers: Mapping, previous_spec=None, previous_answers=None) -> StageView:
    bands = {b["id"]: b for b in spec.bands}
    table, did, result = _stage_parts(spec, answers)
    own = StageBayes.self_stage(spec, answers)
    step = stage.next_stage(table, did, result.stage)
    rows = [
        StageRow(bands[s], result.percent(s), table.n[s], s == result.stage, s == own)
        for s in table.stages
    ]
    activities = [
        ActivityRow(
            a,
            spec.question(a.question_id),
            did.get(a.id),
            spec.option(spec.question(a.question_id), answers.get(a.question_id, "")) if a.id in did else None,
            [(bands[s], a.percent[s]) for s in table.stages],
        )
        for a in table.activities
    ]
    previous_band, newly_done, no_longer = None, [], []
    if previous_spec is not None and previous_spec.strategy == spec.strategy:
        old_table, old_did, old_result = _stage_parts(previous_spec, previous_answers)
        previous_band = {b["id"]: b for b in previous_spec.bands}.get(old_result.stage)
        # By activity id, so a changed question wording between versions still compares.
        newly_done = [a for a in table.activities if did.get(a.id) and old_did.get(a.id) is False]
        no_longer = [a for a in table.activities if did.get(a.id) is False and old_did.get(a.id)]
    return StageView(
        statistics=spec.scoring["statistics"],
        stages=rows,
        estimate=bands[result.stage],
        estimate_percent=result.percent(result.stage),
        versus=bands[result.runner_up],
        drivers=result.drivers,
        self_band=bands.get(own) if own else None,
        reconciliation=stage.reconcile(table, own, result) if own else None,
        next_band=bands[step.stage] if step else None,
        next=step,
        activities=activities,
        done_count=sum(1 for x in did.values() if x),
        previous_band=previous_band,
        newly_done=newly_done,
        no_longer=no_longer,
    )


# --- maturity_levels -------------------------------------------------------------------------


@dataclass(frozen=True)
class MaturityView:
    rollup: maturity.Rollup
    radar: maturity.Radar
    gaps: list[maturity.ItemLevel]
    items: list[maturity.ItemLevel]
    parts: dict  # part id -> part
    previous: maturity.Rollup | None
    changes: list[maturity.LevelChange]

    @property
    def gap_rows(self) -> list[tuple[maturity.ItemLevel, dict]]:
        return [(item, self.parts[item.part_id]) for item in self.gaps]

    @property
    def radar_rows(self) -> list[tuple[maturity.Axis, maturity.PillarRow]]:
        """Each axis with its pillar, for the chart's text alternative (exact hundredths)."""
        return list(zip(self.radar.axes, self.rollup.pillars, strict=True))

    @property
    def delta_h(self) -> int | None:
        return None if self.previous is None else self.rollup.current_h - self.previous.current_h


def maturity_view(spec: PackSpec, answers: Mapping, previous_spec=None, previous_answers=None) -> MaturityView:
    rows = maturity.items(spec, answers)
    rolled = maturity.rollup(spec, answers)
    axes = [(pick(p.part.get("short") or p.part["title"]), p.current, p.target) for p in rolled.pillars]
    previous, changed = None, []
    if previous_spec is not None and previous_spec.strategy == spec.strategy:
        previous = maturity.rollup(previous_spec, previous_answers)
        changed = maturity.changes(maturity.items(previous_spec, previous_answers), rows)
    return MaturityView(
        rollup=rolled,
        radar=maturity.radar(axes, max_level=spec.levels[-1]),
        gaps=maturity.gaps(rows),
        items=rows,
        parts={p["id"]: p for p in spec.parts},
        previous=previous,
        changes=changed,
    )


BUILDERS = {"stage_bayes": stage_view, "maturity_levels": maturity_view}


def build(spec: PackSpec, answers: Mapping, previous_spec=None, previous_answers=None):
    """The strategy's view object, or None for strategies whose page the services build (sum_bands)."""
    builder = BUILDERS.get(spec.strategy)
    return builder(spec, answers, previous_spec, previous_answers) if builder else None
