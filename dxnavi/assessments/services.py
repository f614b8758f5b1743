"""Assessment operations. Views and other apps call these; each change runs in one transaction.

Public functions:
- ``current_pack(pack_id)``: newest loaded version of a pack, or None.
- ``start_or_resume(company, pack_id, user, access)``: the company's draft for the pack (created
  against the newest version when there is none); ``begin(...)``: the same and whether it was created.
- ``save_answer(assessment, question_id, value, user, access)`` / ``save_answers(...)``:
  autosave; ``value`` is an option id for choice questions, a dict for structured ones (see
  ``domain/questions.py``). ``AnswerError`` (a message naming the question) on an unknown
  question, an invalid value or a finished assessment, and then nothing is written.
  ``answer_problems(assessment, answers)``: every refused answer with its message (not only the first).
- ``answer_message(question, error)``: the user-facing text of an ``InvalidAnswer``.
- ``complete(assessment, user, access)``: scores and closes a draft; ``IncompleteError`` lists
  the unanswered question numbers and nothing changes.
- ``recompute(assessment)``: the only writer of scores (strategy chosen by the pack; ``complete``
  stores the same ``_score`` with the completion, in one UPDATE).
- ``latest_completed(company, pack_id)``, ``draft_for(company, pack_id)`` (``current_packs()`` and
  ``latest_and_drafts(company)``: the same for every pack in one query each, for the dashboard),
  ``previous_completed(assessment)``, ``history(access, pack_id)``.
- ``peer_comparison(assessment)``: percentile among similar companies (see domain/peers.py), from
  the per-group score histograms that ``complete`` keeps exact (``peer_histograms.py``).
- ``result(assessment)``: everything the result page, print view and PDF show (the parts
  specific to a scoring strategy come from ``strategy_results``).
"""

import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi.orgs import data_stamp
from dxnavi.actions import registry as actions_registry
from dxnavi.orgs.scoping import scoped

from . import peer_histograms, result_queries
from .domain import peers, results, scoring
from .domain.packs import PackSpec
from .domain.questions import InvalidAnswer
from .models import Answer, Assessment, QuestionnairePack


class UnknownPack(LookupError):
    pass


class AnswerError(ValidationError):
    pass


class IncompleteError(ValidationError):
    def __init__(self, missing_numbers: list[int]):
        self.missing = list(missing_numbers)
        numbers = "、".join(str(n) for n in self.missing)
        super().__init__(
            _("Please answer every question before finishing. Not answered yet: question %(numbers)s.") % {"numbers": numbers}
        )


def _actor(access):
    """The adviser organization recorded when an adviser acts for the company, else None."""
    return access.organization if access is not None and access.is_adviser else None


# --- packs and drafts ---------------------------------------------------------------------


def current_pack(pack_id: str) -> QuestionnairePack | None:
    # The newest row is the current version: versions are free-form strings, load order is not.
    return QuestionnairePack.objects.filter(pack_id=pack_id).order_by("-pk").first()


def current_packs() -> dict[str, QuestionnairePack]:
    """``current_pack`` of every pack at once (one query, definitions not selected)."""
    packs = {}
    for pack in QuestionnairePack.objects.order_by("-pk"):
        packs.setdefault(pack.pack_id, pack)
    return packs


def draft_for(company, pack_id: str) -> Assessment | None:
    return (
        Assessment.objects.filter(company=company, pack_family=pack_id, status=Assessment.Status.DRAFT)
        .select_related("pack").defer("pack__definition")
        .annotate(answered_count=Count("answers", filter=Q(answers__is_complete=True)))
        .first()
    )


def has_draft(company, pack_id: str) -> bool:
    """Whether the company has a check of this pack in progress (one EXISTS, nothing fetched)."""
    return Assessment.objects.filter(company=company, pack_family=pack_id, status=Assessment.Status.DRAFT).exists()


def start_or_resume(company, pack_id: str, user, access) -> Assessment:
    """The company's draft for this pack; a new one (newest pack version) when there is none."""
    return begin(company, pack_id, user, access)[0]


