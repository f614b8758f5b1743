"""The support records of an adviser organization: its list page (50 cards and the year's totals) and the
Excel export of a whole 年度, at 5,000 records over 200 clients.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/support_bench .venv/bin/python bench/support_records.py \
        [--records 5000] [--clients 200] [--runs 50] [--export-runs 3]

Creates (or reuses) an organization ``bench-support-org`` whose adviser (``bench-support@example.test``) has an
accepted link to ``--clients`` companies ``bench-support-NNNN``, and ``--records`` records spread over 2026年度
(all types, a third with a next action). Through Django's test Client (DXNAVI_DEBUG=0): the organization's
list for the 年度 (p50/p95 wall and CPU, queries), the company page of the client with the most records, and
the 年度's XLSX export (wall time, size).
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

PREFIX = "bench-support-"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--export-runs", type=int, default=3)
    return parser.parse_args()


def build(records: int, clients: int):
    from dxnavi.accounts.models import User
    from dxnavi.orgs.models import AdviserMembership, AdviserOrganization, Company, SupportLink
    from dxnavi.support.models import SupportRecord

    user, _created = User.objects.get_or_create(email=f"{PREFIX[:-1]}@example.test", defaults={"name": "ベンチ 指導員"})
    org, _created = AdviserOrganization.objects.get_or_create(name=f"{PREFIX}org", defaults={"kind": "shokokai", "prefecture": "13"})
    AdviserMembership.objects.get_or_create(organization=org, user=user, defaults={"role": "editor"})
    existing = Company.objects.filter(name__startswith=PREFIX).count()
    Company.objects.bulk_create(
        Company(name=f"{PREFIX}{i:04d}", industry_major="E", industry_middle="26", prefecture="13", employees=10)
        for i in range(existing, clients)
    )
    companies = list(Company.objects.filter(name__startswith=PREFIX).order_by("pk")[:clients])
    linked = set(SupportLink.objects.filter(organization=org).values_list("company_id", flat=True))
    SupportLink.objects.bulk_create(
        SupportLink(company=c, organization=org, status=SupportLink.Status.ACCEPTED) for c in companies if c.pk not in linked
    )
    have = SupportRecord.objects.filter(organization=org).count()
    kinds = ["desk", "visit", "expert", "seminar", "other"]
    start = datetime.date(2026, 4, 1)
    SupportRecord.objects.bulk_create(
        (
            SupportRecord(
                organization=org, company=companies[(i * 7) % len(companies)], date=start + datetime.timedelta(days=i % 365),
                kind=kinds[i % 5], topic=f"相談 {i}", notes="受発注のデジタル化について説明した。" * 3, minutes=30 + i % 90,
                next_action="見積を確認" if i % 3 == 0 else "", next_due=start + datetime.timedelta(days=i % 365 + 14) if i % 3 == 0 else None,
                recorded_by=user, responsible=user,
            )
            for i in range(have, records)
        ),
        batch_size=1000,
    )
    return user, org, companies[0]


def main():
    args = parse_args()
    _setup.setup(quiet=True)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    user, org, company = build(args.records, args.clients)
    client = Client()
    client.force_login(user)
    pages = {
        "org list (2026年度)": reverse("support:org_records", args=[org.pk]) + "?fy=2026",
        "company page": reverse("support:records", args=[company.pk]),
    }
    print(f"{_setup.server_version(connection)}; {args.records} records, {args.clients} clients")
    for name, url in pages.items():
        wall, cpu, queries, _response = _setup.timed_gets(client, connection, url, args.runs, args.warmup)
        print(
            f"{name}: wall p50 {_setup.percentile(wall, 50):.1f} ms, p95 {_setup.percentile(wall, 95):.1f} ms; "
            f"CPU p50 {_setup.percentile(cpu, 50):.1f} ms; {len(queries)} queries"
        )
    url = reverse("support:org_export", args=[org.pk]) + "?fy=2026"
    times, cpu = [], []
    for _ in range(args.export_runs):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - begin)
        cpu.append(time.process_time() - begin_cpu)
        assert response.status_code == 200
    print(
        f"export (2026年度, {args.records} rows): wall {min(times):.2f}–{max(times):.2f} s, CPU {min(cpu):.2f}–{max(cpu):.2f} s, "
        f"{len(response.content) / 1024:.0f} KiB"
    )
    print(f"database size: {_setup.database_size(connection) / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
