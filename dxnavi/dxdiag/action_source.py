"""The DX diagnoses' part in the company's action list (registered from ``DxdiagConfig.ready()``).

- Stage (段階1–4): the activities that most separate the company from the next stage
  (``stage.next_stage``: not done, most common one stage up first) with the content's next step.
- Maturity (0–5): the largest gaps between current level and 3-year target (``maturity.gaps``,
  at most ``MATURITY_LIMIT``), with the item's advice and the company's own next action.
Both are strategic, so they come with a 90-day due date from the diagnosis and a low priority.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from dxnavi.actions.registry import PRIORITY_LOW, ActionCandidate
from dxnavi.assessments import action_source as assessment_actions
from dxnavi.assessments import services as engine
from dxnavi.assessments import strategy_results

from . import services

MATURITY_LIMIT = 5
DUE_DAYS = 90


def _due(assessment) -> datetime.date:
    return timezone.localdate(assessment.completed_at) + datetime.timedelta(days=DUE_DAYS)


def _stage(company) -> list[ActionCandidate]:
    assessment = assessment_actions.latest(company, services.STAGE_PACK)
    if assessment is None:
        return []
    view = strategy_results.stage_view(assessment.spec, engine.answers_of(assessment))
    if view.next is None:
        return []
    link = reverse("assessments:result", args=[company.pk, assessment.pk]) + "#next-stage"
    label = view.next_band["label"]
    result = []
    for gap in view.next.gaps:
        definition = gap.activity.definition
        result.append(
            ActionCandidate(
                key=f"dxstage:{gap.activity.id}",
                title={
                    "ja": f"{definition['name']['ja']}（{label['ja']}へ進むための取組）",
                    "en": f"{definition['name']['en']} (a step towards {label['en']})",
                },
                detail=dict(definition.get("next_step") or {}),
                link=link,
                due=_due(assessment),
                priority=PRIORITY_LOW,
            )
        )
    return result


def _maturity(company) -> list[ActionCandidate]:
    assessment = assessment_actions.latest(company, services.MATURITY_PACK)
    if assessment is None:
        return []
    view = strategy_results.maturity_view(assessment.spec, engine.answers_of(assessment))
    link = reverse("assessments:result", args=[company.pk, assessment.pk]) + "#gaps"
    result = []
    for item in view.gaps[:MATURITY_LIMIT]:
        question = item.question
        advice = dict(question.get("advice") or {})
        if item.action:  # the company's own next action, written while answering
            advice = {lang: f"{item.action}\n{advice.get(lang, '')}".strip() for lang in ("ja", "en")}
        result.append(
            ActionCandidate(
                key=f"dxmaturity:{question['id']}",
                title={
                    "ja": f"{question['text']['ja']}（成熟度 {item.current}→{item.target}）",
                    "en": f"{question['text']['en']} (maturity {item.current}→{item.target})",
                },
                detail=advice,
                link=link,
                due=_due(assessment),
                priority=PRIORITY_LOW,
            )
        )
    return result


def collect(company) -> list[ActionCandidate]:
    return _stage(company) + _maturity(company)
