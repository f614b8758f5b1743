"""The company's action list (対策リスト) page with 5 and with 500 actions: server time and queries.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/dxnavi_bench .venv/bin/python bench/action_list.py [--runs 200]

Creates (or reuses) two companies named ``bench-actions-5`` and ``bench-actions-500`` with an
owner, fills them with actions spread over every origin and status (250 open with a due date,
owners and notes), then GETs the list through Django's test Client (force_login, the whole
middleware stack, template rendering) with the "all" filter: its first page (50 cards; the list
is paginated, so 500 actions cost one page plus a COUNT).
Prints p50/p95/p99/max in ms and the queries per request for both sizes: the query count must
be the same (it does not grow with the rows) and p95 ≤ 100 ms at 500 actions (issue #9).
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

TARGET_P95_MS = 100.0
SIZES = (5, 500)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--check", action="store_true", help="exit 1 when the p95 at 500 actions misses the target")
    return parser.parse_args()


def company_with_actions(n: int, user):
    from dxnavi.actions.models import Action
    from dxnavi.orgs import services
    from dxnavi.orgs.models import Company, CompanyMembership, Role

    name = f"bench-actions-{n}"
    company = Company.objects.filter(name=name).first()
    if company is None:
        company = Company(name=name, industry_major="E", prefecture="13", employees=20)
        services.save_company(company)
    CompanyMembership.objects.get_or_create(company=company, user=user, defaults={"role": Role.OWNER})
    if Action.objects.filter(company=company).count() != n:
        Action.objects.filter(company=company).delete()
        origins = ["selfcheck", "secaction", "dxdiag", "subsidies"]
        statuses = ["todo", "doing", "done", "na"]
        today = datetime.date.today()
        Action.objects.bulk_create(
            Action(
                company=company, key=f"bench:{i}", origin=origins[i % 4], origins=[[origins[i % 4], "/"]],
                title={"ja": f"対策{i}：バックアップを取る手順を決めて、毎週確かめる", "en": f"Action {i}"},
                detail={"ja": "今週、重要なデータの置き場所を洗い出し、外付けディスクかクラウドへの自動バックアップを設定しましょう。" * 2},
                status=statuses[i % 4], owner="山田" if i % 3 else "", note="メモ" if i % 5 == 0 else "",
                due=today + datetime.timedelta(days=i % 60) if i % 2 == 0 else None, updated_by=user if i % 7 == 0 else None,
            )
            for i in range(n)
        )
    return company


def main():
    args = parse_args()
    settings_dict = _setup.setup(quiet=True)
    from django.db import connection

    from dxnavi.actions.views import PAGE_SIZE
    from django.test import Client
    from django.urls import reverse

    from dxnavi.accounts.models import User

    user, _created = User.objects.get_or_create(email="bench-actions@example.test", defaults={"name": "bench"})
    client = Client()
    client.force_login(user)
    print(f"database: {_setup.server_version(connection)} ({settings_dict['NAME']})")
    results = {}
    for n in SIZES:
        company = company_with_actions(n, user)
        url = reverse("actions:list", args=[company.pk]) + "?status=all"
        for _ in range(args.warmup):
            assert client.get(url).status_code == 200
        queries = []
        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url)
        rendered = response.content.decode().count('class="card action-card')
        assert rendered == min(n, PAGE_SIZE), (rendered, n)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        ordered = sorted(times)
        summary = {p: _setup.percentile(ordered, p) for p in (50, 95, 99, 100)}
        results[n] = (summary, len(queries))
        print(
            f"{n:>4} actions: p50 {summary[50]:.1f}  p95 {summary[95]:.1f}  p99 {summary[99]:.1f}  "
            f"max {summary[100]:.1f} ms; {len(queries)} queries per request"
        )
    same = results[SIZES[0]][1] == results[SIZES[-1]][1]
    met = results[SIZES[-1]][0][95] <= TARGET_P95_MS
    print(f"query count independent of the number of actions: {'YES' if same else 'NO'}")
    print(f"target p95 ≤ {TARGET_P95_MS:.0f} ms at {SIZES[-1]} actions: {'MET' if met else 'NOT MET'}")
    if args.check and not (same and met):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