def begin(company, pack_id: str, user, access) -> tuple[Assessment, bool]:
    """``start_or_resume`` and whether it created the draft (True) or returned the existing one (False)."""
    draft = draft_for(company, pack_id)
    if draft is not None:
        return draft, False
    pack = current_pack(pack_id)
    if pack is None:
        raise UnknownPack(pack_id)
    try:
        with transaction.atomic():
            created = Assessment.objects.create(
                company=company, pack=pack, pack_family=pack.pack_id, answered_by=user, on_behalf_org=_actor(access)
            )
            return created, True
    except IntegrityError:
        # A second tab started at the same moment: the unique draft constraint kept one; use it.
        return draft_for(company, pack_id), False


def answers_of(assessment: Assessment) -> dict:
    """{question_id: value}: the option id of a choice answer, the dict of a structured one.

    A completed assessment's answers never change, so they are read once per instance (the
    result page, its sections and the DX readiness all ask).
    """
    cached = getattr(assessment, "_completed_answers", None)
    if cached is not None:
        return dict(cached)
    rows = assessment.answers.values_list("question_id", "option_id", "value")
    answers = {question_id: (value if value is not None else option_id) for question_id, option_id, value in rows}
    if assessment.is_completed:
        assessment._completed_answers = dict(answers)
    return answers


def prefetch_answers(*assessments) -> None:
    """Read the answers of several completed assessments in one query (``answers_of`` then needs none)."""
    wanted = {a.pk: a for a in assessments if a is not None and a.is_completed and getattr(a, "_completed_answers", None) is None}
    if not wanted:
        return
    found = {pk: {} for pk in wanted}
    rows = result_queries.answer_rows(list(wanted))  # compiled once (the ORM's statement)
    for assessment_id, question_id, option_id, value in rows:
        found[assessment_id][question_id] = value if value is not None else option_id
    for pk, assessment in wanted.items():
        assessment._completed_answers = found[pk]


def answered_count(assessment: Assessment) -> int:
    return assessment.answers.filter(is_complete=True).count()


# --- answering ----------------------------------------------------------------------------


def answer_message(question: dict, error: InvalidAnswer) -> str:
    """What to tell the user about an invalid answer, naming the question by its number."""
    params = {"number": question["number"], **error.params}
    messages = {
        "missing_option": _("Please choose an answer for question %(number)s."),
        "invalid_option": _("Please choose one of the offered answers for question %(number)s."),
        "invalid_current": _("Question %(number)s: please choose the current level from %(low)s to %(high)s."),
        "invalid_target": _("Question %(number)s: please choose the 3-year target from %(low)s to %(high)s."),
        "target_below_current": _(
            "Question %(number)s: the 3-year target cannot be lower than the current level (%(current)s). "
            "Please choose the target again."
        ),
        "too_long_evidence": _("Question %(number)s: please keep the evidence to %(max)s characters or fewer."),
        "too_long_action": _("Question %(number)s: please keep the next action to %(max)s characters or fewer."),
    }
    template = messages.get(error.code, _("Question %(number)s: the answer could not be read. Please reload the page."))
    return template % params


def _problem(spec: PackSpec, question_id: str, value) -> str | None:
    """Why ``value`` cannot be stored as the answer to ``question_id`` (in the active language), or None."""
    question = spec.question(question_id)
    if question is None:
        return _("This question is not part of this check. Please reload the page.")
    try:
        spec.question_type(question).validate(spec, question, value)
    except InvalidAnswer as error:
        return answer_message(question, error)
    return None


def answer_problems(assessment: Assessment, answers: dict) -> dict[str, str]:
    """{question_id: message} for every answer ``save_answers`` would refuse (it names only the first);
    empty when all would be stored. For callers that report every field at once (the API)."""
    spec = assessment.spec
    found = {question_id: _problem(spec, question_id, value) for question_id, value in answers.items()}
    return {question_id: message for question_id, message in found.items() if message is not None}


def _check(assessment: Assessment, question_id: str, value) -> dict:
    message = _problem(assessment.spec, question_id, value)
    if message is not None:
        raise AnswerError(message)
    return assessment.spec.question(question_id)


def _stored(spec: PackSpec, question: dict, value) -> dict:
    """The Answer columns for a value: option_id for choices, value (+ completeness) for structured answers."""
    if spec.question_type(question).structured:
        return {"option_id": "", "value": value, "is_complete": spec.is_answered(question, value)}
    return {"option_id": value, "value": None, "is_complete": True}


