"""Cost at the current data size: submission, result page, the adviser list of 5,000 clients and their export (issue #11).

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/floor_bench .venv/bin/python manage.py generate_synthetic \\
        --companies 20000 --assessments 200000 --answers latest --seed 42 --adviser-clients 5000
    DATABASE_URL=... .venv/bin/python bench/scale.py [--n 200] [--export-runs 3]

Run it at 20k, 100k and 1M companies: the targets hold at every size when cost does not grow with
the platform. Measured in this process, like the other bench scripts (the whole middleware stack
through Django's test Client, force_login; DXNAVI_DEBUG=0):
- submission: the service path of bench/selfcheck_submit.py (start → 25 answers → complete → peer
  percentile) on random synthetic companies;                                   target p95 ≤ 50 ms
- result page: GET of a random synthetic company's latest self-check result as its owner;
                                                                               target p95 ≤ 150 ms
- adviser list: GET of a random page (50 rows) of the client list of the adviser organization of
  ``generate_synthetic --adviser-clients`` (created here on the existing synthetic companies when
  missing), as its owner;                                                      target p95 ≤ 150 ms
- export: GET of that organization's clients.xlsx (all its clients);          target ≤ 10 s each
Prints p50/p95 (ms), the data size, and MET/MISSED per target.
"""

import argparse
import random
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402
import selfcheck_submit  # noqa: E402

TARGETS_MS = {"submission": 50.0, "result page": 150.0, "adviser list": 150.0}
EXPORT_TARGET_S = 10.0
RESULT_EMAIL = "bench-scale@synthetic.invalid"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="timed requests per measurement (default 200)")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--export-runs", type=int, default=3, help="timed exports (default 3)")
    parser.add_argument("--clients", type=int, default=5000, help="adviser clients when the organization is created here")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args()


def summary_ms(seconds):
    ordered = sorted(s * 1000 for s in seconds)
    return {"n": len(ordered), **{p: _setup.percentile(ordered, p) for p in (50, 95, 100)}}


def timed_gets(client, urls, warmup):
    for url in urls[:warmup]:
        assert client.get(url).status_code == 200, url
    out = []
    for url in urls[warmup:]:
        start = time.perf_counter()
        response = client.get(url)
        out.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return out


def adviser_org(n_clients):
    """The bench adviser organization and its owner; created on the existing synthetic companies when missing."""
    from dxnavi.accounts.models import User
    from dxnavi.assessments.management.commands import generate_synthetic as gs
    from dxnavi.orgs.models import AdviserOrganization, Company

    org = AdviserOrganization.objects.filter(name=gs.ADVISER_ORG_NAME).first()
    if org is None:
        first = Company.objects.filter(name__startswith=gs.SYNTHETIC_PREFIX).order_by("pk").values_list("pk", flat=True).first()
        available = Company.objects.filter(name__startswith=gs.SYNTHETIC_PREFIX).count()
        gs.Command().adviser(first, min(n_clients, available))
        org = AdviserOrganization.objects.get(name=gs.ADVISER_ORG_NAME)
    return org, User.objects.get(email=gs.ADVISER_EMAIL)


