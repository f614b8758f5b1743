"""Benchmark: a whole security self-check submitted through the public API vs the service path (issue #13).

    PGPASSWORD=postgres createdb -h 127.0.0.1 -U postgres -T scale_20k api_bench_assess
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/api_bench_assess .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/api_bench_assess .venv/bin/python bench/api_submission.py --n 200

One interleaved run (the machine is shared, so both paths see the same load): each round submits one
self-check through the API and one through the services, in alternating order, each on a different
random synthetic company (``manage.py generate_synthetic``), with random answers:

- API path: through Django's WSGI handler in-process (``dxnavi.wsgi.application`` driven by werkzeug's
  test client: every middleware, authentication by a write token, rate limits, ETags, audit), no socket:
  POST /assessments (start) → PATCH …/answers (all 25) → POST …/complete → GET …/result;
- service path: the same steps calling the services directly, as the views do (autocommit, each call its
  own transaction): load the company → services.begin → services.save_answers → services.complete →
  services.result (band, parts, the previous result, the peer comparison).

Prints the database, the data size, p50/p95/p99/max of each path, per-step p50/p95, queries per
submission, the p95 ratio and whether API p95 ≤ 2 × service p95. Every round adds two completed
assessments to synthetic companies (``generate_synthetic --purge`` removes them).
"""

import argparse
import json
import os
import random
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

PACK_ID = "security_selfcheck"
BENCH_EMAIL = "bench-api-user@synthetic.invalid"
TARGET_RATIO = 2.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="timed rounds, one submission of each path per round (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed rounds first (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="choice of companies and answers")
    parser.add_argument("--check", action="store_true", help="exit 1 when API p95 > 2 × service p95")
    return parser.parse_args()


def ms(values_s: list[float]) -> dict:
    ordered = sorted(v * 1000 for v in values_s)
    return {p: _setup.percentile(ordered, p) for p in (50, 95, 99, 100)}


def fmt(summary: dict) -> str:
    return f"p50 {summary[50]:.1f}  p95 {summary[95]:.1f}  p99 {summary[99]:.1f}  max {summary[100]:.1f}"