@transaction.atomic
def save_answers(assessment: Assessment, answers: dict, user, access) -> int:
    """Store several answers at once (the page's submit button); all valid or nothing written."""
    # Lock the assessment so an answer cannot slip in while another request completes it.
    # of=("self",): lock only this row, never the shared pack row every autosave joins.
    locked = Assessment.objects.select_for_update(of=("self",)).select_related("pack").defer("pack__definition").get(pk=assessment.pk)
    if locked.status != Assessment.Status.DRAFT:
        raise AnswerError(_("This check is already finished, so its answers can no longer be changed."))
    spec = locked.spec
    questions = {question_id: _check(locked, question_id, value) for question_id, value in answers.items()}
    org = _actor(access)
    stored = {question_id: _stored(spec, questions[question_id], value) for question_id, value in answers.items()}
    if stored:
        # One INSERT … ON CONFLICT DO UPDATE for all answers, not a savepoint + locked SELECT + write
        # per answer: 25 answers cost 1 query instead of 100 (docs/performance.md, issue #3).
        columns = sorted({name for cols in stored.values() for name in cols})
        Answer.objects.bulk_create(
            [Answer(assessment=locked, question_id=q, answered_by=user, on_behalf_org=org, **cols) for q, cols in stored.items()],
            update_conflicts=True,
            unique_fields=["assessment", "question_id"],
            update_fields=[*columns, "answered_by", "on_behalf_org", "updated"],
        )
    if answers:
        Assessment.objects.filter(pk=locked.pk).update(answered_by=user, on_behalf_org=org, updated=timezone.now())
        data_stamp.bump(locked.company_id)  # the dashboard shows a draft's progress
    return len(answers)


def save_answer(assessment: Assessment, question_id: str, value, user, access) -> None:
    """Autosave of one change (a radio, or one field of a structured question)."""
    save_answers(assessment, {question_id: value}, user, access)


def first_open_part(assessment: Assessment, answers: dict | None = None) -> str:
    """Where to resume: the first part with an unanswered question (else the last part)."""
    spec = assessment.spec
    answers = answers_of(assessment) if answers is None else answers
    for part in spec.parts:
        if any(not spec.is_answered(q, answers.get(q["id"])) for q in part["questions"]):
            return part["id"]
    return spec.part_ids[-1]


# --- scores -------------------------------------------------------------------------------


SCORE_FIELDS = ["total_score", "band_id", "part_scores", "score_details", "updated"]


def _score(assessment: Assessment, answers: dict | None = None) -> None:
    """Set the scores from the stored answers (not saved); ``answers``: just read from the locked row's."""
    if answers is None:
        assessment.__dict__.pop("_completed_answers", None)  # always score what is stored
        answers = answers_of(assessment)
    result = scoring.score(assessment.spec, answers)
    assessment.total_score = result.total
    assessment.band_id = result.band_id
    assessment.part_scores = result.part_scores
    assessment.score_details = result.details


@transaction.atomic(savepoint=False)  # inside complete: no extra SAVEPOINT round trips
def recompute(assessment: Assessment) -> Assessment:
    """Derive and store the scores from the answers, with the strategy of the assessment's own pack version."""
    before = copy.copy(assessment)
    _score(assessment)
    assessment.save(update_fields=SCORE_FIELDS)
    if assessment.is_latest and before.total_score != assessment.total_score:
        peer_histograms.record_completion([before], assessment)  # a re-scored latest result moves bucket
    return assessment


@transaction.atomic
def complete(assessment: Assessment, user, access) -> Assessment:
    """Score and close a draft; becomes the company's latest result for the pack."""
    locked = Assessment.objects.select_for_update(of=("self",)).select_related("pack", "company").defer("pack__definition").get(pk=assessment.pk)
    if locked.status == Assessment.Status.COMPLETED:
        return locked  # a double click: the first request already did the work
    answers = answers_of(locked)  # a draft locked above: what is stored, read once
    missing = results.unanswered_numbers(locked.spec, answers)
    if missing:
        raise IncompleteError(missing)
    _score(locked, answers)  # a draft: no histogram to move; stored with the completion below, in one UPDATE
    company = locked.company
    # The previous latest result, locked, as it was: its buckets leave the peer histograms.
    previous = list(
        Assessment.objects.select_for_update()
        .filter(company=company, pack_family=locked.pack_family, is_latest=True)
        .only("pk", "pack_family", "total_score", "is_latest", "industry_major", "size_band", "prefecture")
    )
    if previous:
        Assessment.objects.filter(pk__in=[old.pk for old in previous]).update(is_latest=False)
    locked.status = Assessment.Status.COMPLETED
    locked.completed_at = timezone.now()
    locked.answered_by = user
    locked.on_behalf_org = _actor(access)
    # Snapshot of the peer-group keys: the result stays in the group it was answered in.
    locked.industry_major, locked.size_band, locked.prefecture = company.industry_major, company.size_band, company.prefecture
    locked.is_latest = True
    locked.save(
        update_fields=[
            *SCORE_FIELDS, "status", "completed_at", "answered_by", "on_behalf_org", "industry_major", "size_band",
            "prefecture", "is_latest",
        ]
    )  # fmt: skip
    peer_histograms.record_completion(previous, locked)
    # A new result changes the action list: regenerated after this transaction commits.
    actions_registry.result_changed(company.pk)
    return locked


