"""Per-company data stamps: a counter bumped after every write to data the company dashboard shows.

The model is ``orgs.DataStamp``; what bumps it, and why a cache keyed by it is never stale, is
described in ``dxnavi.web.data_stamp`` (which connects the signal receivers). Instruments call
``bump(company_id)`` here after writes that bypass the signals (bulk writes, ``QuerySet.update``).
"""

from django.db import connection

from .models import DataStamp

GLOBAL = 0

_sql = {}


def statement(path: list[str] | None, model=None) -> str:
    """UPSERT of ``DataStamp`` for the company id found by following ``path`` from a row's first key."""
    q = connection.ops.quote_name
    table = q(DataStamp._meta.db_table)
    target = "CAST(%s AS BIGINT)"
    if path:
        # company id = SELECT company_id FROM parent WHERE id = (… SELECT fk FROM …) from the row's own fk value
        current = model
        field = current._meta.get_field(path[0])
        current = field.related_model
        for name in path[1:]:
            step = current._meta.get_field(name)
            target = f"(SELECT {q(step.column)} FROM {q(current._meta.db_table)} WHERE {q(current._meta.pk.column)} = {target})"
            current = step.related_model
    # No row when the path ends nowhere (a parent already deleted in the same cascade, which bumps itself).
    return (
        f"INSERT INTO {table} ({q('company_id')}, {q('value')}) SELECT s.c, 1 FROM (SELECT {target} AS c) s"
        f" WHERE s.c IS NOT NULL ON CONFLICT ({q('company_id')}) DO UPDATE SET {q('value')} = {table}.{q('value')} + 1"
    )


def bump(company_id) -> None:
    """Bump the company's stamp (call after a write the signals do not see)."""
    if company_id is None:
        return
    sql = _sql.get(("direct", connection.vendor))
    if sql is None:
        sql = _sql[("direct", connection.vendor)] = statement(None)
    with connection.cursor() as cursor:
        cursor.execute(sql, [company_id])


def bump_many(company_ids) -> None:
    """``bump`` for many companies (a bulk write of new companies): one statement per 500."""
    ids = sorted({int(company_id) for company_id in company_ids if company_id is not None})
    q = connection.ops.quote_name
    table = q(DataStamp._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            values = ", ".join(["(%s, 1)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({q('company_id')}, {q('value')}) VALUES {values}"
                f" ON CONFLICT ({q('company_id')}) DO UPDATE SET {q('value')} = {table}.{q('value')} + 1",
                chunk,
            )


def bump_global() -> None:
    bump(GLOBAL)


def read_global() -> int:
    """The global generation (row 0): one primary-key query."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {q('value')} FROM {q(DataStamp._meta.db_table)} WHERE {q('company_id')} = %s", [GLOBAL]
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def read(company_id) -> tuple[int, int]:
    """(the company's stamp, the global generation): one plain query."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {q('company_id')}, {q('value')} FROM {q(DataStamp._meta.db_table)} WHERE {q('company_id')} IN (%s, %s)",
            [GLOBAL, company_id],
        )
        values = dict(cursor.fetchall())
    return values.get(int(company_id), 0), values.get(GLOBAL, 0)
