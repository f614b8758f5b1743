"""Back up the test database with the real tools, restore it into a second database, verify_restore it.

The SQLite suite runs the backup-API variant (what docs/operations.md prescribes for small installs),
the PostgreSQL suite the pg_dump/pg_restore variant. Both need committed rows that another process
(pg_dump) or another connection can see, hence transaction=True.
"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from psycopg import sql

from dxnavi.orgs.models import Company
from tests.assessments.helpers import all_answers, complete_with, draft_with, member_access
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member

pytestmark = pytest.mark.django_db(transaction=True)


def make_data():
    """Content packs, the demo company, and two more companies with self-check answers and an adviser link."""
    call_command("load_content", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    with transaction.atomic():
        first, second = CompanyFactory(name="バックアップ工業株式会社"), CompanyFactory(name="復元商事株式会社")
        owner = member(first, role="owner")
        member(second, user=UserFactory(email="second@example.test"), role="owner")
        link(first, AdviserOrganizationFactory(name="検証商工会"), adviser=UserFactory(email="adviser@example.test"))
        complete_with(first, all_answers("yes"), user=owner, access=member_access(first))
        draft_with(second, {"SC01": "partial", "SC02": "no"}, access=member_access(second))


def expected_totals() -> tuple[int, int]:
    """Tables and rows of the default database, counted independently of verify_restore."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        rows = 0
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            rows += cursor.fetchone()[0]
    return len(tables), rows


def verify(url: str, *extra: str) -> str:
    out = StringIO()
    call_command("verify_restore", "--against", url, *extra, stdout=out)
    return out.getvalue()


def verify_failing(url: str) -> tuple[dict, CommandError]:
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_restore", "--against", url, "--json", stdout=out)
    return json.loads(out.getvalue()), failure.value


# --- SQLite: Python's sqlite3.Connection.backup ------------------------------------------------


def test_sqlite_backup_restored_copy_identical_then_changed_row_differs(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite backup-API variant: runs in the SQLite suite; this suite runs the pg_dump variant")
    make_data()
    copy_path = tmp_path / "restored.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy_path)
    connection.connection.backup(target)
    target.close()
    url = f"sqlite:///{copy_path}"

    tables, rows = expected_totals()
    output = verify(url)
    assert rows > 200
    assert output.splitlines()[-1] == f"identical: {tables} tables, {rows} rows"
    companies = Company.objects.count()  # the demo company, its demo peers and the two made here
    assert re.search(rf"^orgs_company +{companies} +[0-9a-f]{{12}} +{companies} +[0-9a-f]{{12}} +ok$", output, re.M) is not None

    with sqlite3.connect(copy_path) as db:
        db.execute("UPDATE orgs_company SET name = name || '（改）' WHERE name = '復元商事株式会社'")
        db.execute("DELETE FROM assessments_answer WHERE id = (SELECT MAX(id) FROM assessments_answer)")
    db.close()
    report, error = verify_failing(url)
    assert error.returncode == 1
    assert report["summary"]["differing"] == ["assessments_answer", "orgs_company"]
    statuses = {t["table"]: t["status"] for t in report["tables"] if t["status"] != "ok"}
    assert statuses == {"assessments_answer": "rows differ", "orgs_company": "checksum differs"}


# --- PostgreSQL: pg_dump --format=custom, pg_restore into an empty database ---------------------


def _skip_or_fail(reason: str):
    if os.environ.get("DXNAVI_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (required by the test command)")
    pytest.skip(reason)


def _major(version_text: str) -> int:
    return int(re.search(r"(\d+)", version_text).group(1))


def _pg_env() -> dict[str, str]:
    s = connection.settings_dict
    env = {**os.environ, "PGHOST": s["HOST"] or "localhost", "PGPORT": str(s["PORT"] or 5432), "PGUSER": s["USER"]}
    env["PGPASSWORD"] = s["PASSWORD"] or ""
    return env


def _run(*command: str) -> subprocess.CompletedProcess:
    done = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    assert done.returncode == 0, f"{command[0]} failed: {done.stderr}"
    return done


def _maintenance():
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "localhost", port=s["PORT"] or 5432, user=s["USER"], password=s["PASSWORD"],
        dbname="postgres", autocommit=True,
    )


def _url(dbname: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{dbname}"


def _sql_on(dbname: str, statement: str) -> int:
    s = connection.settings_dict
    with psycopg.connect(
        host=s["HOST"] or "localhost", port=s["PORT"] or 5432, user=s["USER"], password=s["PASSWORD"],
        dbname=dbname, autocommit=True,
    ) as db:
        return db.execute(statement).rowcount


def test_pg_dump_restored_copy_identical_then_changed_row_differs(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore variant: runs in the PostgreSQL suite (DATABASE_URL=postgres://…)")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        _skip_or_fail("pg_dump/pg_restore not installed (Debian package postgresql-client)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = _major(cursor.fetchone()[0])
    client = _major(_run("pg_dump", "--version").stdout.split(")", 1)[-1])
    if client < server:
        _skip_or_fail(f"pg_dump {client} is older than the server ({server}): install postgresql-client-{server}")

    make_data()
    source = connection.settings_dict["NAME"]
    copy = f"{source}_restore"
    dump = tmp_path / "dxnavi.dump"
    _run("pg_dump", "--format=custom", f"--file={dump}", f"--dbname={source}")
    with _maintenance() as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(copy)))
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(copy)))
    try:
        _run("pg_restore", "--no-owner", "--clean", "--if-exists", "--exit-on-error", f"--dbname={copy}", str(dump))
        tables, rows = expected_totals()
        output = verify(_url(copy))
        assert rows > 200
        assert output.splitlines()[-1] == f"identical: {tables} tables, {rows} rows"
        assert re.search(r"^sequences: (\d+) of \1 at the same position$", output, re.M) is not None

        # Rewriting rows moves them physically; the checksums must not care.
        assert _sql_on(copy, "UPDATE auth_permission SET name = name WHERE id % 3 = 0") > 10
        assert verify(_url(copy)).splitlines()[-1] == f"identical: {tables} tables, {rows} rows"

        _sql_on(copy, "UPDATE orgs_company SET name = name || '（改）' WHERE name = '復元商事株式会社'")
        _sql_on(copy, "DELETE FROM assessments_answer WHERE id = (SELECT MAX(id) FROM assessments_answer)")
        report, error = verify_failing(_url(copy))
        assert error.returncode == 1
        assert report["summary"]["differing"] == ["assessments_answer", "orgs_company"]
        statuses = {t["table"]: t["status"] for t in report["tables"] if t["status"] != "ok"}
        assert statuses == {"assessments_answer": "rows differ", "orgs_company": "checksum differs"}
    finally:
        with _maintenance() as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(copy)))
