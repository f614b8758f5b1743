"""Assessment operations. Views and other apps call these; each change runs in one transaction.

Public functions:
- ``current_pack(pack_id)``: newest loaded version of a pack, or None.
- ``start_or_resume(company, pack_id, user, access)``: the company's draft for the pack (created
  against the newest version when there is none).
- ``save_answer(assessment, question_id, option_id, user, access)`` / ``save_answers(...)``:
  autosave; ``AnswerError`` (Japanese message) on an unknown question/option or a finished
  assessment, and then nothing is written.
- ``complete(assessment, user, access)``: scores and closes a draft; ``IncompleteError`` lists
  the unanswered question numbers and nothing changes.
- ``recompute(assessment)``: the only writer of scores (strategy chosen by the pack).
- ``latest_completed(company, pack_id)``, ``draft_for(company, pack_id)``,
  ``previous_completed(assessment)``, ``history(access, pack_id)``.
- ``peer_comparison(assessment)``: percentile among similar companies (see domain/peers.py).
- ``result(assessment)``: everything the result page, print view and PDF show.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi.orgs.scoping import scoped

from .domain import peers, results, scoring
from .domain.packs import PackSpec
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


def draft_for(company, pack_id: str) -> Assessment | None:
    return (
        Assessment.objects.filter(company=company, pack_family=pack_id, status=Assessment.Status.DRAFT)
        .select_related("pack")
        .annotate(answered_count=Count("answers"))
        .first()
    )


def start_or_resume(company, pack_id: str, user, access) -> Assessment:
    """The company's draft for this pack; a new one (newest pack version) when there is none."""
    draft = draft_for(company, pack_id)
    if draft is not None:
        return draft
    pack = current_pack(pack_id)
    if pack is None:
        raise UnknownPack(pack_id)
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                company=company, pack=pack, pack_family=pack.pack_id, answered_by=user, on_behalf_org=_actor(access)
            )
    except IntegrityError:
        # A second tab started at the same moment: the unique draft constraint kept one; use it.
        return draft_for(company, pack_id)


def answers_of(assessment: Assessment) -> dict[str, str]:
    return dict(assessment.answers.values_list("question_id", "option_id"))


# --- answering ----------------------------------------------------------------------------


def _check(assessment: Assessment, question_id: str, option_id: str) -> None:
    spec = assessment.pack.spec
    question = spec.question(question_id)
    if question is None:
        raise AnswerError(_("This question is not part of this check. Please reload the page."))
    if spec.option(question, option_id) is None:
        raise AnswerError(_("Please choose one of the offered answers for question %(number)s.") % {"number": question["number"]})


@transaction.atomic
def save_answers(assessment: Assessment, answers: dict[str, str], user, access) -> int:
    """Store several answers at once (the page's submit button); all valid or nothing written."""
    # Lock the assessment so an answer cannot slip in while another request completes it.
    # of=("self",): lock only this row, never the shared pack row every autosave joins.
    locked = Assessment.objects.select_for_update(of=("self",)).select_related("pack").get(pk=assessment.pk)
    if locked.status != Assessment.Status.DRAFT:
        raise AnswerError(_("This check is already finished, so its answers can no longer be changed."))
    for question_id, option_id in answers.items():
        _check(locked, question_id, option_id)
    org = _actor(access)
    for question_id, option_id in answers.items():
        Answer.objects.update_or_create(
            assessment=locked,
            question_id=question_id,
            defaults={"option_id": option_id, "answered_by": user, "on_behalf_org": org},
        )
    if answers:
        Assessment.objects.filter(pk=locked.pk).update(answered_by=user, on_behalf_org=org, updated=timezone.now())
    return len(answers)


def save_answer(assessment: Assessment, question_id: str, option_id: str, user, access) -> None:
    """Autosave of one radio change."""
    save_answers(assessment, {question_id: option_id}, user, access)


def first_open_part(assessment: Assessment, answers: dict[str, str] | None = None) -> str:
    """Where to resume: the first part with an unanswered question (else the last part)."""
    spec = assessment.pack.spec
    answers = answers_of(assessment) if answers is None else answers
    for part in spec.parts:
        if any(spec.option(q, answers.get(q["id"], "")) is None for q in part["questions"]):
            return part["id"]
    return spec.part_ids[-1]


# --- scores -------------------------------------------------------------------------------


def recompute(assessment: Assessment) -> Assessment:
    """Derive and store the scores from the answers, with the strategy of the assessment's own pack version."""
    result = scoring.score(assessment.pack.spec, answers_of(assessment))
    assessment.total_score = result.total
    assessment.band_id = result.band_id
    assessment.part_scores = result.part_scores
    assessment.score_details = result.details
    assessment.save(update_fields=["total_score", "band_id", "part_scores", "score_details", "updated"])
    return assessment


