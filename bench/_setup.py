"""Shared set-up for the bench/ scripts: a dedicated database, migrated, content loaded, Django ready.

The database comes from DATABASE_URL and must be given explicitly. A PostgreSQL database that
does not exist yet is created (connecting to the server's ``postgres`` database with the same
credentials). The test suite's database (``test`` / ``test_*``) and the production profile are
refused: benchmarks write rows.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fail(message: str):
    print(f"bench: {message}", file=sys.stderr)
    raise SystemExit(2)


def _ensure_postgres_database(config: dict) -> bool:
    """Create the database when missing; True when it was created."""
    import psycopg

    name = config["NAME"]
    params = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
        return True


def setup(*, quiet: bool = False, needs_pack: str = "security_selfcheck") -> dict:
    """Prepare the benchmark database and django.setup(); returns the database settings.

    When load_content refuses the content (e.g. a pack being edited without a version bump)
    but the pack the benchmark needs is already loaded, it warns and goes on.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxnavi.settings")
    # Measure what production runs: no query log, no template debugging.
    os.environ.setdefault("DXNAVI_DEBUG", "0")
    url = os.environ.get("DATABASE_URL")
    if not url:
        _fail(
            "set DATABASE_URL to a dedicated database, e.g. "
            "postgres://postgres:postgres@127.0.0.1:5432/dxnavi_bench or sqlite:///var/bench.sqlite3"
        )
    import dj_database_url

    config = dj_database_url.parse(url)
    name = str(config.get("NAME") or "")
    if Path(name).stem == "test" or Path(name).stem.startswith("test_"):
        _fail(f"database {name!r} belongs to the test suite; use a dedicated one such as dxnavi_bench")
    if os.environ.get("DXNAVI_PROFILE") == "production":
        _fail("refused in the production profile")
    if config["ENGINE"] == "django.db.backends.postgresql" and _ensure_postgres_database(config):
        print(f"created database {name}")

    import django
    from django.core.management import CommandError, call_command

    django.setup()
    out = open(os.devnull, "w") if quiet else sys.stdout  # noqa: SIM115
    call_command("migrate", verbosity=0, interactive=False)
    try:
        call_command("load_content", stdout=out)
    except CommandError as error:
        from dxnavi.assessments.services import current_pack

        if current_pack(needs_pack) is None:
            raise
        print(f"bench: warning: load_content failed ({error}); using the packs already loaded", file=sys.stderr)
    from django.db import connection

    return connection.settings_dict


def database_size(connection) -> int:
    """Bytes used by the database (pg_database_size, or the SQLite file and its WAL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    name = Path(connection.settings_dict["NAME"])
    return sum(p.stat().st_size for p in (name, Path(f"{name}-wal")) if p.exists())


def server_version(connection) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0]
    import sqlite3

    return "SQLite " + sqlite3.sqlite_version


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))  # ceil(n·p/100)
    return sorted_values[int(rank) - 1]


def select_pages(urls: dict, only: str) -> dict:
    """The pages named in ``only`` (comma-separated; empty = all), refusing unknown names."""
    wanted = [p for p in only.split(",") if p]
    unknown = set(wanted) - set(urls)
    if unknown:
        _fail(f"unknown page(s): {', '.join(sorted(unknown))}")
    return {page: url for page, url in urls.items() if not wanted or page in wanted}


def timed_gets(client, connection, url: str, runs: int, warmup: int):
    """GET ``url`` with the test client: warm-up, one request with its queries captured, then ``runs``
    timed requests. Returns (sorted wall ms, sorted CPU ms of this process, queries, the captured response)."""
    import time

    for _ in range(warmup):
        assert client.get(url).status_code == 200, url
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)
    ):
        captured = client.get(url)
        assert captured.status_code == 200, url
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    return sorted(wall), sorted(cpu), queries, captured
