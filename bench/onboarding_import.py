"""The client import (dxnavi.onboarding) at 10,000 rows: upload + check (the preview), commit, the
invitation e-mails, and the re-upload of the same file; peak memory of the process.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/import_bench .venv/bin/python bench/onboarding_import.py \
        [--rows 10000] [--existing 500] [--format xlsx|csv]

Creates an adviser organization ``bench-import-<run>`` and ``--existing`` companies already on the
instance (their rows become link requests), writes a file of ``--rows`` clients as the template has
them (XLSX by default), then times, through the services the views call (``JOB_ROWS`` raised so they
run in this process; in production a list this long runs them in a tracked job, the same code):

* upload = read the file + check every row with the single-client form + the bulk lookups → preview
* commit = lock, check every row again, ``orgs.services.register_clients`` (bulk inserts), one transaction
* mails = the invitation e-mails sent after the commit (locmem backend; a worker's work in production)
* re-upload = the same file again: every row "unchanged", nothing to commit

Prints wall and CPU seconds and queries of each step, and the peak RSS of the process
(``resource.getrusage``, maximum resident set size) before and after. Target: upload + commit
≤ 20 s and peak RSS ≤ 500 MB.
"""

import argparse
import io
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

TARGET_S = 20.0
TARGET_MB = 500


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--existing", type=int, default=500)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    return parser.parse_args()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_file(records, fmt: str) -> bytes:
    from tests.onboarding.helpers import csv_bytes, xlsx_bytes

    return xlsx_bytes(records) if fmt == "xlsx" else csv_bytes(records)


class Counter:
    """Queries (an ``executemany`` counts once) and the time spent waiting for them; the slowest few."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0
        self.slowest = []

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - start
            self.seconds += spent
            self.slowest = sorted([*self.slowest, (spent, sql[:70])], reverse=True)[:3]


def timed(label, function, connection):
    counter = Counter()
    start, start_cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        result = function()
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    print(f"{label:<10} wall {wall:6.2f} s  cpu {cpu:6.2f} s  queries {counter.queries:6,} ({counter.seconds:5.2f} s)  "
          f"peak RSS {peak_mb():6.0f} MB")
    if os.environ.get("BENCH_SLOWEST"):
        for spent, sql in counter.slowest:
            print(f"           {spent:6.2f} s  {sql}")
    return result, wall


def main():
    args = parse_args()
    os.environ["DXNAVI_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["DXNAVI_JOBS"] = "inprocess"
    _setup.setup(quiet=True)
    from django.core import mail
    from django.db import connection, transaction

    from dxnavi.onboarding import services
    from dxnavi.orgs.models import AdviserMembership, AdviserOrganization, Company
    from dxnavi.orgs.services import refresh_derived
    from tests.factories import UserFactory
    from tests.onboarding.helpers import number, row

    mail.outbox = []
    services.JOB_ROWS = 10**9  # in this process: the job runs the same functions
    run = int(time.time()) % 10**6
    organization = AdviserOrganization.objects.create(name=f"bench-import-{run}", kind="shokokai", prefecture="13")
    user = UserFactory(email=f"bench-import-{run}@example.test")
    AdviserMembership.objects.create(organization=organization, user=user, role="owner")
    base = run * 20_000  # fresh 法人番号 for every run
    existing = []
    for n in range(args.existing):
        company = Company(name=f"bench-import-existing-{run}-{n}", corporate_number=number(base + n), industry_major="E",
                          prefecture="13", employees=10)
        refresh_derived(company)
        existing.append(company)
    Company.objects.bulk_create(existing, batch_size=1000)
    records = [
        row(n, 会社名=f"bench-import-{run}-{n:05d}", 法人番号=number(base + n), 招待する経営者のメールアドレス=f"o{n}@r{run}.example.test")
        for n in range(args.rows)
    ]
    content = make_file(records, args.format)
    del records
    print(f"database: {_setup.server_version(connection)} ({connection.settings_dict['NAME']}); file: {args.format}, "
          f"{args.rows:,} rows ({args.existing:,} already on the instance), {len(content) / 1024:,.0f} KB")
    print(f"start      peak RSS {peak_mb():6.0f} MB")

    def upload():
        return services.upload(organization=organization, user=user, filename=f"bench.{args.format}", content=content,
                               site_url="https://dxnavi.example/", language="ja")

    batch, upload_s = timed("upload", upload, connection)
    assert batch.counts == {"invited": args.rows - args.existing, "requested": args.existing, "unchanged": 0, "error": 0,
                            "total": args.rows}, batch.counts

    def commit():
        # The mails are sent by on_commit callbacks; hold them to time them apart (a worker's job in production).
        with transaction.atomic():
            committed = services.commit(batch.pk, user=user)
            callbacks = list(connection.run_on_commit)
            connection.run_on_commit = []
        return committed, callbacks

    (committed, callbacks), commit_s = timed("commit", commit, connection)
    assert committed.status == "committed", committed.status

    def send():
        for _sids, callback, _robust in callbacks:
            callback()
        return len(mail.outbox)

    sent, _mail_s = timed("mails", send, connection)
    assert sent == args.rows - args.existing, sent
    again, _again_s = timed("re-upload", upload, connection)
    assert again.counts["unchanged"] == args.rows and not again.committable, again.counts
    total = upload_s + commit_s
    print(f"upload + commit: {total:.2f} s (target ≤ {TARGET_S:.0f} s) {'OK' if total <= TARGET_S else 'OVER'}; "
          f"peak RSS {peak_mb():.0f} MB (target ≤ {TARGET_MB} MB) {'OK' if peak_mb() <= TARGET_MB else 'OVER'}")
    print(f"database size: {_setup.database_size(connection) / 1024 / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
