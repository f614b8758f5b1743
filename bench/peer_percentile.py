"""Benchmark: the peer percentile at groups of 100, 10,000 and 1,000,000 latest results (issue #11).

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/hist_bench .venv/bin/python bench/peer_percentile.py

The database must be a dedicated one (created if missing, migrated, content loaded). Each group
size N gets its own pack family ``bench_peers_<N>`` (the ``pack`` row is the self-check's; peers
only look at the family), so the groups do not mix. The subject company is alone in its
industry, so its three narrower groups hold 1 company and the comparison falls back to
"all" with N results: the worst case for the former counting query (4 COUNTs, the last over N rows).

- N ≤ ``--real-max`` (default 10,000): N real latest ``Assessment`` rows (one per synthetic
  company, random industry/size/prefecture and score −25..100), histograms built by
  ``peer_histograms.rebuild`` from them. Both the histogram read (``services.peer_comparison``)
  and the former counting query (``tests/assessments/peer_reference.py``) are timed, and their
  results must be equal.
- N > ``--real-max`` (1,000,000): only the subject is a real row; the histogram rows are written
  directly for N synthetic latest results drawn the same way (every group of every level, so the
  histogram table has the size a 1M-result platform would have). The counting query has no rows to
  count there and is not timed (its cost at 1M is extrapolated in docs/performance.md from the
  measured ~linear growth).

Timed with time.perf_counter after warm-up; prints p50/p95 in ms, queries per call and, on
PostgreSQL, the server's execution time of those statements (EXPLAIN ANALYZE, median of 5).
"""

import argparse
import random
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

PACK_ID = "security_selfcheck"
SUBJECT_KEYS = {"industry_major": "A", "size_band": "6-20", "prefecture": "13"}
OTHER_INDUSTRIES = "BCDEFGHIJKLMNOPQRST"  # 日本標準産業分類 大分類 except the subject's
SCORES = range(-25, 101)  # the self-check's total score range


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,10000,1000000", help="group sizes (latest results), comma-separated")
    parser.add_argument("--real-max", type=int, default=10_000, help="largest size built from real Assessment rows")
    parser.add_argument("--n", type=int, default=300, help="timed calls per size and method (default 300)")
    parser.add_argument("--warmup", type=int, default=30, help="untimed calls first (default 30)")
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args()


