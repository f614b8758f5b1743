"""assessments.result_queries: the result page's statements, compiled once, equal their querysets."""

import datetime

import pytest
from django.db.models import Q

from dxnavi.assessments import result_queries, services
from dxnavi.assessments.models import Answer, Assessment
from tests.assessments.helpers import adviser_access, all_answers, complete_with, load_pack
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link

pytestmark = pytest.mark.django_db


def _fields(instance):
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def _orm_previous(assessment):
    """The queryset ``services.previous_completed`` used to run."""
    return (
        Assessment.objects.filter(company=assessment.company_id, pack_family=assessment.pack_family, status="completed")
        .filter(Q(completed_at__lt=assessment.completed_at) | Q(completed_at=assessment.completed_at, pk__lt=assessment.pk))
        .order_by("-completed_at", "-pk")
        .first()
    )


def test_company_assessment_equals_select_related():
    load_pack()
    company = CompanyFactory()
    org = AdviserOrganizationFactory()
    adviser = UserFactory(name="支援 太郎")
    link(company, org, adviser=adviser)
    by_owner = complete_with(company, all_answers("yes"))
    by_adviser = complete_with(company, all_answers("no"), user=adviser, access=adviser_access(company, org))
    for assessment in (by_owner, by_adviser):
        expected = Assessment.objects.select_related("answered_by", "on_behalf_org").get(pk=assessment.pk)
        found = result_queries.company_assessment(company.pk, assessment.pk)
        assert _fields(found) == _fields(expected)
        for relation in ("answered_by", "on_behalf_org"):
            mine, theirs = getattr(found, relation), getattr(expected, relation)
            assert (_fields(mine) if mine else None) == (_fields(theirs) if theirs else None)
    assert by_adviser.on_behalf_org_id == org.pk
    assert result_queries.company_assessment(CompanyFactory().pk, by_owner.pk) is None  # another company's


def test_previous_completed_equals_the_queryset_including_equal_times():
    load_pack()
    company = CompanyFactory()
    done = [complete_with(company, all_answers(option)) for option in ("yes", "no", "partial", "yes")]
    same = done[1].completed_at
    Assessment.objects.filter(pk__in=[done[1].pk, done[2].pk]).update(completed_at=same)
    Assessment.objects.filter(pk=done[0].pk).update(completed_at=same - datetime.timedelta(days=30))
    complete_with(CompanyFactory(), all_answers("yes"))  # another company's result is never the previous one
    for assessment in Assessment.objects.filter(company=company).order_by("pk"):
        expected = _orm_previous(assessment)
        found = services.previous_completed(assessment)
        assert (_fields(found) if found else None) == (_fields(expected) if expected else None)
    assert services.previous_completed(Assessment.objects.get(pk=done[2].pk)).pk == done[1].pk


def test_answer_rows_equal_the_queryset():
    load_pack()
    company = CompanyFactory()
    first, second = complete_with(company, all_answers("yes")), complete_with(company, all_answers("no"))
    for ids in ([first.pk], [first.pk, second.pk]):
        expected = Answer.objects.filter(assessment_id__in=ids).values_list("assessment_id", "question_id", "option_id", "value")
        assert sorted(result_queries.answer_rows(ids)) == sorted(expected)
    assert len(result_queries.answer_rows([first.pk, second.pk])) == 50
