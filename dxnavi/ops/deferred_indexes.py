"""Bulk loading into PostgreSQL tables without their secondary indexes, rebuilt afterwards.

    with transaction.atomic(), deferred_indexes(["orgs_company", "assessments_assessment"]) as report:
        ...COPY millions of rows...
    # report.dropped / report.restored / report.seconds

Maintaining a dozen B-trees and checking foreign keys row by row is most of the cost of loading
millions of rows; building each index once from sorted data and validating each foreign key with
one join is several times cheaper. On entry every index and constraint of the tables is read from
the catalog (``pg_get_indexdef`` / ``pg_get_constraintdef``, i.e. exactly what the migrations
created) and dropped, except the primary keys (other tables' foreign keys point at them, and
sequential ids append cheaply) and CHECK constraints (row-local); on exit they are created again
from those definitions (unique ones are verified by the build, foreign keys validated) and the
catalog is read again: anything not identical raises.

DDL is transactional in PostgreSQL, so this must run inside one transaction with the load: when
anything fails, the rollback restores the indexes together with the data. Other databases: no-op.
"""

import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection

_INDEXES = """
    SELECT i.relname, pg_get_indexdef(x.indexrelid)
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)
    ORDER BY i.relname
"""
# Unique and foreign-key constraints (p = primary key and c = check stay).
_CONSTRAINTS = """
    SELECT conname, contype, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('u', 'f', 'x')
    ORDER BY conname
"""


@dataclass
class Definitions:
    indexes: dict = field(default_factory=dict)  # table -> {name: CREATE INDEX …}
    constraints: dict = field(default_factory=dict)  # table -> {name: (type, definition)}


@dataclass
class Report:
    dropped: int = 0
    restored: int = 0
    drop_seconds: float = 0.0
    build_seconds: float = 0.0


def schema(tables) -> Definitions:
    """Every secondary index and unique/foreign-key/exclusion constraint of the tables, as the catalog defines them.

    On SQLite (for comparisons only): the indexes' and the tables' own CREATE statements.
    """
    out = Definitions()
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s ORDER BY name", [table])
                out.indexes[table] = dict(cursor.fetchall())
                cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
                out.constraints[table] = {table: ("table", cursor.fetchone()[0])}
                continue
            cursor.execute(_INDEXES, [connection.ops.quote_name(table)])
            out.indexes[table] = dict(cursor.fetchall())
            cursor.execute(_CONSTRAINTS, [connection.ops.quote_name(table)])
            out.constraints[table] = {name: (kind, definition) for name, kind, definition in cursor.fetchall()}
    return out


@contextmanager
def deferred_indexes(tables, *, maintenance_work_mem: str = "256MB"):
    """Drop the tables' secondary indexes and constraints for the block, recreate them identically after it."""
    report = Report()
    if connection.vendor != "postgresql":
        yield report
        return
    if not connection.in_atomic_block:
        raise RuntimeError("deferred_indexes needs a transaction: a failed load must roll the indexes back too")
    qn = connection.ops.quote_name
    t0 = time.perf_counter()
    before = schema(tables)
    with connection.cursor() as cursor:
        for table in tables:
            for name in before.constraints[table]:
                cursor.execute(f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(name)}")
                report.dropped += 1
            for name in before.indexes[table]:
                cursor.execute(f"DROP INDEX {qn(name)}")
                report.dropped += 1
    report.drop_seconds = time.perf_counter() - t0
    yield report
    t1 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [maintenance_work_mem])
        for table in tables:
            for definition in before.indexes[table].values():
                cursor.execute(definition)
                report.restored += 1
            # unique before foreign keys, as the migrations create them
            for name, (kind, definition) in sorted(before.constraints[table].items(), key=lambda item: item[1][0] != "u"):
                cursor.execute(f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(name)} {definition}")
                report.restored += 1
    after = schema(tables)
    if after != before:
        raise RuntimeError(f"indexes/constraints differ after the rebuild: before {before}, after {after}")
    report.build_seconds = time.perf_counter() - t1
