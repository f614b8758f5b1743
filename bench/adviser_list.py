"""The adviser's client list (50 rows) against the login page, and the clients' Excel export at 500 and 5,000.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/advlist_bench .venv/bin/python bench/adviser_list.py \
        [--runs 200] [--export-runs 3] [--sizes 500,5000]

Creates (or reuses) synthetic client companies named ``bench-advlist-NNNNN`` and one adviser
organization per size (``bench-advlist-org-500``, ``bench-advlist-org-5000``) whose adviser
(``bench-advlist-<size>@example.test``) has an accepted support link to that many of them. Every
client has a latest security self-check, DX stage and DX maturity result, except every 7th (no
self-check), every 5th (no stage) and every 3rd (no maturity), so "not yet" cells appear too.
The results are copies of one real completion of each pack (scored by the services, so
``score_details`` and ``part_scores`` have their real size), spread over the last year.

Then, through Django's test Client (the whole middleware stack, template rendering, DXNAVI_DEBUG=0),
interleaved request by request: the login page (GET, anonymous) and the first page (50 rows) of the
largest organization's client list. Prints p50/p95 of CPU (``time.process_time``) and wall time per
request, the queries per request, the list's ratio to the login page, and the wall/CPU time of the
XLSX export for each size (the issue's target: 5,000 clients in ≤ 10 s).
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

PREFIX = "bench-advlist-"
PAGE_ROWS = 50
EXPORT_TARGET_S = 10.0
LIST_TARGET_RATIO = 1.9  # ≤ 3× the floor, with login at 1.6× the floor


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--sizes", default="500,5000", help="organizations' client counts (the list uses the largest)")
    return parser.parse_args()


def _template_results(user):
    """One real completed result of each pack, on a company of its own (scored by the services)."""
    from dxnavi.assessments import services
    from dxnavi.assessments.models import Assessment
    from dxnavi.orgs import services as org_services
    from dxnavi.orgs.models import Company, CompanyMembership, Role
    from dxnavi.orgs.scoping import CompanyAccess

    name = f"{PREFIX}template"
    company = Company.objects.filter(name=name).first()
    if company is None:
        company = Company(name=name, industry_major="E", industry_middle="26", prefecture="13", employees=18)
        org_services.save_company(company)
        CompanyMembership.objects.create(company=company, user=user, role=Role.OWNER)
    access = CompanyAccess(company=company, via="member", role=Role.OWNER)
    answers = {
        "security_selfcheck": {f"SC{n:02d}": ("yes", "partial", "no")[n % 3] for n in range(1, 26)},
        "dx_stage": {"DS01": "stage2", **{f"DS{n:02d}": ("yes" if n % 2 else "no") for n in range(2, 15)}},
        "dx_maturity": {
            f"DM{n:02d}": {"current": n % 4, "target": 3 + n % 3, "evidence": "", "action": ""} for n in range(1, 18)
        },
    }
    results = {}
    for pack_id, pack_answers in answers.items():
        latest = Assessment.objects.filter(company=company, pack_family=pack_id, is_latest=True).first()
        if latest is None:
            assessment = services.start_or_resume(company, pack_id, user, access)
            services.save_answers(assessment, pack_answers, user, access)
            latest = services.complete(assessment, user, access)
        results[pack_id] = latest
    return results


def _clients(n, user):
    """At least ``n`` synthetic clients with their latest results; returns their ids (by name)."""
    from django.db import transaction

    from dxnavi.assessments.models import Assessment
    from dxnavi.orgs.models import Company
    from dxnavi.orgs.services import refresh_derived

    have = Company.objects.filter(name__startswith=PREFIX).exclude(name=f"{PREFIX}template").count()
    if have < n:
        templates = _template_results(user)
        now = datetime.datetime.now(datetime.timezone.utc)
        with transaction.atomic():
            new = []
            for i in range(have, n):
                company = Company(
                    name=f"{PREFIX}{i:05d}", corporate_number="", industry_major="EIDK"[i % 4],
                    industry_middle="", prefecture=f"{1 + i % 47:02d}", employees=1 + (i * 37) % 300,
                    capital_yen=10_000_000, representative="代表 太郎",
                )
                refresh_derived(company)
                new.append(company)
            created = Company.objects.bulk_create(new, batch_size=1000)
            if any(c.pk is None for c in created):  # SQLite before returning ids: read them back
                names = [c.name for c in new]
                created = list(Company.objects.filter(name__in=names))
            rows = []
            for company in created:
                i = int(company.name[len(PREFIX):])
                for pack_id, skip in (("security_selfcheck", 7), ("dx_stage", 5), ("dx_maturity", 3)):
                    if i % skip == 0:
                        continue
                    t = templates[pack_id]
                    rows.append(Assessment(
                        company=company, pack_id=t.pack_id, pack_family=pack_id, status=Assessment.Status.COMPLETED,
                        completed_at=now - datetime.timedelta(days=i % 365, minutes=i), total_score=t.total_score,
                        band_id=t.band_id, part_scores=t.part_scores, score_details=t.score_details,
                        industry_major=company.industry_major, size_band=company.size_band,
                        prefecture=company.prefecture, is_latest=True,
                    ))
            Assessment.objects.bulk_create(rows, batch_size=1000)
    return list(
        Company.objects.filter(name__startswith=PREFIX).exclude(name=f"{PREFIX}template")
        .order_by("name").values_list("pk", flat=True)[:n]
    )


def adviser_with_clients(n):
    from dxnavi.accounts.models import User
    from dxnavi.orgs.models import AdviserMembership, AdviserOrganization, Role, SupportLink

    user, _ = User.objects.get_or_create(
        email=f"{PREFIX}{n}@example.test",
        defaults={"name": f"bench adviser {n}", "email_verified_at": datetime.datetime.now(datetime.timezone.utc)},
    )
    org, _ = AdviserOrganization.objects.get_or_create(
        name=f"{PREFIX}org-{n}", defaults={"kind": AdviserOrganization.Kind.SHOKOKAI, "prefecture": "13"}
    )
    AdviserMembership.objects.get_or_create(organization=org, user=user, defaults={"role": Role.EDITOR})
    ids = _clients(n, user)
    linked = set(SupportLink.objects.filter(organization=org).values_list("company_id", flat=True))
    SupportLink.objects.bulk_create(
        [SupportLink(company_id=pk, organization=org, status=SupportLink.Status.ACCEPTED) for pk in ids if pk not in linked],
        batch_size=1000,
    )
    return user, org


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed_get(client, url, counter=None):
    start, start_cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    body = response.content
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    assert response.status_code == 200, (url, response.status_code)
    return wall * 1000, cpu * 1000, body


def summary(values):
    ordered = sorted(values)
    return _setup.percentile(ordered, 50), _setup.percentile(ordered, 95)


def main():
    args = parse_args()
    settings_dict = _setup.setup(quiet=True, needs_pack="dx_maturity")
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from dxnavi.orgs.models import AuditEvent

    print(f"database: {_setup.server_version(connection)} ({settings_dict['NAME']})")
    sizes = sorted(int(s) for s in args.sizes.split(",") if s)
    orgs = {n: adviser_with_clients(n) for n in sizes}
    user, org = orgs[sizes[-1]]
    if connection.vendor == "postgresql":
        # Earlier runs leave dead audit rows (every list view updates its 50 LIST rows); start clean.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    adviser = Client()
    adviser.force_login(user)
    anonymous = Client()
    pages = {
        "login (GET)": (anonymous, reverse("accounts:login")),
        f"client list ({PAGE_ROWS} of {sizes[-1]} rows)": (adviser, reverse("orgs:adviser_org", args=[org.pk])),
    }
    for client, url in pages.values():
        for _ in range(args.warmup):
            timed_get(client, url)
    queries = {}
    sizes_bytes = {}
    for name, (client, url) in pages.items():
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            _w, _c, body = timed_get(client, url)
        queries[name], sizes_bytes[name] = counter.count, len(body)
    wall = {name: [] for name in pages}
    cpu = {name: [] for name in pages}
    for _ in range(args.runs):  # interleaved: both pages see the same machine load
        for name, (client, url) in pages.items():
            w, c, _body = timed_get(client, url)
            wall[name].append(w)
            cpu[name].append(c)
    login_cpu = summary(cpu["login (GET)"])[0]
    for name in pages:
        c50, c95 = summary(cpu[name])
        w50, w95 = summary(wall[name])
        print(
            f"{name:<28} CPU p50 {c50:6.2f}  p95 {c95:6.2f} ms | wall p50 {w50:6.2f}  p95 {w95:6.2f} ms | "
            f"{queries[name]:>2} queries | {sizes_bytes[name] / 1024:.0f} KB | CPU ×{c50 / login_cpu:.2f} login"
        )
    ratio = summary(cpu[list(pages)[1]])[0] / login_cpu
    print(f"list CPU p50 ≤ {LIST_TARGET_RATIO}× login (≈ 3× the floor): {'MET' if ratio <= LIST_TARGET_RATIO else 'NOT MET'}")

    for n in sizes:
        export_user, export_org = orgs[n]
        client = Client()
        client.force_login(export_user)
        url = reverse("orgs:adviser_clients_xlsx", args=[export_org.pk])
        walls, cpus = [], []
        counter = QueryCounter()
        for _run in range(args.export_runs):
            with connection.execute_wrapper(counter):
                w, c, body = timed_get(client, url)
            walls.append(w / 1000)
            cpus.append(c / 1000)
        AuditEvent.objects.filter(organization=export_org, action=AuditEvent.Action.EXPORT).delete()
        best = min(walls)
        verdict = "MET" if max(walls) <= EXPORT_TARGET_S else "NOT MET"
        print(
            f"export {n:>5} clients: wall min {best:.2f} s  max {max(walls):.2f} s | CPU min {min(cpus):.2f} s | "
            f"{counter.count // args.export_runs} queries | {len(body) / 1024:.0f} KB"
            + (f" | target ≤ {EXPORT_TARGET_S:.0f} s: {verdict}" if n >= 5000 else "")
        )


if __name__ == "__main__":
    main()