@transaction.atomic
def complete(assessment: Assessment, user, access) -> Assessment:
    """Score and close a draft; becomes the company's latest result for the pack."""
    locked = Assessment.objects.select_for_update(of=("self",)).select_related("pack", "company").get(pk=assessment.pk)
    if locked.status == Assessment.Status.COMPLETED:
        return locked  # a double click: the first request already did the work
    missing = results.unanswered_numbers(locked.pack.spec, answers_of(locked))
    if missing:
        raise IncompleteError(missing)
    recompute(locked)
    company = locked.company
    Assessment.objects.filter(company=company, pack_family=locked.pack_family, is_latest=True).update(is_latest=False)
    locked.status = Assessment.Status.COMPLETED
    locked.completed_at = timezone.now()
    locked.answered_by = user
    locked.on_behalf_org = _actor(access)
    # Snapshot of the peer-group keys: the result stays in the group it was answered in.
    locked.industry_major, locked.size_band, locked.prefecture = company.industry_major, company.size_band, company.prefecture
    locked.is_latest = True
    locked.save()
    return locked


# --- reading ------------------------------------------------------------------------------


def _completed(company, pack_id: str):
    return Assessment.objects.filter(company=company, pack_family=pack_id, status=Assessment.Status.COMPLETED)


def latest_completed(company, pack_id: str) -> Assessment | None:
    return _completed(company, pack_id).select_related("pack").order_by("-completed_at", "-pk").first()


def previous_completed(assessment: Assessment) -> Assessment | None:
    """The company's completed assessment of the same pack just before this one (any version)."""
    return (
        _completed(assessment.company_id, assessment.pack_family)
        .filter(Q(completed_at__lt=assessment.completed_at) | Q(completed_at=assessment.completed_at, pk__lt=assessment.pk))
        .select_related("pack")
        .order_by("-completed_at", "-pk")
        .first()
    )


def history(access, pack_id: str):
    """Completed assessments, newest first, without the (large) pack definitions; see ``packs_by_id``."""
    return (
        scoped(Assessment.objects, access)
        .filter(pack_family=pack_id, status=Assessment.Status.COMPLETED)
        .select_related("answered_by", "on_behalf_org")
        .order_by("-completed_at", "-pk")
    )


def packs_by_id(assessments) -> dict[int, QuestionnairePack]:
    """The pack versions used by a page of assessments, one query, each definition decoded once."""
    return QuestionnairePack.objects.in_bulk({a.pack_id for a in assessments})


# --- peers --------------------------------------------------------------------------------


def _peer_counts(assessment: Assessment, filters: dict) -> peers.Counts:
    # One COUNT query over the peer index (pack_family, is_latest, group keys, total_score):
    # index-only on PostgreSQL, no join and no row of another company leaves the database.
    score = assessment.total_score
    row = Assessment.objects.filter(pack_family=assessment.pack_family, is_latest=True, **filters).aggregate(
        n=Count("total_score"),
        below=Count("total_score", filter=Q(total_score__lt=score)),
        equal=Count("total_score", filter=Q(total_score=score)),
    )
    return peers.Counts(n=row["n"], below=row["below"], equal=row["equal"])


def peer_comparison(assessment: Assessment) -> peers.PeerResult:
    """The company's percentile among companies like it (latest result of each, any pack version)."""
    if not assessment.is_completed or assessment.total_score is None:
        return peers.PeerResult(shown=False)
    own = assessment if assessment.is_latest else latest_completed(assessment.company_id, assessment.pack_family)

    def levels():
        for name, keys in peers.LEVELS:
            filters = {key: getattr(assessment, key) for key in keys}
            counts = _peer_counts(assessment, filters)
            own_in_group = own is not None and own.is_latest and all(getattr(own, k) == v for k, v in filters.items())
            yield name, keys, peers.replace_own(counts, assessment.total_score, own.total_score if own_in_group else None)

    return peers.choose_group(levels())


# --- the result page ----------------------------------------------------------------------


@dataclass
class Result:
    assessment: Assessment
    spec: PackSpec
    band: dict | None
    band_index: int | None
    band_count: int
    parts: list
    bars: list
    chart_width: int
    chart_height: int
    items: list
    weakest: list
    to_check: list
    previous: Assessment | None
    diff: results.Diff | None
    peers: peers.PeerResult


def result(assessment: Assessment, *, with_peers: bool = True) -> Result:
    from dxnavi.content.i18n import pick

    spec = assessment.pack.spec
    rows = results.items(spec, answers_of(assessment))
    parts = results.part_rows(spec, assessment.part_scores)
    bars = results.chart_bars(
        [(pick(p.part["title"]), p.score, p.max) for p in parts], (_("Total"), assessment.total_score or 0, spec.total_max)
    )
    previous = previous_completed(assessment)
    change = None
    if previous is not None:
        before = results.items(previous.pack.spec, answers_of(previous))
        change = results.diff(before, previous.total_score or 0, rows, assessment.total_score or 0)
    return Result(
        assessment=assessment,
        spec=spec,
        band=assessment.band,
        band_index=spec.band_index(assessment.band_id),
        band_count=len(spec.bands),
        parts=parts,
        bars=bars,
        chart_width=results.CHART_WIDTH,
        chart_height=results.chart_height(bars),
        items=rows,
        weakest=results.weakest(rows),
        to_check=results.to_check(spec, rows),
        previous=previous,
        diff=change,
        peers=peer_comparison(assessment) if with_peers else peers.PeerResult(shown=False),
    )
