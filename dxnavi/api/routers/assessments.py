"""Assessments (questionnaire answers and results) of one company, through ``assessments.services`` — the
web's functions, so an answer saved, a check completed or a result read here is the same as on the web.

- list (filters, cursor pages, CSV); start or resume the draft (201 created / 200 the existing draft);
- one assessment with its answers; PATCH answers (merge: only the questions sent, as the web's autosave;
  all valid or nothing written, every refused answer named as ``answers.<question id>``); a completed
  assessment is read-only (409);
- complete (422 listing the unanswered questions, as the web refuses) and the result: band, part
  scores, the strategy's own figures, the peer comparison and the change since the previous result
  (``services.result``: the object the web's result page renders).
"""

from django.utils import translation
from django.utils.translation import gettext
from ninja import Query, Router
from ninja.responses import Status

from dxnavi.assessments import presenters, result_queries, services
from dxnavi.assessments.domain.peers import MIN_GROUP
from dxnavi.assessments.domain.questions import InvalidAnswer
from dxnavi.assessments.models import Assessment
from dxnavi.orgs import scoping

from ..access import check_id, company_operation
from ..csv_variant import CSV_OPENAPI, Column, csv_file, wants_csv
from ..idempotency import IDEMPOTENCY_OPENAPI, idempotent
from ..pagination import PageParams, paginate
from ..problems import Problem
from ..schemas import text
from .schemas_assessments import (
    AnswersIn,
    AssessmentDetail,
    AssessmentFilters,
    AssessmentPage,
    ResultOut,
    StartIn,
)

# Not "/companies/{company_id}/assessments": ninja takes path parameters from the operation's own path only,
# so {company_id} in a router's prefix would be read as a query parameter.
PREFIX = "/companies"
BASE = "/{company_id}/assessments"
router = Router(tags=["assessments"])

ORDERING = ("-started", "-id")


def _in_both(function, *args):
    """``function(*args)`` (a text in the active language) in Japanese and English."""
    out = []
    for language in ("ja", "en"):
        with translation.override(language):
            out.append(str(function(*args)))
    return out[0], out[1]


def _assessment(access, assessment_id: int) -> Assessment:
    check_id(assessment_id)
    # The web's lookup (the company's assessment only; compiled once per process).
    assessment = result_queries.company_assessment(access.company.pk, assessment_id)
    if assessment is None:
        raise Problem("not_found")
    return assessment


def _summary(a: Assessment) -> dict:
    return {
        "id": a.pk, "pack_id": a.pack_family, "pack_version": a.spec.version, "status": a.status, "started": a.started,
        "completed_at": a.completed_at, "total_score": a.total_score, "band_id": a.band_id,
    }


def _detail(a: Assessment, answers: dict | None = None) -> dict:
    spec = a.spec
    answers = services.answers_of(a) if answers is None else answers
    return {
        "id": a.pk, "pack_id": a.pack_family, "pack_version": spec.version, "strategy": spec.strategy, "status": a.status,
        "started": a.started, "updated": a.updated, "completed_at": a.completed_at, "answers": answers,
        "answered": sum(1 for q in spec.questions if spec.is_answered(q, answers.get(q["id"]))),
        "total_questions": len(spec.questions),
    }


CSV_COLUMNS = [
    Column("ID", lambda a: a.pk),
    Column("質問票", lambda a: a.pack_family),
    Column("版", lambda a: a.spec.version),
    Column("状態", lambda a: "完了" if a.is_completed else "回答中"),
    Column("開始日時", lambda a: a.started.isoformat()),
    Column("完了日時", lambda a: a.completed_at.isoformat() if a.completed_at else ""),
    Column("結果", lambda a: presenters.total_display(a.spec, a) if a.is_completed else ""),
    Column("区分", lambda a: text((a.band or {}).get("label"))["ja"] if a.band_id else ""),
]


@router.get(BASE, response=AssessmentPage, summary="The company's assessments (drafts and results)", openapi_extra=CSV_OPENAPI)
@company_operation(need="view")
def list_assessments(request, access, filters: Query[AssessmentFilters], page: Query[PageParams]):
    rows = scoping.scoped(Assessment.objects, access).defer("score_details", "part_scores")
    if filters.pack:
        rows = rows.filter(pack_family=filters.pack)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.completed_from:
        rows = rows.filter(completed_at__date__gte=filters.completed_from)
    if filters.completed_to:
        rows = rows.filter(completed_at__date__lte=filters.completed_to)
    if filters.format == "csv" or wants_csv(request):
        return csv_file(rows, ordering=ORDERING, columns=CSV_COLUMNS, name="assessments")
    return paginate(request, rows, ordering=ORDERING, page=page, item=_summary)


