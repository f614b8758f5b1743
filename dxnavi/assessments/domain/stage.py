"""Stage estimate from yes/no activities: naive Bayes over a published cross-table.

The pack's ``scoring.statistics`` holds a table such as 中小企業白書2024 第1-4-46図: for each
stage, how many companies answered (n) and what share of them do each activity (%).
Reading the shares as P(activity | stage) and the counts as the prior P(stage):

    P(stage | answers) ∝ n_stage × Π_i p_i,stage^x_i × (1 − p_i,stage)^(1 − x_i)

computed in log space (13 small factors underflow nothing, but the habit keeps it exact to
print). Activities the company did not answer drop out of the product (their factor would
sum to 1 over yes/no). Naive Bayes assumes activities are independent within a stage; they
are not quite, so the posterior is a rough, explainable estimate — the pages say so.

Everything here is pure: plain dicts in, dataclasses out.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

DRIVER_LIMIT = 3
GAP_LIMIT = 5


@dataclass(frozen=True)
class Activity:
    id: str
    question_id: str
    percent: Mapping[str, float]  # stage id -> % of companies at that stage doing it
    definition: Mapping  # the content item (name, next_step, source…)

    def p(self, stage: str) -> float:
        return self.percent[stage] / 100


@dataclass(frozen=True)
class Table:
    stages: tuple[str, ...]  # stage ids, lowest first
    n: Mapping[str, int]
    activities: tuple[Activity, ...]
    definition: Mapping  # the statistics block (title, source, as_of, note)

    def number(self, stage: str) -> int:
        return self.stages.index(stage) + 1

    def activity(self, activity_id: str) -> Activity | None:
        return next((a for a in self.activities if a.id == activity_id), None)


def table_from(statistics: Mapping, stages) -> Table:
    activities = tuple(
        Activity(a["id"], a["question"], {s: float(a["percent"][s]) for s in stages}, a) for a in statistics["activities"]
    )
    return Table(tuple(stages), {s: statistics["n"][s] for s in stages}, activities, statistics)


def log_factor(activity: Activity, stage: str, did: bool) -> float:
    """ln P(answer | stage) for one activity."""
    p = activity.p(stage)
    return math.log(p if did else 1 - p)


@dataclass(frozen=True)
class Driver:
    activity: Activity
    did: bool
    llr: float  # ln P(answer | stage) − ln P(answer | versus): > 0 pushes towards the estimated stage
    percent_stage: float
    percent_versus: float


@dataclass(frozen=True)
class Estimate:
    posterior: dict[str, float]  # stage id -> probability, summing to 1
    log_score: dict[str, float]  # ln n_stage + Σ ln P(answer | stage), before normalizing
    stage: str  # the most probable stage (ties: the lower stage)
    runner_up: str
    drivers: tuple[Driver, ...]

    def percent(self, stage: str) -> float:
        return self.posterior[stage] * 100


def estimate(table: Table, did: Mapping[str, bool]) -> Estimate:
    """Posterior over the stages for the answered activities (``did``: activity id -> yes?)."""
    answered = [(a, did[a.id]) for a in table.activities if a.id in did]
    log_score = {
        stage: math.log(table.n[stage]) + sum(log_factor(a, stage, x) for a, x in answered) for stage in table.stages
    }
    top = max(log_score.values())
    # log-sum-exp: subtract the largest term so exp() never overflows or underflows to 0 for it.
    weights = {stage: math.exp(value - top) for stage, value in log_score.items()}
    total = sum(weights.values())
    posterior = {stage: weight / total for stage, weight in weights.items()}
    order = sorted(table.stages, key=lambda s: (-log_score[s], table.stages.index(s)))
    stage, runner_up = order[0], order[1]
    return Estimate(posterior, log_score, stage, runner_up, drivers(table, did, stage, runner_up))


def drivers(table: Table, did: Mapping[str, bool], stage: str, versus: str, limit: int = DRIVER_LIMIT) -> tuple[Driver, ...]:
    """The answers that favour ``stage`` over ``versus`` most (largest log-likelihood ratio first).

    Compared with the runner-up because that is the decision the answers actually made: "why
    段階3 rather than 段階2". Ties keep the table's order.
    """
    rows = []
    for a in table.activities:
        if a.id not in did:
            continue
        llr = log_factor(a, stage, did[a.id]) - log_factor(a, versus, did[a.id])
        if llr > 0:
            rows.append(Driver(a, did[a.id], llr, a.percent[stage], a.percent[versus]))
    rows.sort(key=lambda d: -d.llr)  # stable: ties keep table order
    return tuple(rows[:limit])


@dataclass(frozen=True)
class Gap:
    activity: Activity
    percent_next: float  # share of companies at the next stage doing it
    percent_here: float  # share at the estimated stage, for context


@dataclass(frozen=True)
class NextStage:
    stage: str
    gaps: tuple[Gap, ...]


def next_stage(table: Table, did: Mapping[str, bool], stage: str, limit: int = GAP_LIMIT) -> NextStage | None:
    """Activities the company does not do, most common among companies one stage up first.

    That is where the company differs most from the next stage's companies; activities it
    already does are never gaps. None when the estimate is already the highest stage.
    """
    index = table.stages.index(stage)
    if index + 1 >= len(table.stages):
        return None
    target = table.stages[index + 1]
    missing = [a for a in table.activities if did.get(a.id) is False]
    missing.sort(key=lambda a: -a.percent[target])  # stable: ties keep table order
    return NextStage(target, tuple(Gap(a, a.percent[target], a.percent[stage]) for a in missing[:limit]))


AGREE = "agree"
SELF_HIGHER = "self_higher"
SELF_LOWER = "self_lower"


@dataclass(frozen=True)
class Reconciliation:
    code: str  # AGREE, SELF_HIGHER or SELF_LOWER
    self_stage: str
    estimated: str
    self_probability: float  # posterior of the owner's own placement

    @property
    def self_percent(self) -> float:
        return self.self_probability * 100


def reconcile(table: Table, self_stage: str, result: Estimate) -> Reconciliation:
    mine, theirs = table.stages.index(self_stage), table.stages.index(result.stage)
    code = AGREE if mine == theirs else SELF_HIGHER if mine > theirs else SELF_LOWER
    return Reconciliation(code, self_stage, result.stage, result.posterior[self_stage])
