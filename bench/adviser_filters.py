"""The adviser's client list with filters and sorting at 5,000 clients, and its filtered Excel export (issue #12).

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/list_bench .venv/bin/python bench/adviser_filters.py \
        [--runs 40] [--warmup 5] [--export-runs 2] [--cases default,stale_by_selfcheck,...]

Uses the synthetic adviser organization of ``generate_synthetic --adviser-clients 5000`` (``合成データ支援機関``,
its owner ``adviser@synthetic.dxnavi.invalid``; the bench copy of floor_bench has it) and prepares, once
and idempotently: three more members (``bench-filters-N@example.test``), a person in charge on two
clients of three (round robin), a draft DX stage diagnosis on every 13th client. Then, through Django's
test Client (the whole middleware stack, DXNAVI_DEBUG=0), each case's first page (50 rows) is requested
``--runs`` times after ``--warmup``; prints p50/p95 wall and CPU time, the queries, the rows it matched
and the page size; then the query count of one case with 10, 50 and 200 rows a page (must be equal),
and the export of the default list (5,000 rows) and of a filtered one. Targets (issue #12): list p95 ≤ 150 ms
server time, export of 5,000 clients ≤ 10 s.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

ORG_NAME = "合成データ支援機関"
PREFIX = "bench-filters-"
LIST_TARGET_MS = 150.0
EXPORT_TARGET_S = 10.0

CASES = {
    "default": "",
    "sort_selfcheck_desc": "sort=-security_selfcheck",
    "sort_last_activity_desc": "sort=-last_activity",
    "industry_E_sort_maturity": "industry=E&sort=dx_maturity",
    "prefecture_13_small": "prefecture=13&sme=small",
    "size_21_50_sort_employees_desc": "size=21-50&sort=-employees",
    "stale_by_selfcheck": "status=no_recent_selfcheck&sort=security_selfcheck",
    "draft_sort_stage_desc": "status=draft&sort=-dx_stage",
    "unassigned_sort_prefecture": "status=none&sort=prefecture",
    "assignee_sort_assignee": "assignee={member}&sort=-assignee",
    "band_insufficient_stage2_sort_activity": "selfcheck_band=insufficient&dx_stage=stage2&sort=-last_activity",
    "maturity_level1_sort_name_desc": "dx_maturity=1&sort=-name",
    "security_action_none": "security_action=0",
    "security_action_one_star": "security_action=1&sort=-security_selfcheck",
    "search_name": "q=00&sort=-dx_maturity",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--export-runs", type=int, default=2)
    parser.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    return parser.parse_args()


def prepare():
    """The organization, its owner, and the members, persons in charge and drafts described above."""
    import datetime

    from django.db import transaction

    from dxnavi.accounts.models import User
    from dxnavi.assessments.models import Assessment, QuestionnairePack
    from dxnavi.orgs import data_stamp
    from dxnavi.orgs.models import AdviserMembership, AdviserOrganization, Role, SupportLink

    org = AdviserOrganization.objects.get(name=ORG_NAME)
    owner = AdviserMembership.objects.filter(organization=org, role=Role.OWNER).select_related("user").first().user
    members = []
    now = datetime.datetime.now(datetime.timezone.utc)
    for n in range(3):
        user, _ = User.objects.get_or_create(
            email=f"{PREFIX}{n}@example.test", defaults={"name": f"担当 {n}", "email_verified_at": now}
        )
        AdviserMembership.objects.get_or_create(organization=org, user=user, defaults={"role": Role.EDITOR})
        members.append(user)
    links = list(SupportLink.objects.filter(organization=org, status="accepted").order_by("company_id").values_list("pk", "company_id"))
    with transaction.atomic():
        if not SupportLink.objects.filter(organization=org, assignee__isnull=False).exists():
            for i, (pk, _company) in enumerate(links):
                if i % 3:
                    SupportLink.objects.filter(pk=pk).update(assignee=members[i % 3])
        pack = QuestionnairePack.objects.filter(pack_id="dx_stage").order_by("-pk").first()
        have = set(Assessment.objects.filter(pack_family="dx_stage", status="draft").values_list("company_id", flat=True))
        drafts = [
            Assessment(company_id=company, pack=pack, pack_family="dx_stage", status=Assessment.Status.DRAFT)
            for i, (_pk, company) in enumerate(links) if i % 13 == 0 and company not in have
        ]
        Assessment.objects.bulk_create(drafts, batch_size=1000)
        for draft in drafts:
            data_stamp.bump(draft.company_id)
        _results(links, now)
    return org, owner, members


def _results(links, now):
    """Latest DX stage (every 2nd client) and DX maturity (every 3rd) results, when the synthetic data has
    none (generate_synthetic makes self-checks only): the columns' sorts and filters then have values."""
    import datetime

    from dxnavi.assessments.models import Assessment, QuestionnairePack
    from dxnavi.orgs.models import Company

    for family, every in (("dx_stage", 2), ("dx_maturity", 3)):
        clients = [company for _pk, company in links]
        if Assessment.objects.filter(pack_family=family, is_latest=True, company_id__in=clients).count() > len(clients) // 10:
            continue
        pack = QuestionnairePack.objects.filter(pack_id=family).order_by("-pk").first()
        have = set(Assessment.objects.filter(pack_family=family, is_latest=True).values_list("company_id", flat=True))
        companies = Company.objects.in_bulk(
            [company for i, (_pk, company) in enumerate(links) if i % every == 0 and company not in have]
        )
        rows = []
        for i, company in enumerate(companies.values()):
            stage = 1 + i % 4
            total = stage if family == "dx_stage" else (i * 37) % 500
            rows.append(Assessment(
                company=company, pack=pack, pack_family=family, status=Assessment.Status.COMPLETED,
                completed_at=now - datetime.timedelta(days=i % 400), total_score=total,
                band_id=f"stage{stage}" if family == "dx_stage" else f"level{total // 100}",
                score_details={"stage": f"stage{stage}"} if family == "dx_stage" else {},
                industry_major=company.industry_major, size_band=company.size_band, prefecture=company.prefecture,
                is_latest=True,
            ))  # fmt: skip
        Assessment.objects.bulk_create(rows, batch_size=1000)