def main():
    args = parse_args()
    warnings.filterwarnings("ignore", message="No directory at")
    # The rounds send 3 writes each, far above a person's per-minute write limit: lift it for the run.
    os.environ.setdefault("DXNAVI_API_RATE_WRITE_PER_MINUTE", "1000000")
    os.environ.setdefault("DXNAVI_API_RATE_READ_PER_MINUTE", "1000000")
    _setup.setup(quiet=True)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from werkzeug.test import Client as WsgiClient

    from dxnavi.accounts.models import User
    from dxnavi.api import tokens
    from dxnavi.assessments import services
    from dxnavi.assessments.management.commands.generate_synthetic import SYNTHETIC_PREFIX
    from dxnavi.assessments.models import Answer, Assessment
    from dxnavi.orgs.models import Company, CompanyMembership, Role
    from dxnavi.orgs.scoping import CompanyAccess
    from dxnavi.wsgi import application

    print(f"database: {connection.settings_dict['NAME']} ({_setup.server_version(connection)})")
    synthetic_ids = list(Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).values_list("pk", flat=True))
    if not synthetic_ids:
        print("no synthetic companies: run manage.py generate_synthetic first", file=sys.stderr)
        return 2
    sizes = {
        "companies": Company.objects.count(), "synthetic companies": len(synthetic_ids),
        "assessments": Assessment.objects.count(), "answers": Answer.objects.count(),
    }
    size_bytes = _setup.database_size(connection)
    print("data: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()) + f", database size {size_bytes / 2**30:.2f} GiB")

    spec = services.current_pack(PACK_ID).spec
    option_ids = {q["id"]: [o["id"] for o in spec.options_for(q)] for q in spec.questions}
    rng = random.Random(args.seed)
    rounds = args.warmup + args.n + 1
    picks = rng.sample(synthetic_ids, 2 * rounds)
    # Companies with a draft of the pack would be resumed (200), not started: take those without.
    drafts = set(Assessment.objects.filter(company_id__in=picks, pack_family=PACK_ID, status="draft").values_list("company_id", flat=True))
    picks = [c for c in picks if c not in drafts]
    if len(picks) < 2 * rounds:
        picks += rng.sample([c for c in synthetic_ids if c not in drafts and c not in picks], 2 * rounds - len(picks))
    api_ids, service_ids = picks[:rounds], picks[rounds : 2 * rounds]

    def answers():
        return {qid: rng.choice(options) for qid, options in option_ids.items()}

    user = User.objects.filter(email=BENCH_EMAIL).first() or User.objects.create_user(BENCH_EMAIL, name="bench api")
    CompanyMembership.objects.bulk_create(
        [CompanyMembership(company_id=cid, user=user, role=Role.OWNER) for cid in picks], ignore_conflicts=True
    )
    token = tokens.create_token(user, name="bench", scope="write", days=30).plaintext
    client = WsgiClient(application)
    auth = {"Authorization": f"Bearer {token}"}

    def api_submit(company_id, given):
        base = f"/api/v1/companies/{company_id}/assessments"
        t = [time.perf_counter()]
        response = client.post(base, json={"pack_id": PACK_ID}, headers=auth)
        assert response.status_code == 201, (response.status_code, response.get_data(as_text=True))
        assessment_id = response.get_json()["id"]
        t.append(time.perf_counter())
        response = client.patch(f"{base}/{assessment_id}/answers", json={"answers": given}, headers=auth)
        assert response.status_code == 200, response.get_data(as_text=True)
        t.append(time.perf_counter())
        response = client.post(f"{base}/{assessment_id}/complete", headers=auth)
        assert response.status_code == 200, response.get_data(as_text=True)
        t.append(time.perf_counter())
        response = client.get(f"{base}/{assessment_id}/result", headers=auth)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = json.loads(response.get_data())
        t.append(time.perf_counter())
        return t[-1] - t[0], [b - a for a, b in zip(t, t[1:])], body

    def service_submit(company_id, given):
        t = [time.perf_counter()]
        company = Company.objects.get(pk=company_id)
        access = CompanyAccess(company=company, via="member", role=Role.OWNER)
        assessment, created = services.begin(company, PACK_ID, user, access)
        assert created
        t.append(time.perf_counter())
        services.save_answers(assessment, given, user, access)
        t.append(time.perf_counter())
        assessment = services.complete(assessment, user, access)
        t.append(time.perf_counter())
        r = services.result(assessment)
        t.append(time.perf_counter())
        return t[-1] - t[0], [b - a for a, b in zip(t, t[1:])], r

    api_queue, service_queue = iter(api_ids), iter(service_ids)
    for i in range(args.warmup):
        api_submit(next(api_queue), answers())
        service_submit(next(service_queue), answers())
    with CaptureQueriesContext(connection) as captured:
        api_submit(next(api_queue), answers())
    api_queries = len(captured.captured_queries)
    with CaptureQueriesContext(connection) as captured:
        service_submit(next(service_queue), answers())
    service_queries = len(captured.captured_queries)

    api_totals, service_totals = [], []
    api_steps, service_steps = [[] for _ in range(4)], [[] for _ in range(4)]
    shown = {"api": 0, "service": 0}
    for i in range(args.n):
        order = ("api", "service") if i % 2 == 0 else ("service", "api")
        for path in order:
            if path == "api":
                total, steps, body = api_submit(next(api_queue), answers())
                api_totals.append(total)
                shown["api"] += bool(body["peers"]["shown"])
                for k, s in enumerate(steps):
                    api_steps[k].append(s)
            else:
                total, steps, r = service_submit(next(service_queue), answers())
                service_totals.append(total)
                shown["service"] += bool(r.peers.shown)
                for k, s in enumerate(steps):
                    service_steps[k].append(s)

    api, service = ms(api_totals), ms(service_totals)
    ratio = api[95] / service[95]
    print(f"\ninterleaved rounds: n={args.n} after {args.warmup} warm-up (alternating which path goes first), ms")
    print(f"API path (WSGI handler in-process: POST start → PATCH answers ×25 → POST complete → GET result):\n  {fmt(api)}")
    names = ("start", "answers", "complete", "result")
    print("  per step p50/p95 ms: " + ", ".join(f"{n} {ms(v)[50]:.1f}/{ms(v)[95]:.1f}" for n, v in zip(names, api_steps)))
    print(f"  queries per submission: {api_queries}; peer comparison shown: {shown['api']}/{args.n}")
    print(f"service path (company → begin → save_answers ×25 → complete → result):\n  {fmt(service)}")
    print("  per step p50/p95 ms: " + ", ".join(f"{n} {ms(v)[50]:.1f}/{ms(v)[95]:.1f}" for n, v in zip(names, service_steps)))
    print(f"  queries per submission: {service_queries}; peer comparison shown: {shown['service']}/{args.n}")
    met = ratio <= TARGET_RATIO
    print(f"\nratio API p95 / service p95: {ratio:.2f} (p50 ratio {api[50] / service[50]:.2f}); "
          f"target ≤ {TARGET_RATIO:.0f}×: {'MET' if met else 'NOT MET'}")
    return 1 if args.check and not met else 0


if __name__ == "__main__":
    sys.exit(main())
