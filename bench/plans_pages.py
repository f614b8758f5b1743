"""The 導入プラン page, a five-step project page and the action list at 5 and at 50 projects: server time and queries.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/dxnavi_bench .venv/bin/python bench/plans_pages.py [--runs 200]
    (add --pages plan,actions to time only some pages)

Creates (or reuses) two companies named ``bench-plans-5`` and ``bench-plans-50`` with an owner, a
plan of that many rows (three phases each), one project per row (its 23 tasks from the content,
some with owners and due dates; three quotes, one chosen; two KPIs with three actuals each;
payback inputs; a linked subsidy estimate) and ten actions per project (50 and 500 actions, spread
over every origin and status, including the project tasks' own ``plans`` origin).
Then GETs, through Django's test Client (force_login, the whole middleware stack, template
rendering): the plan page, the project list, the first project's step 3 page (quotes, execution
plan, subsidy timing, KPI charts, payback summary), its payback page and the action list ("all",
first page of 50). Prints p50/p95/p99/max in ms (and the CPU time per request, p50/p95: less noisy
on a shared machine) and the queries per request for both sizes: the
query counts must be equal (they do not grow with the rows) and p95 ≤ 100 ms at 50 projects (issue #9).
"""

import argparse
import datetime
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

TARGET_P95_MS = 100.0
SIZES = (5, 50)
ACTIONS_PER_PROJECT = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--pages", default="", help="comma-separated subset of: plan,projects,project,payback,actions (default: all)"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a p95 at 50 projects misses the target or a query count grows"
    )
    return parser.parse_args()


def _estimate(company, user):
    from dxnavi.orgs.scoping import CompanyAccess
    from dxnavi.subsidies import services
    from dxnavi.subsidies.models import SavedEstimate

    existing = SavedEstimate.objects.filter(company=company).first()
    if existing:
        return existing
    return services.save_estimate(
        CompanyAccess(company=company, via="member", role="owner"),
        user=user,
        catalog=services.current_catalog(),
        items=[{"kind": "software", "description": "勤怠管理ソフト", "amount_yen": 1_200_000, "months": None}],
        statuses={"security_action": 1, "gbizid_prime": True, "it_processes": 1, "invoice_functions": 1},
    )


def _fill(company, n, user):
    from dxnavi.actions.models import Action
    from dxnavi.plans import content
    from dxnavi.plans.models import Kpi, KpiActual, Plan, PlanPhase, PlanRow, Project, ProjectTask, Quote

    today = datetime.date.today()
    estimate = _estimate(company, user)
    plan = Plan.objects.create(company=company, start_year=today.year + 1, start_half=1, periods=6, updated_by=user)
    rows = PlanRow.objects.bulk_create(
        PlanRow(
            plan=plan,
            position=i,
            priority=i + 1,
            goal_id="productivity",
            goal_text="生産性の向上",
            viewpoint_id="resource_management",
            viewpoint_text="人・時間・設備の管理",
            activity=f"取り組み{i + 1}：勤怠とシフトをクラウドで管理する",
            tool_category="back_office",
            solution="勤怠管理クラウド",
            activity_key=f"{i:08x}",
        )
        for i in range(n)
    )
    PlanPhase.objects.bulk_create(
        PlanPhase(row=row, period=p, phase=ph) for row in rows for p, ph in enumerate(["research", "trial", "adoption"])
    )
    projects = Project.objects.bulk_create(
        Project(
            company=company,
            row=row,
            title=row.activity,
            current_step=1 + i % 5,
            planned_order_date=today + datetime.timedelta(days=90),
            estimate=estimate,
            subsidy_frame_id=estimate.best_frame,
            running_cost_monthly=10_000,
            hours_saved_monthly=Decimal("30.5"),
            hourly_labour_cost=2_000,
            cost_reduction_monthly=20_000,
            reimbursement_lag_months=3,
            updated_by=user,
        )
        for i, row in enumerate(rows)
    )
    steps = content.steps()["steps"]
    ProjectTask.objects.bulk_create(
        ProjectTask(
            project=p,
            step=s["number"],
            task_id=t["id"],
            title=dict(t["title"]),
            position=k,
            owner="山田" if k % 2 else "",
            due=today + datetime.timedelta(days=7 * k) if k % 3 == 0 else None,
            status=["todo", "doing", "done"][k % 3],
        )
        for p in projects
        for s in steps
        for k, t in enumerate(s["tasks"])
    )
    Quote.objects.bulk_create(
        Quote(
            project=p,
            vendor=f"ベンダー{q}",
            tool=f"ツール{q}",
            amount=900_000 + 200_000 * q,
            items="初期設定、研修",
            valid_until=today + datetime.timedelta(days=60 + 30 * q),
            chosen=q == 1,
        )
        for p in projects
        for q in range(3)
    )
    kpis = Kpi.objects.bulk_create(
        Kpi(
            project=p,
            name=f"KPI{k}",
            unit="時間",
            baseline=Decimal(40),
            baseline_date=today - datetime.timedelta(days=90),
            target=Decimal(20),
            target_date=today + datetime.timedelta(days=275),
        )
        for p in projects
        for k in range(2)
    )
    KpiActual.objects.bulk_create(
        KpiActual(kpi=k, date=today - datetime.timedelta(days=60 - 30 * a), value=Decimal(38 - 3 * a))
        for k in kpis
        for a in range(3)
    )
    origins = ["selfcheck", "secaction", "dxdiag", "subsidies", "plans"]
    statuses = ["todo", "doing", "done", "na"]
    Action.objects.bulk_create(
        Action(
            company=company,
            key=f"bench:{i}",
            origin=origins[i % 5],
            origins=[[origins[i % 5], "/"]],
            title={"ja": f"対策{i}：バックアップの手順を決めて毎週確かめる", "en": f"Action {i}"},
            detail={"ja": "重要なデータの置き場所を洗い出し、自動バックアップを設定しましょう。"},
            status=statuses[i % 4],
            owner="山田" if i % 3 else "",
            due=today + datetime.timedelta(days=i % 60) if i % 2 == 0 else None,
        )
        for i in range(n * ACTIONS_PER_PROJECT)
    )


