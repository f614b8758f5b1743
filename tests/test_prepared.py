"""dxnavi.prepared: an ORM statement compiled once gives what the queryset gives, for any values."""

import pytest

from dxnavi.orgs.models import Company
from dxnavi.prepared import PreparedQuery
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _build(ids, employees):
    # (``employees`` is an id here: a BIGINT column, so the sentinel is in its range)
    return Company.objects.filter(pk__in=ids).exclude(pk=employees).order_by("name", "pk").values_list("pk", "name", "is_sme")


def test_prepared_query_equals_the_queryset_for_other_values():
    companies = [CompanyFactory(name=f"会社{i}", employees=i * 10) for i in range(6)]
    prepared = PreparedQuery(_build, model=Company)
    for ids, employees in (([c.pk for c in companies[:3]], 0), ([c.pk for c in companies[2:5]], companies[3].pk), ([companies[5].pk] * 3, 0)):
        assert prepared.rows(ids=ids, employees=employees) == list(_build(ids, employees))


def test_prepared_query_limit_and_offset_equal_slicing():
    companies = [CompanyFactory(name=f"会社{i}", employees=5) for i in range(7)]
    prepared = PreparedQuery(_build, model=Company)
    ids = [c.pk for c in companies]
    assert prepared.rows(ids=ids, employees=0, limit=3, offset=2) == list(_build(ids, 0)[2:5])


def test_prepared_query_refuses_a_value_the_statement_does_not_use():
    prepared = PreparedQuery(lambda ids, employees: Company.objects.filter(pk__in=ids).values_list("pk"), model=Company)
    with pytest.raises(ValueError):
        prepared.rows(ids=[1], employees=3)


def test_prepared_query_refuses_a_value_outside_the_columns_range():
    # Django drops a lookup whose value cannot occur in the column (a negative PositiveIntegerField): the
    # sentinel would be lost, so the statement is refused rather than run without the condition.
    prepared = PreparedQuery(lambda employees: Company.objects.filter(employees__gte=employees).values_list("pk"), model=Company)
    with pytest.raises(ValueError):
        prepared.rows(employees=3)