def main():
    args = parse_args()
    warnings.filterwarnings("ignore", message="No directory at")
    _setup.setup(quiet=True)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from dxnavi.accounts.models import User
    from dxnavi.assessments import services
    from dxnavi.assessments.management.commands.generate_synthetic import SYNTHETIC_PREFIX
    from dxnavi.assessments.models import Answer, Assessment
    from dxnavi.orgs.models import Company, CompanyMembership, Role, SupportLink

    synthetic = list(Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).values_list("pk", flat=True))
    if not synthetic:
        print("no synthetic companies: run manage.py generate_synthetic first", file=sys.stderr)
        return 2
    org, adviser = adviser_org(args.clients)
    clients = SupportLink.objects.filter(organization=org, status=SupportLink.Status.ACCEPTED).count()
    size_bytes = _setup.database_size(connection)
    print(f"database: {_setup.server_version(connection)} ({connection.settings_dict['NAME']})")
    print(
        f"data: {Company.objects.count():,} companies ({len(synthetic):,} synthetic), {Assessment.objects.count():,} "
        f"assessments, {Answer.objects.count():,} answers, {size_bytes / 2**30:.2f} GiB; adviser {org.name}: "
        f"{clients:,} clients"
    )
    rng = random.Random(args.seed)
    total = args.warmup + args.n
    results = {}

    # submission (service path of bench/selfcheck_submit.py)
    user = User.objects.filter(email=RESULT_EMAIL).first() or User.objects.create_user(RESULT_EMAIL, name="bench")
    spec = services.current_pack(selfcheck_submit.PACK_ID).spec
    option_ids = {q["id"]: [o["id"] for o in spec.options_for(q)] for q in spec.questions}
    picks = rng.sample(synthetic, min(total, len(synthetic)))
    seconds, steps = [], [[] for _ in selfcheck_submit.STEPS]
    for i, company_id in enumerate(picks):
        answers = {qid: rng.choice(options) for qid, options in option_ids.items()}
        elapsed, parts, _peers = selfcheck_submit.submit(user, company_id, answers)
        if i >= args.warmup:
            seconds.append(elapsed)
            for step, part in zip(steps, parts):
                step.append(part)
    results["submission"] = summary_ms(seconds)
    submission_steps = ", ".join(
        f"{name} {summary_ms(v)[50]:.1f}/{summary_ms(v)[95]:.1f}" for name, v in zip(selfcheck_submit.STEPS, steps)
    )

    # result page: the latest self-check of random synthetic companies, as their owner
    companies = rng.sample(synthetic, min(total, len(synthetic)))
    CompanyMembership.objects.bulk_create(
        [CompanyMembership(company_id=pk, user=user, role=Role.OWNER) for pk in companies], ignore_conflicts=True
    )
    latest = dict(
        Assessment.objects.filter(company_id__in=companies, pack_family=selfcheck_submit.PACK_ID, is_latest=True).values_list(
            "company_id", "pk"
        )
    )
    client = Client()
    client.force_login(user)
    urls = [reverse("assessments:result", args=[pk, latest[pk]]) for pk in companies if pk in latest]
    results["result page"] = summary_ms(timed_gets(client, urls, args.warmup))

    # adviser list: random pages of 50
    adviser_client = Client()
    adviser_client.force_login(adviser)
    pages = max(1, -(-clients // 50))
    base = reverse("orgs:adviser_org", args=[org.pk])
    urls = [f"{base}?page={rng.randint(1, pages)}" for _ in range(total)]
    results["adviser list"] = summary_ms(timed_gets(adviser_client, urls, args.warmup))

    # export of every client
    export_url = reverse("orgs:adviser_clients_xlsx", args=[org.pk])
    exports = []
    for _ in range(args.export_runs):
        start = time.perf_counter()
        response = adviser_client.get(export_url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        exports.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code

    print(f"\n{'measurement':<14} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}  target")
    missed = []
    for name, s in results.items():
        met = s[95] <= TARGETS_MS[name]
        missed += [] if met else [name]
        print(
            f"{name:<14} {s['n']:>5} {s[50]:>9.1f} {s[95]:>9.1f} {s[100]:>9.1f}  p95 ≤ {TARGETS_MS[name]:.0f} ms: "
            f"{'MET' if met else 'MISSED'}"
        )
    print(f"  submission per step p50/p95 ms: {submission_steps}")
    worst = max(exports) if exports else float("nan")
    met = bool(exports) and worst <= EXPORT_TARGET_S
    missed += [] if met else ["export"]
    print(
        f"{'export':<14} {len(exports):>5} {'':>9} {'':>9} {worst * 1000:>9.0f}  each ≤ {EXPORT_TARGET_S:.0f} s: "
        f"{'MET' if met else 'MISSED'} ({clients:,} clients, {len(body) / 1024:,.0f} KB; runs "
        + ", ".join(f"{s:.2f} s" for s in exports)
        + ")"
    )
    print(f"targets missed: {', '.join(missed) if missed else 'none'}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