def company_with_projects(n: int, user):
    from dxnavi.orgs import services
    from dxnavi.orgs.models import Company, CompanyMembership, Role
    from dxnavi.plans.models import Project

    name = f"bench-plans-{n}"
    company = Company.objects.filter(name=name).first()
    if company is None:
        company = Company(name=name, industry_major="E", prefecture="13", employees=30)
        services.save_company(company)
    CompanyMembership.objects.get_or_create(company=company, user=user, defaults={"role": Role.OWNER})
    if Project.objects.filter(company=company).count() != n:
        from dxnavi.actions.models import Action
        from dxnavi.plans.models import Plan

        Plan.objects.filter(company=company).delete()
        Action.objects.filter(company=company).delete()
        _fill(company, n, user)
    return company


def pages(company, only=""):
    from django.urls import reverse

    from dxnavi.plans.models import Project

    first = Project.objects.filter(company=company).order_by("row__position").first()
    urls = {
        "plan": reverse("plans:plan", args=[company.pk]),
        "projects": reverse("plans:projects", args=[company.pk]),
        "project": reverse("plans:project_step", args=[company.pk, first.pk, 3]),
        "payback": reverse("plans:payback", args=[company.pk, first.pk]),
        "actions": reverse("actions:list", args=[company.pk]) + "?status=all",
    }
    return _setup.select_pages(urls, only)


def measure(client, connection, url, runs, warmup):
    ordered, ordered_cpu, queries, _response = _setup.timed_gets(client, connection, url, runs, warmup)
    summary = {p: _setup.percentile(ordered, p) for p in (50, 95, 99, 100)}
    summary.update({("cpu", p): _setup.percentile(ordered_cpu, p) for p in (50, 95)})
    return summary, len(queries)


def main():
    args = parse_args()
    settings_dict = _setup.setup(quiet=True)
    from django.db import connection
    from django.test import Client

    from dxnavi.accounts.models import User
    from dxnavi.subsidies import loader

    loader.load()
    user, _created = User.objects.get_or_create(email="bench-plans@example.test", defaults={"name": "bench"})
    client = Client()
    client.force_login(user)
    print(f"database: {_setup.server_version(connection)} ({settings_dict['NAME']})")
    results = {}
    for n in SIZES:
        company = company_with_projects(n, user)
        for page, url in pages(company, args.pages).items():
            summary, queries = measure(client, connection, url, args.runs, args.warmup)
            results[(n, page)] = (summary, queries)
            print(
                f"{n:>3} projects, {n * ACTIONS_PER_PROJECT:>3} actions — {page:<8}: p50 {summary[50]:.1f}  p95 "
                f"{summary[95]:.1f}  "
                f"p99 {summary[99]:.1f}  max {summary[100]:.1f} ms (CPU p50 {summary['cpu', 50]:.1f}  p95 "
                f"{summary['cpu', 95]:.1f} ms); {queries} queries per request"
            )
    page_names = list(pages(company, args.pages))
    same = all(results[(SIZES[0], p)][1] == results[(SIZES[-1], p)][1] for p in page_names)
    met = all(results[(SIZES[-1], p)][0][95] <= TARGET_P95_MS for p in page_names)
    print(f"query counts independent of the number of projects: {'YES' if same else 'NO'}")
    print(f"target p95 ≤ {TARGET_P95_MS:.0f} ms at {SIZES[-1]} projects on every page: {'MET' if met else 'NOT MET'}")
    if args.check and not (same and met):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
