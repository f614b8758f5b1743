"""Helpers for the project tests: a plan row made into a project, with quotes and KPIs."""

import datetime
from decimal import Decimal

from dxnavi.plans import services_projects
from dxnavi.plans.models import Kpi, KpiActual, Quote
from tests.plans.helpers import built_plan, owner_access


def make_project(company, user, *, quotes=0, kpis=0, actuals=0, row_index=0):
    access = owner_access(company)
    from dxnavi.plans.models import Plan

    plan = Plan.objects.filter(company=company).first() or built_plan(company, user)
    row = list(plan.rows.order_by("position", "pk"))[row_index]
    project = services_projects.create_project(access, row, user=user)
    for i in range(quotes):
        Quote.objects.create(
            project=project,
            vendor=f"ベンダー{i + 1}",
            tool=f"ツール{i + 1}",
            amount=300_000 + 100_000 * i,
            valid_until=datetime.date(2027, 12, 31),
            chosen=i == 0,
        )
    for i in range(kpis):
        kpi = Kpi.objects.create(
            project=project,
            name=f"KPI{i + 1}",
            unit="時間",
            baseline=Decimal(40),
            baseline_date=datetime.date(2027, 1, 1),
            target=Decimal(20),
            target_date=datetime.date(2027, 12, 31),
        )
        for j in range(actuals):
            KpiActual.objects.create(kpi=kpi, date=datetime.date(2027, 2 + j, 1), value=Decimal(38 - 2 * j))
    return project
