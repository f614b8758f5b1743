"""The result page's own reads, compiled once per process (issue #11).

A result page reads the assessment (with who answered it), the result before it and both answer sets.
The statements are the ORM's (``dxnavi.prepared.PreparedQuery``): only the ids change from one request
to the next, so compiling them again each time was most of their cost. ``tests/assessments/
test_result_queries.py`` compares each with the plain queryset.
"""

from django.contrib.auth import get_user_model
from django.db import router
from django.db.models import Q, Subquery

from dxnavi.orgs.models import AdviserOrganization
from dxnavi.prepared import PreparedQuery

from .models import Answer, Assessment

_FIELDS = [f.attname for f in Assessment._meta.concrete_fields]


def _related_fields():
    user_fields = [f.attname for f in get_user_model()._meta.concrete_fields]
    org_fields = [f.attname for f in AdviserOrganization._meta.concrete_fields]
    return user_fields, org_fields


def _with_people(company, assessment):
    user_fields, org_fields = _related_fields()
    return Assessment.objects.filter(company_id=company, pk=assessment).values_list(
        *_FIELDS, *(f"answered_by__{f}" for f in user_fields), *(f"on_behalf_org__{f}" for f in org_fields)
    )


_ASSESSMENT = PreparedQuery(_with_people, model=Assessment)


def company_assessment(company_id: int, assessment_id: int) -> Assessment | None:
    """The company's assessment with ``answered_by`` and ``on_behalf_org`` loaded (as ``select_related``)."""
    rows = _ASSESSMENT.rows(company=int(company_id), assessment=int(assessment_id))
    if not rows:
        return None
    user_fields, org_fields = _related_fields()
    db = router.db_for_read(Assessment)
    row, n, u = rows[0], len(_FIELDS), len(user_fields)
    assessment = Assessment.from_db(db, _FIELDS, row[:n])
    user_values, org_values = row[n : n + u], row[n + u :]
    assessment.answered_by = (
        get_user_model().from_db(db, user_fields, user_values) if assessment.answered_by_id is not None else None
    )
    assessment.on_behalf_org = (
        AdviserOrganization.from_db(db, org_fields, org_values) if assessment.on_behalf_org_id is not None else None
    )
    return assessment


def _previous_query(family):
    def build(company, assessment):
        at = Assessment.objects.filter(pk=assessment).values("completed_at")[:1]
        return (
            Assessment.objects.filter(company_id=company, pack_family=family, status=Assessment.Status.COMPLETED)
            .filter(Q(completed_at__lt=Subquery(at)) | Q(completed_at=Subquery(at), pk__lt=assessment))
            .order_by("-completed_at", "-pk")
            .values_list(*_FIELDS)
        )

    return build


_PREVIOUS: dict[str, PreparedQuery] = {}


def previous_completed(assessment: Assessment) -> Assessment | None:
    """The company's completed assessment of the same pack just before this one (any version)."""
    family = assessment.pack_family
    prepared = _PREVIOUS.get(family)
    if prepared is None:
        prepared = _PREVIOUS[family] = PreparedQuery(_previous_query(family), model=Assessment)
    rows = prepared.rows(company=assessment.company_id, assessment=assessment.pk, limit=1)
    return Assessment.from_db(router.db_for_read(Assessment), _FIELDS, rows[0]) if rows else None


_ANSWERS = PreparedQuery(
    lambda ids: Answer.objects.filter(assessment_id__in=ids).values_list("assessment_id", "question_id", "option_id", "value"),
    model=Answer,
)


def answer_rows(ids: list[int]) -> list[tuple]:
    """(assessment_id, question_id, option_id, value) of the given assessments' answers."""
    return _ANSWERS.rows(ids=list(ids))