@router.post(BASE, response={200: AssessmentDetail, 201: AssessmentDetail}, openapi_extra=IDEMPOTENCY_OPENAPI,
    summary="Start a check (201), or resume the company's draft of this pack (200)",
)
@company_operation(need="edit")
@idempotent
def start_assessment(request, access, payload: StartIn):
    try:
        assessment, created = services.begin(access.company, payload.pack_id, request.auth.token.user, access)
    except services.UnknownPack:
        ja, en = _UNKNOWN_PACK
        raise Problem("validation_error", errors=[{"field": "pack_id", "field_ja": "質問票", "message": en, "message_ja": ja}]) from None
    return Status(201 if created else 200, _detail(assessment))


_UNKNOWN_PACK = ("この質問票はありません。", "There is no such questionnaire pack.")


@router.get(BASE + "/{assessment_id}", response=AssessmentDetail, summary="One assessment: status, pack version and answers")
@company_operation(need="view")
def get_assessment(request, access, assessment_id: int):
    return _detail(_assessment(access, assessment_id))


def _read_only() -> Problem:
    ja, en = _in_both(gettext, "This check is already finished, so its answers can no longer be changed.")
    return Problem("conflict", ja if translation.get_language().startswith("ja") else en)


def _field_errors(assessment, messages_ja: dict, messages_en: dict) -> list[dict]:
    spec = assessment.spec
    errors = []
    for question_id, message_ja in messages_ja.items():
        question = spec.question(question_id)
        number = question["number"] if question else question_id
        errors.append({
            "field": f"answers.{question_id}", "field_ja": f"回答（質問{number}）",
            "message": messages_en[question_id], "message_ja": message_ja,
        })
    return errors


@router.patch(BASE + "/{assessment_id}/answers", response=AssessmentDetail, summary="Save answers (only those sent; all or nothing)")
@company_operation(need="edit")
def save_answers(request, access, assessment_id: int, payload: AnswersIn):
    assessment = _assessment(access, assessment_id)
    if assessment.is_completed:
        raise _read_only()
    if payload.answers:
        problems_ja = _problems(assessment, payload.answers, "ja")
        if problems_ja:
            problems_en = _problems(assessment, payload.answers, "en")
            raise Problem("validation_error", errors=_field_errors(assessment, problems_ja, problems_en))
    try:
        services.save_answers(assessment, payload.answers, request.auth.token.user, access)
    except services.AnswerError:  # completed by another request meanwhile (the answers were checked above)
        raise _read_only() from None
    assessment.refresh_from_db(fields=["updated"])
    return _detail(assessment)


def _problems(assessment, answers, language) -> dict:
    with translation.override(language):
        return services.answer_problems(assessment, answers)


def _unanswered_errors(assessment, missing_numbers) -> list[dict]:
    spec = assessment.spec
    errors = []
    for question in spec.questions:
        if question["number"] in missing_numbers:
            ja, en = _in_both(services.answer_message, question, InvalidAnswer("missing_option"))
            errors.append({"field": f"answers.{question['id']}", "field_ja": f"回答（質問{question['number']}）", "message": en, "message_ja": ja})
    return errors


@router.post(BASE + "/{assessment_id}/complete", response=ResultOut, openapi_extra=IDEMPOTENCY_OPENAPI,
    summary="Complete the check (every question answered) and get the result",
)
@company_operation(need="edit")
@idempotent
def complete_assessment(request, access, assessment_id: int):
    assessment = _assessment(access, assessment_id)
    try:
        done = services.complete(assessment, request.auth.token.user, access)
    except services.IncompleteError as error:
        detail = _in_both(lambda: services.IncompleteError(error.missing).messages[0])
        raise Problem(
            "validation_error", detail[0] if translation.get_language().startswith("ja") else detail[1],
            errors=_unanswered_errors(assessment, set(error.missing)),
        ) from None
    return _result(access, done)


@router.get(BASE + "/{assessment_id}/result", response=ResultOut, summary="The result: band, parts, peers, change since the previous result")
@company_operation(need="view")
def get_result(request, access, assessment_id: int):
    assessment = _assessment(access, assessment_id)
    if not assessment.is_completed:
        ja, en = _NOT_COMPLETED
        raise Problem("conflict", ja if translation.get_language().startswith("ja") else en)
    return _result(access, assessment)