# --- reading ------------------------------------------------------------------------------


def _completed(company, pack_id: str):
    return Assessment.objects.filter(company=company, pack_family=pack_id, status=Assessment.Status.COMPLETED)


def latest_completed(company, pack_id: str) -> Assessment | None:
    return _completed(company, pack_id).select_related("pack").defer("pack__definition").order_by("-completed_at", "-pk").first()


def latest_completed_all(company) -> dict[str, Assessment]:
    """{pack family: latest completed assessment} (the rows flagged ``is_latest``), with their
    answers read too, so ``answers_of`` asks nothing more: two queries for every instrument.
    For the action list's sources (``dxnavi.actions.registry.shared``)."""
    rows = list(
        Assessment.objects.filter(company=company, status=Assessment.Status.COMPLETED, is_latest=True).defer("part_scores")
    )
    answers, _ = answers_by_assessment(rows)
    for row in rows:
        row._completed_answers = answers[row.pk]
    return {row.pack_family: row for row in rows}


def latest_and_drafts(company) -> tuple[dict[str, Assessment], dict[str, Assessment]]:
    """Per pack family: ``latest_completed`` (the row flagged ``is_latest`` by ``complete``) and
    ``draft_for`` of every pack at once, in one query that does not grow with the company's results.

    The drafts carry no ``answered_count``: ``answers_by_assessment`` counts it with their answers.
    """
    rows = (
        Assessment.objects.filter(company=company)
        .filter(Q(status=Assessment.Status.DRAFT) | Q(status=Assessment.Status.COMPLETED, is_latest=True))
        .defer("part_scores")  # the parsed pack is ``assessment.spec`` (per-process cache): no join
    )
    latest, drafts = {}, {}
    for row in rows:
        (drafts if row.status == Assessment.Status.DRAFT else latest)[row.pack_family] = row
    return latest, drafts


def answers_by_assessment(assessments) -> tuple[dict[int, dict], dict[int, int]]:
    """``answers_of`` and ``answered_count`` of several assessments in one query:
    ({assessment pk: {question_id: value}}, {assessment pk: number of complete answers})."""
    by_pk = {a.pk: {} for a in assessments}
    complete = dict.fromkeys(by_pk, 0)
    if not by_pk:
        return by_pk, complete
    rows = Answer.objects.filter(assessment_id__in=list(by_pk)).values_list(
        "assessment_id", "question_id", "option_id", "value", "is_complete"
    )
    for assessment_id, question_id, option_id, value, is_complete in rows:
        by_pk[assessment_id][question_id] = value if value is not None else option_id
        complete[assessment_id] += bool(is_complete)
    return by_pk, complete


def previous_completed_qs(assessment: Assessment):
    """The company's completed assessments of the same pack before this one (any version), newest first."""
    return (
        _completed(assessment.company_id, assessment.pack_family)
        .filter(Q(completed_at__lt=assessment.completed_at) | Q(completed_at=assessment.completed_at, pk__lt=assessment.pk))
        .order_by("-completed_at", "-pk")
    )


def previous_completed(assessment: Assessment) -> Assessment | None:
    """The company's completed assessment of the same pack just before this one (any version).

    The statement is compiled once per process (``result_queries``; compared with the queryset in tests)."""
    return result_queries.previous_completed(assessment)


def history(access, pack_id: str):
    """Completed assessments, newest first, without the (large) pack definitions; see ``packs_by_id``."""
    return (
        scoped(Assessment.objects, access)
        .filter(pack_family=pack_id, status=Assessment.Status.COMPLETED)
        .select_related("answered_by", "on_behalf_org")
        .order_by("-completed_at", "-pk")
    )