def main():
    args = parse_args()
    settings_dict = _setup.setup(quiet=True, needs_pack="dx_maturity")
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from django.http import QueryDict

    from dxnavi.orgs import client_list
    from dxnavi.orgs.client_filters import ClientQuery
    from dxnavi.orgs.models import AuditEvent

    print(f"database: {_setup.server_version(connection)} ({settings_dict['NAME']}), "
          f"{_setup.database_size(connection) / 1e6:,.0f} MB")
    org, owner, members = prepare()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    client = Client()
    client.force_login(owner)
    base = reverse("orgs:adviser_org", args=[org.pk])
    wanted = [c for c in args.cases.split(",") if c] or list(CASES)
    print(f"client list of {org.name}, {client_list.PAGE_SIZE} rows a page; {args.runs} runs after {args.warmup} warm-up each")
    worst = 0.0
    for name in wanted:
        query = CASES[name].format(member=members[1].pk)
        url = f"{base}?{query}" if query else base
        wall, cpu, queries, response = _setup.timed_gets(client, connection, url, args.runs, args.warmup)
        body = response.content.decode()
        rows = body.count("<tr><td><a href=")
        member_ids = [m.user_id for m in org.memberships.all()]
        matched = client_list.clients(owner, org, ClientQuery.from_params(QueryDict(query), member_ids)).count()
        w50, w95 = _setup.percentile(wall, 50), _setup.percentile(wall, 95)
        worst = max(worst, w95)
        print(
            f"{name:<34} wall p50 {w50:6.1f}  p95 {w95:6.1f} ms | CPU p50 {_setup.percentile(cpu, 50):6.1f} ms | "
            f"{len(queries):>2} queries | {rows:>2} rows of {matched:>5} | "
            f"{len(body) / 1024:.0f} KB"
        )
    print(f"list p95 ≤ {LIST_TARGET_MS:.0f} ms in every case: {'MET' if worst <= LIST_TARGET_MS else 'NOT MET'} (worst {worst:.1f} ms)")

    # Queries do not depend on the page size.
    counts = {}
    original = client_list.PAGE_SIZE
    try:
        for size in (10, 50, 200):
            client_list.PAGE_SIZE = size
            url = f"{base}?{CASES['stale_by_selfcheck']}"
            _w, _c, queries, response = _setup.timed_gets(client, connection, url, 1, 1)
            counts[size] = (len(queries), response.content.decode().count("<tr><td><a href="))
    finally:
        client_list.PAGE_SIZE = original
    same = len({q for q, _rows in counts.values()}) == 1
    print("queries by page size: " + ", ".join(f"{s} rows a page → {q} queries ({r} rows)" for s, (q, r) in counts.items())
          + f" | independent of the page size: {'YES' if same else 'NO'}")

    for label, query in (("all clients", ""), ("filtered: stale, by self-check", CASES["stale_by_selfcheck"])):
        url = reverse("orgs:adviser_clients_xlsx", args=[org.pk]) + (f"?{query}" if query else "")
        walls, cpus, size = [], [], 0
        for _run in range(args.export_runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            size = len(response.content)
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - start_cpu)
            assert response.status_code == 200
        AuditEvent.objects.filter(organization=org, action=AuditEvent.Action.EXPORT).delete()
        print(
            f"export ({label}): wall min {min(walls):.2f} s  max {max(walls):.2f} s | CPU min {min(cpus):.2f} s | "
            f"{size / 1024:.0f} KB | target ≤ {EXPORT_TARGET_S:.0f} s: {'MET' if max(walls) <= EXPORT_TARGET_S else 'NOT MET'}"
        )


if __name__ == "__main__":
    main()
