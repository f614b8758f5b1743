"""Benchmark: one security self-check submission, as the server handles it (issue #3).

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/dxnavi_bench .venv/bin/python bench/selfcheck_submit.py --prepare
    DATABASE_URL=... .venv/bin/python manage.py generate_synthetic --companies 100000 --assessments 1000000 --seed 42
    DATABASE_URL=... .venv/bin/python bench/selfcheck_submit.py --n 500

The database must be a dedicated one (created if missing, migrated, content loaded; the test
suite's ``test`` database is refused). Each iteration takes a random synthetic company
(``manage.py generate_synthetic``) and runs what the server does for one submission, with the
views' transaction handling (autocommit; each service call is its own transaction):

    load the company → services.start_or_resume → services.save_answers (all 25 answers)
    → services.complete (score, latest flag) → services.peer_comparison (percentile)

timed with time.perf_counter; warm-up iterations are not counted. It prints the data size,
p50/p95/p99/max in ms, per-step p50/p95, queries per submission and whether p95 ≤ 50 ms.
Then, as information, the HTTP path through Django's test Client (force_login as an owner):
POST start, POST each part's answers, POST complete, GET the result page.

Every run adds one completed assessment per iteration to the synthetic companies it used
(``generate_synthetic --purge`` removes them with the rest).
"""

import argparse
import random
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

TARGET_P95_MS = 50.0
PACK_ID = "security_selfcheck"
BENCH_EMAIL = "bench-user@synthetic.invalid"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="timed service-path submissions (default 500)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed submissions first (default 20)")
    parser.add_argument("--http-n", type=int, default=None, help="timed HTTP-path submissions (default: --n; 0 skips)")
    parser.add_argument("--seed", type=int, default=1, help="choice of companies and answers")
    parser.add_argument("--prepare", action="store_true", help="only create/migrate/load the database, then exit")
    parser.add_argument("--check", action="store_true", help="exit 1 when the service-path p95 misses the target")
    return parser.parse_args()


def ms_summary(values_s: list[float]) -> dict:
    ordered = sorted(v * 1000 for v in values_s)
    return {p: _setup.percentile(ordered, p) for p in (50, 95, 99, 100)}


def fmt(summary: dict) -> str:
    return f"p50 {summary[50]:.1f}  p95 {summary[95]:.1f}  p99 {summary[99]:.1f}  max {summary[100]:.1f}"


STEPS = ("company", "start_or_resume", "save_answers", "complete", "peer_comparison")


def submit(user, company_id, answers):
    """One submission as the server runs it; returns (seconds, seconds per step of STEPS, peer comparison).

    Also used by bench/scale.py.
    """
    from dxnavi.assessments import services
    from dxnavi.orgs.models import Company, Role
    from dxnavi.orgs.scoping import CompanyAccess

    t = [time.perf_counter()]
    company = Company.objects.get(pk=company_id)
    access = CompanyAccess(company=company, via="member", role=Role.OWNER)
    t.append(time.perf_counter())
    assessment = services.start_or_resume(company, PACK_ID, user, access)
    t.append(time.perf_counter())
    services.save_answers(assessment, answers, user, access)
    t.append(time.perf_counter())
    assessment = services.complete(assessment, user, access)
    t.append(time.perf_counter())
    peers = services.peer_comparison(assessment)
    t.append(time.perf_counter())
    if not assessment.is_latest or assessment.total_score is None or not peers.shown:
        raise SystemExit(f"bench: unexpected result for company {company_id}: {assessment!r} {peers!r}")
    return t[-1] - t[0], [b - a for a, b in zip(t, t[1:])], peers