def trend_results(access, pack_id: str, limit: int) -> list[tuple]:
    """(completed_at, total_score) of the latest ``limit`` completed results, oldest first (one query)."""
    rows = history(access, pack_id).values_list("completed_at", "total_score")[:limit]
    return list(reversed(rows))


def packs_by_id(assessments) -> dict[int, QuestionnairePack]:
    """The pack versions used by a page of assessments, one query, each definition decoded once."""
    return QuestionnairePack.objects.in_bulk({a.pack_id for a in assessments})


# --- peers --------------------------------------------------------------------------------


def peer_comparison(assessment: Assessment) -> peers.PeerResult:
    """The company's percentile among companies like it (latest result of each, any pack version)."""
    if not assessment.is_completed or assessment.total_score is None:
        return peers.PeerResult(shown=False)
    own = assessment if assessment.is_latest else latest_completed(assessment.company_id, assessment.pack_family)
    # One query over the peer histograms (all 4 levels), whatever the size of the groups.
    by_level = peer_histograms.counts_by_level(assessment)

    def levels():
        for name, keys in peers.LEVELS:
            filters = {key: getattr(assessment, key) for key in keys}
            counts = by_level[name]
            own_in_group = own is not None and own.is_latest and all(getattr(own, k) == v for k, v in filters.items())
            yield name, keys, peers.replace_own(counts, assessment.total_score, own.total_score if own_in_group else None)

    return peers.choose_group(levels())


def latest_peer_comparisons(latest) -> list[peers.PeerResult]:
    """``peer_comparison`` of several companies' latest results (``is_latest``, completed, scored), in one
    query for all (``peer_histograms.counts_by_level_many``); each answer equals ``peer_comparison(a)``:
    a latest result is its company's own entry in every group it falls in."""
    latest = list(latest)
    results = []
    for assessment, by_level in zip(latest, peer_histograms.counts_by_level_many(latest)):
        levels = (
            (name, keys, peers.replace_own(by_level[name], assessment.total_score, assessment.total_score))
            for name, keys in peers.LEVELS
        )
        results.append(peers.choose_group(levels))
    return results


# --- the result page ----------------------------------------------------------------------


@dataclass
class Result:
    assessment: Assessment
    spec: PackSpec
    band: dict | None
    band_index: int | None
    band_count: int
    previous: Assessment | None
    peers: peers.PeerResult
    body_template: str
    answers_template: str
    # sum_bands (points per question): parts, chart, weakest items, "don't know", changes.
    parts: list = field(default_factory=list)
    bars: list = field(default_factory=list)
    chart_width: int = results.CHART_WIDTH
    chart_height: int = 0
    items: list = field(default_factory=list)
    weakest: list = field(default_factory=list)
    to_check: list = field(default_factory=list)
    diff: results.Diff | None = None
    # Other strategies: their view object (see strategy_results).
    detail: object = None


def result(assessment: Assessment, *, with_peers: bool = True) -> Result:
    from dxnavi.content.i18n import pick

    from . import strategy_results

    spec = assessment.spec
    previous = previous_completed(assessment)
    prefetch_answers(assessment, previous)  # both answer sets in one query
    answers = answers_of(assessment)
    previous_answers = answers_of(previous) if previous is not None else None
    body_template, answers_template = strategy_results.templates(spec)
    r = Result(
        assessment=assessment,
        spec=spec,
        band=assessment.band,
        band_index=spec.band_index(assessment.band_id),
        band_count=len(spec.bands),
        previous=previous,
        peers=peer_comparison(assessment) if with_peers else peers.PeerResult(shown=False),
        body_template=body_template,
        answers_template=answers_template,
    )
    r.detail = strategy_results.build(spec, answers, previous.spec if previous else None, previous_answers)
    if r.detail is not None:
        return r
    rows = results.items(spec, answers)
    r.parts = results.part_rows(spec, assessment.part_scores)
    r.bars = results.chart_bars(
        [(pick(p.part["title"]), p.score, p.max) for p in r.parts], (_("Total"), assessment.total_score or 0, spec.total_max)
    )
    r.chart_height = results.chart_height(r.bars)
    r.items = rows
    r.weakest = results.weakest(rows)
    r.to_check = results.to_check(spec, rows)
    if previous is not None:
        before = results.items(previous.spec, previous_answers)
        r.diff = results.diff(before, previous.total_score or 0, rows, assessment.total_score or 0)
    return r
