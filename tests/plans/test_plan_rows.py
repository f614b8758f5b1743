"""``services.plan_rows_with_phases`` (one joined query, for the plan page) reads what ``plan_rows`` does."""

import pytest

from dxnavi.plans import presenters, services
from dxnavi.plans.models import PlanPhase, PlanRow
from tests.factories import CompanyFactory, member
from tests.plans.helpers import built_plan

pytestmark = pytest.mark.django_db


def _fields(row):
    return {f.attname: getattr(row, f.attname) for f in PlanRow._meta.concrete_fields}


def test_plan_rows_with_phases_equals_plan_rows(django_assert_num_queries):
    company = CompanyFactory()
    plan = built_plan(company, member(company, role="owner"))
    PlanRow.objects.create(plan=plan, position=0, goal_text="g", viewpoint_text="v", activity="no phase, first")
    late = PlanRow.objects.create(plan=plan, position=50, goal_text="g", viewpoint_text="v", activity="phases out of order")
    PlanPhase.objects.create(row=late, period=3, phase="adoption")
    PlanPhase.objects.create(row=late, period=0, phase="research")
    expected = services.plan_rows(plan)
    with django_assert_num_queries(1):
        rows, phases = services.plan_rows_with_phases(plan)
    assert [_fields(r) for r in rows] == [_fields(r) for r in expected]
    assert {pk: list(p.items()) for pk, p in phases.items()} == {
        r.pk: [(p.period, p.phase) for p in r.phases.all()] for r in expected
    }
    assert presenters.plan_table(plan, rows, phases) == presenters.plan_table(plan, expected)
    assert len(rows) >= 5 and phases[late.pk] == {0: "research", 3: "adoption"}