def main():
    args = parse_args()
    warnings.filterwarnings("ignore", message="No directory at")
    _setup.setup(quiet=True)

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from dxnavi.assessments import peer_histograms, services
    from dxnavi.assessments.management.commands.generate_synthetic import SYNTHETIC_PREFIX
    from dxnavi.assessments.models import Assessment, PeerHistogram
    from dxnavi.orgs.domain.size import SIZE_BANDS
    from dxnavi.orgs.models import Company
    from tests.assessments.peer_reference import counted_peer_comparison

    sizes = [int(s) for s in args.sizes.split(",")]
    real_sizes = [s for s in sizes if s <= args.real_max]
    print(f"database: {connection.settings_dict['NAME']} ({_setup.server_version(connection)})")
    rng = random.Random(args.seed)
    bands = [band for band, _low, _high in SIZE_BANDS]
    prefectures = [f"{n:02d}" for n in range(1, 48)]
    pack = services.current_pack(PACK_ID)
    qn = connection.ops.quote_name

    def other_keys():
        return {
            "industry_major": rng.choice(OTHER_INDUSTRIES),
            "size_band": rng.choice(bands),
            "prefecture": rng.choice(prefectures),
        }

    # --- companies for the real rows (the synthetic ones; made here when too few) --------------
    needed = max(real_sizes, default=1)
    company_ids = list(
        Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).order_by("pk").values_list("pk", flat=True)[:needed]
    )
    if len(company_ids) < needed:
        print(f"creating {needed:,} synthetic companies (generate_synthetic --purge --companies {needed} --assessments {needed})")
        call_command("generate_synthetic", purge=True, companies=needed, assessments=needed, answers="none", stdout=sys.stderr)
        company_ids = list(
            Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).order_by("pk").values_list("pk", flat=True)[:needed]
        )

    # --- data per size -----------------------------------------------------------------------
    subjects = {}
    for size in sizes:
        family = f"bench_peers_{size}"
        t0 = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {qn(Assessment._meta.db_table)} WHERE pack_family = %s", [family])
            cursor.execute(f"DELETE FROM {qn(PeerHistogram._meta.db_table)} WHERE pack_family = %s", [family])
        common = {"pack": pack, "pack_family": family, "status": Assessment.Status.COMPLETED, "is_latest": True}
        subject = Assessment(company_id=company_ids[0], total_score=rng.choice(SCORES), **SUBJECT_KEYS, **common)
        if size in real_sizes:
            rows = [subject] + [
                Assessment(company_id=cid, total_score=rng.choice(SCORES), **other_keys(), **common)
                for cid in company_ids[1:size]
            ]
            Assessment.objects.bulk_create(rows, batch_size=5000)
            buckets = peer_histograms.rebuild(family)
            how = f"{size:,} real latest Assessment rows, histograms rebuilt from them ({buckets:,} buckets)"
        else:
            subject.save()
            counts = Counter()
            drawn = [(SUBJECT_KEYS, subject.total_score)] + [(other_keys(), rng.choice(SCORES)) for _ in range(size - 1)]
            for keys, score in drawn:
                for level, level_keys in peer_histograms.group_keys(keys):
                    counts[(level, *level_keys.values(), score)] += 1
            del drawn
            PeerHistogram.objects.bulk_create(
                (
                    PeerHistogram(
                        pack_family=family,
                        level=level,
                        industry_major=ind,
                        size_band=band,
                        prefecture=pref,
                        total_score=score,
                        count=n,
                    )
                    for (level, ind, band, pref, score), n in counts.items()
                ),
                batch_size=5000,
            )
            how = (
                f"1 real Assessment (the subject) + histogram rows written directly for {size:,} synthetic latest results "
                f"({len(counts):,} buckets); no Assessment rows to count"
            )
        subjects[size] = Assessment.objects.get(pk=subject.pk)
        print(f"size {size:>9,}: {how} ({time.perf_counter() - t0:.1f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Assessment, PeerHistogram):
                cursor.execute(f"VACUUM ANALYZE {qn(model._meta.db_table)}")
    print(
        f"histogram table: {PeerHistogram.objects.count():,} rows; latest assessments: "
        f"{Assessment.objects.filter(is_latest=True).count():,}; database size {_setup.database_size(connection) / 2**20:.0f} MiB"
    )

    # --- timing ------------------------------------------------------------------------------
    def db_ms(sqls):
        """Server-side execution time of the captured statements (EXPLAIN ANALYZE, median of 5), PostgreSQL only."""
        if connection.vendor != "postgresql":
            return float("nan")
        runs = []
        with connection.cursor() as cursor:
            for _ in range(5):
                total = 0.0
                for sql in sqls:
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                    total += cursor.fetchone()[0][0]["Execution Time"]
                runs.append(total)
        return sorted(runs)[2]

    def timed(function, subject):
        for _ in range(args.warmup):
            function(subject)
        with CaptureQueriesContext(connection) as captured:
            result = function(subject)
        samples = []
        for _ in range(args.n):
            t = time.perf_counter()
            function(subject)
            samples.append(time.perf_counter() - t)
        ordered = sorted(s * 1000 for s in samples)
        sqls = [q["sql"] for q in captured.captured_queries]
        return result, len(sqls), _setup.percentile(ordered, 50), _setup.percentile(ordered, 95), db_ms(sqls)

    print(
        f"\npeer_comparison of a subject alone in its industry (falls back to 'all' = the whole group), "
        f"n={args.n} after {args.warmup} warm-up, ms:"
    )
    header = (
        f"{'histogram p50':>13} {'p95':>7} {'queries':>7} {'db ms':>6} | "
        f"{'COUNT query p50':>15} {'p95':>7} {'queries':>7} {'db ms':>6}"
    )
    print(f"  {'group (latest results)':>24} | {header} | level")
    for size in sizes:
        subject = subjects[size]
        result, queries, p50, p95, db = timed(services.peer_comparison, subject)
        if size in real_sizes:
            old, old_queries, old_p50, old_p95, old_db = timed(counted_peer_comparison, subject)
            if old != result:
                raise SystemExit(f"bench: histogram result {result} differs from the counting query's {old}")
            old_text = f"{old_p50:>15.2f} {old_p95:>7.2f} {old_queries:>7} {old_db:>6.2f}"
        else:
            old_text = f"{'(no rows)':>15} {'':>7} {'':>7} {'':>6}"
        if not (result.shown and result.level == "all"):
            raise SystemExit(f"bench: expected the 'all' level, got {result}")
        new_text = f"{p50:>13.2f} {p95:>7.2f} {queries:>7} {db:>6.2f}"
        print(f"  {size:>24,} | {new_text} | {old_text} | {result.level}, percentile {result.percentile}")
    print(
        "\nhistogram: one query reading at most 4 × 126 buckets (the score range) whatever N; "
        "COUNT query: the former services._peer_counts, one COUNT per level over the latest results.\n"
        "p50/p95: wall time of the Python call (ms); db ms: PostgreSQL execution time of its statements "
        "(EXPLAIN ANALYZE, median of 5), which does not depend on the machine's other load as much."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
