"""Schemas of the assessments resource (``routers/assessments.py``). Not a router: no ``PREFIX``."""

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from ..schemas import Text


class AssessmentFilters(Schema):
    pack: str | None = Field(None, max_length=64, title="質問票", description="A pack id, e.g. `security_selfcheck`.")
    status: Literal["draft", "completed"] | None = Field(None, title="状態", description="`draft` or `completed`.")
    completed_from: datetime.date | None = Field(None, title="完了日（から）", description="Completed on or after this date.")
    completed_to: datetime.date | None = Field(None, title="完了日（まで）", description="Completed on or before this date.")
    format: Literal["json", "csv"] = Field("json", title="形式", description="`csv` for the whole list as one CSV file.")


class AssessmentSummary(Schema):
    id: int
    pack_id: str
    pack_version: str
    status: Literal["draft", "completed"]
    started: datetime.datetime
    completed_at: datetime.datetime | None
    total_score: int | None = Field(description="Points (sum_bands), the own stage (stage_bayes) or the mean level in hundredths (maturity_levels).")
    band_id: str


class AssessmentPage(Schema):
    items: list[AssessmentSummary]
    next_cursor: str | None


class AssessmentDetail(Schema):
    id: int
    pack_id: str
    pack_version: str
    strategy: str
    status: Literal["draft", "completed"]
    started: datetime.datetime
    updated: datetime.datetime
    completed_at: datetime.datetime | None
    answers: dict[str, Any] = Field(description="question id → option id (choice) or {current, target, evidence, action} (level_target).")
    answered: int = Field(description="Questions answered (as the web's progress counter).")
    total_questions: int


class StartIn(Schema):
    pack_id: str = Field(title="質問票", max_length=64, description="The pack to start, e.g. `security_selfcheck`.")


class AnswersIn(Schema):
    answers: dict[str, str | dict] = Field(
        title="回答", max_length=200,
        description="question id → option id (choice) or {current, target, evidence, action} (level_target). "
        "Only the questions sent are saved (the web's autosave); the others keep their answers.",
    )


class Band(Schema):
    id: str
    label: Text
    message: Text


class PartScore(Schema):
    id: str
    title: Text
    score: int
    max: int
    percent: int


class PeerGroupKey(Schema):
    key: Literal["industry_major", "size_band", "prefecture"]
    label: Text
    value: Text


class Peers(Schema):
    shown: bool = Field(description="False while fewer than `min_group` companies are in even the widest group.")
    percentile: int | None = Field(description="Share of the group (in %) the result is higher than; ties count half.")
    level: str | None = Field(description="industry_size_prefecture, industry_size, industry or all.")
    group: list[PeerGroupKey] = Field(description="What the group shares with the company (empty: all companies).")
    size_at_least: int | None = Field(description="The group has at least this many companies (never the exact count).")
    widened: bool = Field(description="Too few companies share industry, size and prefecture, so the group was widened.")
    min_group: int


class StageRow(Schema):
    id: str
    label: Text
    name: Text
    percent: float
    survey_n: int
    is_estimate: bool
    is_self: bool


class StageResult(Schema):
    """dx_stage (stage_bayes): the own view and the estimate from the activities."""

    self_stage: str | None
    estimate: str
    estimate_percent: float
    uncertain: bool
    reconciliation: Literal["agree", "self_higher", "self_lower"] | None
    stages: list[StageRow]
    activities_done: int
    activities_total: int
    next_stage: str | None
    next_activities: list[str] = Field(description="Activity ids to take up for the next stage.")
    previous_estimate: str | None


class PillarLevel(Schema):
    id: str
    title: Text
    current: float
    target: float
    gap: float


class MaturityResult(Schema):
    """dx_maturity (maturity_levels): levels per pillar (means, 2 decimals) and the largest gaps."""

    current: float
    target: float
    level: int
    max_level: int
    pillars: list[PillarLevel]
    gaps: list[str] = Field(description="Question ids, largest gap to the target first.")
    previous_current: float | None
    change: float | None


class Change(Schema):
    question_id: str
    before: str
    after: str
    delta: int


class Previous(Schema):
    id: int
    completed_at: datetime.datetime
    total_score: int | None
    total_delta: int | None = Field(description="This result's total minus the previous one's (sum_bands).")
    improved: list[Change]
    worsened: list[Change]


class ResultOut(Schema):
    id: int
    pack_id: str
    pack_version: str
    strategy: str
    completed_at: datetime.datetime
    total_score: int | None
    total_max: int | None
    band: Band | None
    parts: list[PartScore] = Field(description="Score by part (sum_bands).")
    weakest: list[str] = Field(description="Question ids with the lowest points (sum_bands), as 「まずはここから」.")
    to_check: list[str] = Field(description="Question ids answered 「わからない」 (sum_bands).")
    stage: StageResult | None
    maturity: MaturityResult | None
    peers: Peers
    previous: Previous | None