_NOT_COMPLETED = ("この診断はまだ完了していません。すべての設問に回答して完了すると結果が出ます。",
                  "This check is not finished yet. Answer every question and complete it to get the result.")


# --- the result ------------------------------------------------------------------------------


def _band(band: dict | None) -> dict | None:
    if not band:
        return None
    return {"id": band["id"], "label": text(band.get("label")), "message": text(band.get("message"))}


def _peers(r) -> dict:
    peer = r.peers
    group = []
    if peer.shown:
        labels = {}
        for language in ("ja", "en"):
            with translation.override(language):
                labels[language] = [(str(w), str(v)) for w, v in presenters.peer_group(peer, r.assessment)]
        for i, key in enumerate(peer.keys):
            group.append({
                "key": key, "label": {"ja": labels["ja"][i][0], "en": labels["en"][i][0]},
                "value": {"ja": labels["ja"][i][1], "en": labels["en"][i][1]},
            })
    return {
        "shown": peer.shown, "percentile": peer.percentile, "level": peer.level, "group": group,
        "size_at_least": peer.size_bucket, "widened": bool(peer.shown and peer.level != "industry_size_prefecture"),
        "min_group": MIN_GROUP,
    }


def _change(c) -> dict:
    return {"question_id": c.after.id, "before": c.before.option["id"], "after": c.after.option["id"], "delta": c.delta}


def _previous(r) -> dict | None:
    previous = r.previous
    if previous is None:
        return None
    diff = r.diff
    return {
        "id": previous.pk, "completed_at": previous.completed_at, "total_score": previous.total_score,
        "total_delta": diff.total_delta if diff else None,
        "improved": [_change(c) for c in diff.improved] if diff else [],
        "worsened": [_change(c) for c in diff.worsened] if diff else [],
    }


def _stage(d) -> dict:
    return {
        "self_stage": d.self_band["id"] if d.self_band else None,
        "estimate": d.estimate["id"], "estimate_percent": round(d.estimate_percent, 1), "uncertain": d.uncertain,
        "reconciliation": d.reconciliation.code if d.reconciliation else None,
        "stages": [
            {"id": row.band["id"], "label": text(row.band.get("label")), "name": text(row.band.get("name")),
             "percent": round(row.percent, 1), "survey_n": row.n, "is_estimate": row.is_estimate, "is_self": row.is_self}
            for row in d.stages
        ],
        "activities_done": d.done_count, "activities_total": len(d.activities),
        "next_stage": d.next_band["id"] if d.next_band else None,
        "next_activities": [gap.activity.id for gap in d.next.gaps] if d.next else [],
        "previous_estimate": d.previous_band["id"] if d.previous_band else None,
    }


def _maturity(spec, d) -> dict:
    return {
        "current": d.rollup.current_h / 100, "target": d.rollup.target_h / 100, "level": d.rollup.level,
        "max_level": spec.levels[-1],
        "pillars": [
            {"id": p.part["id"], "title": text(p.part.get("title")), "current": p.current_h / 100,
             "target": p.target_h / 100, "gap": p.gap_h / 100}
            for p in d.rollup.pillars
        ],
        "gaps": [item.id for item in d.gaps],
        "previous_current": d.previous.current_h / 100 if d.previous else None,
        "change": d.delta_h / 100 if d.delta_h is not None else None,
    }


def _result(access, assessment) -> dict:
    r = services.result(assessment)
    spec = r.spec
    out = {
        "id": assessment.pk, "pack_id": assessment.pack_family, "pack_version": spec.version, "strategy": spec.strategy,
        "completed_at": assessment.completed_at, "total_score": assessment.total_score,
        "total_max": spec.total_max if spec.strategy == "sum_bands" else None,
        "band": _band(r.band),
        "parts": [
            {"id": p.part["id"], "title": text(p.part.get("title")), "score": p.score, "max": p.max, "percent": p.percent}
            for p in r.parts
        ],
        "weakest": [item.id for item in r.weakest], "to_check": [item.id for item in r.to_check],
        "stage": _stage(r.detail) if spec.strategy == "stage_bayes" else None,
        "maturity": _maturity(spec, r.detail) if spec.strategy == "maturity_levels" else None,
        "peers": _peers(r),
        "previous": _previous(r),
    }
    if spec.strategy != "sum_bands" and r.previous is not None:
        out["previous"] = {
            "id": r.previous.pk, "completed_at": r.previous.completed_at, "total_score": r.previous.total_score,
            "total_delta": None, "improved": [], "worsened": [],
        }
    return out

