"""Benchmark: computing the anonymized aggregate report (``dxnavi.regional``) on a database filled by
``generate_synthetic`` (floor_gen: 100,000 companies, their self-check history).

    PGPASSWORD=postgres createdb -h 127.0.0.1 -U postgres -T floor_gen regional_bench
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/regional_bench .venv/bin/python bench/regional_report.py

Scopes timed (``services.compute``: every section, both fiscal years, suppression included):
- the operator's report of the largest prefecture (all its companies);
- the adviser organization with the most accepted clients;
- with ``--all-in-one-prefecture``: first moves every company into that prefecture (writes the
  database: use a copy), so the prefecture report covers all 100,000 companies.
Then the page of the stored report (GET, as an operator) is timed. Prints companies in scope,
p50/p95 seconds, queries per computation and the stored JSON size.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--all-in-one-prefecture", action="store_true")
    args = parser.parse_args()
    _setup.setup(quiet=True)
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from dxnavi.accounts.models import User
    from dxnavi.orgs.models import Company, SupportLink
    from dxnavi.regional import services
    from dxnavi.regional.models import RegionalReport
    from dxnavi.regional.queries import Scope

    prefecture = Company.objects.values("prefecture").annotate(n=Count("id")).order_by("-n")[0]["prefecture"]
    if args.all_in_one_prefecture:
        Company.objects.exclude(prefecture=prefecture).update(prefecture=prefecture)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE orgs_company")  # the planner must know the prefecture now holds everyone
    org_row = (
        SupportLink.objects.filter(status="accepted").values("organization_id").annotate(n=Count("id")).order_by("-n").first()
    )
    scopes = [(f"prefecture {prefecture}", Scope(prefecture=prefecture), Company.objects.filter(prefecture=prefecture).count())]
    if org_row:
        org_id = org_row["organization_id"]
        scopes.append((f"organization {org_id}", Scope(organization_id=org_id), org_row["n"]))
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}); companies: {Company.objects.count():,}")
    print(f"{'scope':<22} {'companies':>10} {'p50 s':>7} {'p95 s':>7} {'queries':>7} {'json KB':>8}")
    for label, scope, companies in scopes:
        services.compute(scope, timezone.now())  # warm-up
        times, queries, size = [], 0, 0
        for _ in range(args.n):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                data = services.compute(scope, timezone.now())
                times.append(time.perf_counter() - began)
            queries, size = len(captured), len(json.dumps(data, ensure_ascii=False).encode())
        times.sort()
        p50 = _setup.percentile(times, 50)
        p95 = _setup.percentile(times, 95)
        print(f"{label:<22} {companies:>10,} {p50:>7.2f} {p95:>7.2f} {queries:>7} {size / 1024:>8.1f}")

    stored = services.run(RegionalReport.objects.create(prefecture=prefecture))
    operator, _created = User.objects.get_or_create(email="bench-operator@example.test", defaults={"is_staff": True})
    client = Client()
    client.force_login(operator)
    url = reverse("regional:prefecture_report", args=[prefecture])
    page_times = []
    for i in range(args.n + 2):
        began = time.perf_counter()
        response = client.get(url)
        if i >= 2:
            page_times.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
    page_times.sort()
    print(f"stored report page (GET): p50 {_setup.percentile(page_times, 50) * 1000:.0f} ms, "
          f"p95 {_setup.percentile(page_times, 95) * 1000:.0f} ms; job run {stored.seconds:.2f} s")  # fmt: skip
    RegionalReport.objects.filter(pk=stored.pk).delete()


if __name__ == "__main__":
    main()