def main():
    args = parse_args()
    # WhiteNoise warns when collectstatic has not been run; irrelevant to the timings.
    warnings.filterwarnings("ignore", message="No directory at")
    _setup.setup(quiet=True)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dxnavi.accounts.models import User
    from dxnavi.assessments import services
    from dxnavi.assessments.management.commands.generate_synthetic import SYNTHETIC_PREFIX
    from dxnavi.assessments.models import Answer, Assessment
    from dxnavi.orgs.models import Company, CompanyMembership, Role

    db = connection.settings_dict
    print(f"database: {db['NAME']} ({_setup.server_version(connection)})")
    if args.prepare:
        print("prepared: migrated and content loaded. Next: manage.py generate_synthetic --companies N --assessments M")
        return 0

    # --- data size -------------------------------------------------------------------------
    synthetic_ids = list(Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).values_list("pk", flat=True))
    if not synthetic_ids:
        print("no synthetic companies: run manage.py generate_synthetic first", file=sys.stderr)
        return 2
    sizes = {
        "companies": Company.objects.count(),
        "synthetic companies": len(synthetic_ids),
        "assessments": Assessment.objects.count(),
        "latest": Assessment.objects.filter(pack_family=PACK_ID, is_latest=True).count(),
        "answers": Answer.objects.count(),
    }
    size_bytes = _setup.database_size(connection)
    print(
        "data: "
        + ", ".join(f"{k} {v:,}" for k, v in sizes.items())
        + f", database size {size_bytes / 2**30:.2f} GiB ({size_bytes:,} bytes)"
    )

    pack = services.current_pack(PACK_ID)
    spec = pack.spec
    option_ids = {q["id"]: [o["id"] for o in spec.options_for(q)] for q in spec.questions}
    rng = random.Random(args.seed)
    http_n = args.n if args.http_n is None else args.http_n
    needed = args.warmup + args.n + 1 + (args.warmup + http_n if http_n else 0)
    picks = rng.sample(synthetic_ids, needed) if needed <= len(synthetic_ids) else rng.choices(synthetic_ids, k=needed)

    def random_answers():
        return {qid: rng.choice(options) for qid, options in option_ids.items()}

    user = User.objects.filter(email=BENCH_EMAIL).first() or User.objects.create_user(BENCH_EMAIL, name="bench")

    # --- service path ----------------------------------------------------------------------
    steps = STEPS
    queue = iter(picks)
    for _ in range(args.warmup):
        submit(user, next(queue), random_answers())
    with CaptureQueriesContext(connection) as captured:
        submit(user, next(queue), random_answers())
    queries = len(captured.captured_queries)

    totals, per_step, levels = [], [[] for _ in steps], {}
    for _ in range(args.n):
        total, parts, peers = submit(user, next(queue), random_answers())
        totals.append(total)
        for i, seconds in enumerate(parts):
            per_step[i].append(seconds)
        levels[peers.level] = levels.get(peers.level, 0) + 1

    summary = ms_summary(totals)
    met = summary[95] <= TARGET_P95_MS
    print(
        f"\nservice path (company → start_or_resume → save_answers ×25 → complete → peer_comparison), "
        f"n={args.n} after {args.warmup} warm-up, ms:\n  {fmt(summary)}"
    )
    print(
        "  per step p50/p95 ms: "
        + ", ".join(f"{name} {ms_summary(v)[50]:.1f}/{ms_summary(v)[95]:.1f}" for name, v in zip(steps, per_step))
    )
    used = ", ".join(f"{k} {v}" for k, v in sorted(levels.items()))
    print(f"  queries per submission: {queries}; peer group level used: {used}")
    print(f"  target p95 ≤ {TARGET_P95_MS:.0f} ms: {'MET' if met else 'NOT MET'} (p95 {summary[95]:.1f} ms)")

    # --- HTTP path (information) -----------------------------------------------------------
    if http_n:
        from django.test import Client
        from django.urls import resolve, reverse

        from dxnavi.assessments.forms import FIELD_PREFIX

        http_ids = [next(queue) for _ in range(args.warmup + http_n)]
        CompanyMembership.objects.bulk_create(
            [CompanyMembership(company_id=cid, user=user, role=Role.OWNER) for cid in set(http_ids)], ignore_conflicts=True
        )
        client = Client()
        client.force_login(user)

        def submit_http(company_id, answers):
            t = [time.perf_counter()]
            response = client.post(reverse("assessments:start", args=[company_id, PACK_ID]))
            assert response.status_code == 302, response.status_code
            assessment_id = resolve(response.url).kwargs["assessment_id"]
            t.append(time.perf_counter())
            for part in spec.parts:
                data = {FIELD_PREFIX + q["id"]: answers[q["id"]] for q in part["questions"]}
                data["nav"] = "next"
                response = client.post(reverse("assessments:part", args=[company_id, assessment_id, part["id"]]), data)
                assert response.status_code == 302, response.status_code
            t.append(time.perf_counter())
            response = client.post(reverse("assessments:complete", args=[company_id, assessment_id]))
            assert response.status_code == 302 and "/result/" in response.url, response.status_code
            t.append(time.perf_counter())
            response = client.get(reverse("assessments:result", args=[company_id, assessment_id]))
            assert response.status_code == 200, response.status_code
            t.append(time.perf_counter())
            return t[-1] - t[0], [b - a for a, b in zip(t, t[1:])]

        http_queue = iter(http_ids)
        for _ in range(args.warmup):
            submit_http(next(http_queue), random_answers())
        http_totals, http_steps = [], [[] for _ in range(4)]
        for _ in range(http_n):
            total, parts = submit_http(next(http_queue), random_answers())
            http_totals.append(total)
            for i, seconds in enumerate(parts):
                http_steps[i].append(seconds)
        names = ("POST start", f"POST {len(spec.parts)} parts", "POST complete", "GET result")
        print(
            f"\nHTTP path, test Client (POST start → POST each part → POST complete → GET result), "
            f"n={http_n} after {args.warmup} warm-up, ms (information):\n  {fmt(ms_summary(http_totals))}"
        )
        print(
            "  per request group p50/p95 ms: "
            + ", ".join(f"{name} {ms_summary(v)[50]:.1f}/{ms_summary(v)[95]:.1f}" for name, v in zip(names, http_steps))
        )
    return 1 if args.check and not met else 0


if __name__ == "__main__":
    sys.exit(main())
