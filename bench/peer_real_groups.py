"""Benchmark: the peer percentile of real stored results whose group holds about 100, 10,000 and
all latest results (issue #11), on a database filled by ``generate_synthetic``.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/scale_bench .venv/bin/python bench/peer_real_groups.py

Unlike ``bench/peer_percentile.py`` (groups built for the benchmark), this picks companies of the
synthetic data as they are: for each target size it finds the group (any level) whose size is
nearest the target (group sizes are read from the histogram), takes a latest result in that group
and times ``peer_comparison`` on it. ``peer_comparison`` reads the counts of all four levels in one
statement, so every call also sums the "all" group (every latest result on the platform); the
sizes of the result's four groups are printed beside the timing.
Timed with time.perf_counter after warm-up; prints the group, its size, p50/p95 ms and queries per call.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

PACK = "security_selfcheck"


def nearest_rank(values, q):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(q * len(ordered) + 0.5)) - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", default="100,10000,all")
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    args = parser.parse_args()
    _setup.setup(quiet=True)
    from django.db import connection
    from django.db.models import Sum
    from django.test.utils import CaptureQueriesContext

    from dxnavi.assessments import services
    from dxnavi.assessments.domain import peers
    from dxnavi.assessments.models import Assessment, PeerHistogram

    latest = Assessment.objects.filter(pack_family=PACK, is_latest=True)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}); latest {PACK} results: {latest.count():,}")
    keys_of = dict(peers.LEVELS)
    sizes = {}  # level -> {group key tuple: size}
    for level, keys in peers.LEVELS:
        if not keys:  # the whole platform: one group
            total = PeerHistogram.objects.filter(pack_family=PACK, level=level).aggregate(n=Sum("count"))["n"] or 0
            sizes[level] = {(): total}
            continue
        rows = (
            PeerHistogram.objects.filter(pack_family=PACK, level=level)
            .values(*keys)
            .annotate(n=Sum("count"))
            .values_list(*keys, "n")
        )
        sizes[level] = {tuple(r[:-1]): r[-1] for r in rows}
    print(f"{'target':>8} | {'group sizes: industry+size+pref / industry+size / industry / all':<66} | {'level used':<24} | {'p50 ms':>7} {'p95 ms':>7} {'queries':>7}")
    for target in args.targets.split(","):
        want = sum(sizes["all"].values()) if target == "all" else int(target)
        level, key = min(((lv, k) for lv in sizes for k in sizes[lv]), key=lambda lk: abs(sizes[lk[0]][lk[1]] - want))
        candidate = latest.filter(**dict(zip(keys_of[level], key))).order_by("pk").first()
        for _ in range(args.warmup):
            services.peer_comparison(candidate)
        times = []
        with CaptureQueriesContext(connection) as ctx:
            for _ in range(args.n):
                t0 = time.perf_counter()
                result = services.peer_comparison(candidate)
                times.append((time.perf_counter() - t0) * 1000)
        groups = " / ".join(f"{sizes[lv].get(tuple(getattr(candidate, k) for k in keys_of[lv]), 0):,}" for lv, _k in peers.LEVELS)
        print(
            f"{target:>8} | {groups:<66} | {str(result.level):<24} | "
            f"{statistics.median(times):>7.2f} {nearest_rank(times, 0.95):>7.2f} {len(ctx.captured_queries) / args.n:>7.1f}"
        )

if __name__ == "__main__":
    main()
