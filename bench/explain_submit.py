"""Profile one security self-check submission: its queries, grouped and timed, and the plans of the hot ones.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/dxnavi_bench .venv/bin/python bench/explain_submit.py [--runs 20]

Runs --runs submissions exactly as bench/selfcheck_submit.py does (on random synthetic
companies), times every query with a connection execute_wrapper and prints, per statement
shape, how many ran per submission and their mean time. Then, on PostgreSQL, EXPLAIN
(ANALYZE, BUFFERS) of the peer COUNT queries, the is_latest UPDATE and the answer writes of
the last submission, each re-run inside a transaction that is rolled back.
"""

import argparse
import random
import re
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _setup  # noqa: E402

PACK_ID = "security_selfcheck"


def shape(sql: str) -> str:
    """The statement with literals replaced, so repeated queries group together."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r'SAVEPOINT "[^"]+"', "SAVEPOINT ?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    sql = re.sub(r"\((?:\?,\s*)+\?\)", "(…)", sql)
    return re.sub(r"\s+", " ", sql)[:160]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="No directory at")
    _setup.setup(quiet=True)

    import time

    from django.db import connection, transaction

    from dxnavi.accounts.models import User
    from dxnavi.assessments import services
    from dxnavi.assessments.management.commands.generate_synthetic import SYNTHETIC_PREFIX
    from dxnavi.orgs.models import Company, Role
    from dxnavi.orgs.scoping import CompanyAccess

    ids = list(Company.objects.filter(name__startswith=SYNTHETIC_PREFIX).values_list("pk", flat=True))
    if not ids:
        print("no synthetic companies: run manage.py generate_synthetic first", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    spec = services.current_pack(PACK_ID).spec
    user = User.objects.filter(email="bench-user@synthetic.invalid").first() or User.objects.create_user(
        "bench-user@synthetic.invalid", name="bench"
    )
    groups: dict[str, list[float]] = {}
    last: list[str] = []

    def timed(execute, sql, params, many, context):
        # Wall time of each statement as the application sees it (round trip included).
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - start) * 1000
            text = connection.ops.last_executed_query(context["cursor"].cursor, sql, params)
            last.append(text)
            groups.setdefault(shape(text), []).append(elapsed)
    for _ in range(args.runs):
        company = Company.objects.get(pk=rng.choice(ids))
        access = CompanyAccess(company=company, via="member", role=Role.OWNER)
        answers = {q["id"]: rng.choice([o["id"] for o in spec.options_for(q)]) for q in spec.questions}
        last.clear()
        with connection.execute_wrapper(timed):
            assessment = services.start_or_resume(company, PACK_ID, user, access)
            services.save_answers(assessment, answers, user, access)
            assessment = services.complete(assessment, user, access)
            services.peer_comparison(assessment)

    print(f"{len(last)} queries per submission; per statement shape over {args.runs} submissions:")
    print("  count/sub  mean ms  total ms/sub  statement")
    rows = sorted(groups.items(), key=lambda item: -sum(item[1]))
    for sql, times in rows:
        print(f"  {len(times) / args.runs:9.1f}  {sum(times) / len(times):7.2f}  {sum(times) / args.runs:12.2f}  {sql}")

    if connection.vendor != "postgresql":
        return 0
    hot = [
        sql
        for sql in last
        if re.search(
            r"COUNT\(|UPDATE .*assessments_assessment.*is_latest\" = false|assessments_answer|assessments_peerhistogram", sql, re.S
        )
        and not sql.startswith(("SAVEPOINT", "RELEASE"))
    ]
    seen = set()
    for sql in hot:
        key = shape(sql)
        if key in seen:
            continue
        seen.add(key)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SAVEPOINT explain_sp")
                try:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    plan = "\n    ".join(row[0] for row in cursor.fetchall())
                except Exception as error:  # e.g. the INSERT of an answer that now exists
                    plan = f"(not re-runnable: {error.__class__.__name__}: {str(error).splitlines()[0]})"
                cursor.execute("ROLLBACK TO SAVEPOINT explain_sp")
        print(f"\n{sql[:400]}\n    {plan}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
