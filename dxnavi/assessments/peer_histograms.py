"""Per-group score histograms of the latest results: peer counts in constant time.

``PeerHistogram`` holds, for every pack family, peer level (``domain.peers.LEVELS``) and group,
how many companies' latest results have each total score. It is derived data with exactly
these writers, all in the transaction of the change they follow:

- ``record_completion(previous, new)``: ``services.complete`` moves a company's latest result
  from ``previous`` (or none) to ``new``: −1 in the old result's 4 buckets, +1 in the new one's.
  One upsert (``INSERT … ON CONFLICT DO UPDATE SET count = count + EXCLUDED.count``), atomic,
  so concurrent completions stay exact on PostgreSQL.
  ``services.recompute`` does the same when it re-scores a latest result to another total.
- ``on_assessment_deleting``: a ``pre_delete`` receiver (connected in ``apps.py``) takes a
  latest result that is being deleted out of its buckets. Every ORM delete sends it, including
  the cascade of a company's deletion (``privacy.services.purge_company``, the admin, demo
  data), so no deletion path has to remember the histogram. It re-reads and locks the row, so a
  stale instance in memory (or a completion racing the delete) cannot make it wrong.
- ``rebuild()``: recomputes everything from the ``Assessment`` table (``manage.py
  rebuild_peer_histograms``); for changes that bypass the ORM, such as the raw-SQL bulk load and
  purge of ``generate_synthetic``, which calls it at the end.

A row is counted when ``is_latest`` is set and ``total_score`` is not NULL, exactly the rows the
former COUNT query counted. Buckets that fall to 0 are kept (harmless, reused later).
``check()`` compares the stored histogram with a fresh GROUP BY and lists the differences.
"""

from django.db import connection, transaction
from django.db.models import Count

from .domain import peers
from .models import Assessment, PeerHistogram

KEY_FIELDS = ("industry_major", "size_band", "prefecture")


def group_keys(values) -> list[tuple[str, dict[str, str]]]:
    """(level, {key field: value, unused fields blank}) of every level, for an object or dict of keys."""
    get = values.get if isinstance(values, dict) else lambda key: getattr(values, key)
    return [(name, {key: (get(key) if key in keys else "") for key in KEY_FIELDS}) for name, keys in peers.LEVELS]


def _counted(assessment) -> bool:
    return assessment is not None and assessment.is_latest and assessment.total_score is not None


def _apply(pack_family: str, deltas: dict[tuple[str, tuple[str, ...], int], int]) -> None:
    """Add each delta to its bucket in one upsert (PostgreSQL and SQLite ≥ 3.24):

    ``INSERT … VALUES … ON CONFLICT (bucket) DO UPDATE SET count = count + EXCLUDED.count``.
    Atomic under concurrent completions; the rows go in one sorted order, so two transactions
    lock shared buckets in the same order. Plain SQL: the ORM's compilation of the equivalent
    OR/CASE expression cost more than the statement itself.
    """
    rows = [(pack_family, level, *keys, score, delta) for (level, keys, score), delta in sorted(deltas.items()) if delta]
    if not rows:
        return
    qn = connection.ops.quote_name
    columns = ", ".join(qn(c) for c in ("pack_family", "level", *KEY_FIELDS, "total_score", "count"))
    unique = ", ".join(qn(c) for c in ("pack_family", "level", *KEY_FIELDS, "total_score"))
    table, count = qn(PeerHistogram._meta.db_table), qn("count")
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {values} "
            f"ON CONFLICT ({unique}) DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}",
            [value for row in rows for value in row],
        )


def _deltas(assessment, sign: int, into: dict) -> dict:
    for level, keys in group_keys(assessment):
        bucket = (level, tuple(keys[k] for k in KEY_FIELDS), assessment.total_score)
        into[bucket] = into.get(bucket, 0) + sign
    return into


def record_completion(previous: list, new: Assessment) -> None:
    """The company's latest result of ``new.pack_family`` moved from ``previous`` (0 or 1 rows) to ``new``.

    ``previous`` holds the rows as they were before their ``is_latest`` was cleared.
    Called by ``services.complete`` inside its transaction, and by ``services.recompute`` when a
    latest result is scored again with another total (``previous`` = the row before the change).
    """
    deltas: dict = {}
    for old in previous:
        if _counted(old):
            _deltas(old, -1, deltas)
    if _counted(new):
        _deltas(new, +1, deltas)
    _apply(new.pack_family, deltas)


def on_assessment_deleting(sender, instance, **kwargs) -> None:
    """pre_delete receiver: a latest result about to be deleted leaves its buckets (same transaction).

    The instance in memory may be stale (loaded before a completion changed its row), so the row
    is read again and locked: a completion cannot move the latest flag between this and the
    DELETE. A completed result that is not the latest can never become it again, so only drafts
    and latest results are read (at most two per pack and company).
    """
    if instance.status == Assessment.Status.COMPLETED and not instance.is_latest:
        return
    current = (
        Assessment.objects.select_for_update()
        .filter(pk=instance.pk, is_latest=True, total_score__isnull=False)
        .only("pk", "pack_family", "total_score", "is_latest", *KEY_FIELDS)
        .first()
    )
    if current is not None:
        _apply(current.pack_family, _deltas(current, -1, {}))


# --- reading ------------------------------------------------------------------------------


def counts_by_level(assessment) -> dict[str, peers.Counts]:
    """(n, below, equal) of the latest results in each of the assessment's 4 peer groups: one query.

    At most (score range × 4) index rows are read, however many companies the groups hold.
    """
    score = assessment.total_score
    # One SELECT per level joined by UNION ALL: each is a range scan of the unique index on its
    # full group prefix (an OR of the 4 groups lets SQLite fall back to the pack family's prefix).
    # Plain SQL: compiling the equivalent ORM union cost several times the statement itself.
    qn = connection.ops.quote_name
    table, count = qn(PeerHistogram._meta.db_table), qn("count")
    select = (
        f"SELECT level, SUM({count}), SUM(CASE WHEN total_score < %s THEN {count} ELSE 0 END), "
        f"SUM(CASE WHEN total_score = %s THEN {count} ELSE 0 END) FROM {table} "
        f"WHERE pack_family = %s AND level = %s AND {' AND '.join(f'{qn(k)} = %s' for k in KEY_FIELDS)} GROUP BY level"
    )
    levels = group_keys(assessment)
    params = [
        value for level, keys in levels for value in (score, score, assessment.pack_family, level, *(keys[k] for k in KEY_FIELDS))
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([select] * len(levels)), params)
        rows = cursor.fetchall()
    found = {level: peers.Counts(n=n or 0, below=below or 0, equal=equal or 0) for level, n, below, equal in rows}
    return {name: found.get(name, peers.Counts(n=0, below=0, equal=0)) for name, _keys in peers.LEVELS}


def counts_by_level_many(assessments) -> list[dict[str, peers.Counts]]:
    """``counts_by_level`` of several assessments (each any object with the score, pack family and group keys),
    in one query for all, whatever their number: the distinct (pack family, level, group, score) terms are a
    ``VALUES`` list joined to the histogram on its unique index prefix, summed per term.
    """
    assessments = list(assessments)
    terms: dict[tuple, int] = {}
    for a in assessments:
        for level, keys in group_keys(a):
            terms.setdefault((a.pack_family, level, *(keys[k] for k in KEY_FIELDS), a.total_score), len(terms))
    if not terms:
        return []
    qn = connection.ops.quote_name
    table, count = qn(PeerHistogram._meta.db_table), qn("count")
    columns = ("term", "family", "lvl", "k1", "k2", "k3", "score")
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(terms))
    join = " AND ".join(
        [f"h.pack_family = t.family", "h.level = t.lvl", *(f"h.{qn(k)} = t.k{n}" for n, k in enumerate(KEY_FIELDS, 1))]
    )
    sql = (
        f"WITH t ({', '.join(columns)}) AS (VALUES {values}) "
        f"SELECT t.term, SUM(h.{count}), SUM(CASE WHEN h.total_score < t.score THEN h.{count} ELSE 0 END), "
        f"SUM(CASE WHEN h.total_score = t.score THEN h.{count} ELSE 0 END) "
        f"FROM t JOIN {table} h ON {join} GROUP BY t.term"
    )
    params = [value for (family, level, *keys, score), index in terms.items() for value in (index, family, level, *keys, score)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {index: peers.Counts(n=n or 0, below=below or 0, equal=equal or 0) for index, n, below, equal in cursor.fetchall()}
    empty = peers.Counts(n=0, below=0, equal=0)
    return [
        {
            level: found.get(terms[(a.pack_family, level, *(keys[k] for k in KEY_FIELDS), a.total_score)], empty)
            for level, keys in group_keys(a)
        }
        for a in assessments
    ]


# --- rebuilding and checking --------------------------------------------------------------


def rebuild(pack_family: str | None = None) -> int:
    """Recompute the histograms (of one pack family, or all) from the Assessment table; returns the bucket count.

    On PostgreSQL the histogram table is locked (EXCLUSIVE: reads go on) for the transaction:
    a completion that already changed it has committed before the rebuild reads, one that has
    not waits and then adds its delta to the rebuilt rows, so the result stays exact.
    """
    qn = connection.ops.quote_name
    hist, source = qn(PeerHistogram._meta.db_table), qn(Assessment._meta.db_table)
    where, params = "is_latest = %s AND total_score IS NOT NULL", [True]
    if pack_family is not None:
        where, params = where + " AND pack_family = %s", params + [pack_family]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {hist} IN EXCLUSIVE MODE")
        if pack_family is None:
            cursor.execute(f"DELETE FROM {hist}")
        else:
            cursor.execute(f"DELETE FROM {hist} WHERE pack_family = %s", [pack_family])
        buckets = 0
        for level, keys in peers.LEVELS:
            columns = ", ".join(qn(k) if k in keys else "''" for k in KEY_FIELDS)
            group_by = ", ".join(["pack_family", *(qn(k) for k in keys), "total_score"])
            cursor.execute(
                f"INSERT INTO {hist} (pack_family, level, industry_major, size_band, prefecture, total_score, {qn('count')}) "
                f"SELECT pack_family, %s, {columns}, total_score, COUNT(*) FROM {source} WHERE {where} GROUP BY {group_by}",
                [level, *params],
            )
            buckets += cursor.rowcount
    return buckets


def expected_buckets(pack_family: str | None = None) -> dict[tuple, int]:
    """{(pack_family, level, industry_major, size_band, prefecture, total_score): count} from the Assessment table."""
    latest = Assessment.objects.filter(is_latest=True, total_score__isnull=False)
    if pack_family is not None:
        latest = latest.filter(pack_family=pack_family)
    expected = {}
    for level, keys in peers.LEVELS:
        for row in latest.values("pack_family", *keys, "total_score").annotate(n=Count("pk")).order_by():
            key_values = tuple(row[k] if k in keys else "" for k in KEY_FIELDS)
            expected[(row["pack_family"], level, *key_values, row["total_score"])] = row["n"]
    return expected


def stored_buckets(pack_family: str | None = None) -> dict[tuple, int]:
    """The histogram's buckets with a count other than 0, keyed like ``expected_buckets``."""
    rows = PeerHistogram.objects.exclude(count=0)
    if pack_family is not None:
        rows = rows.filter(pack_family=pack_family)
    fields = ("pack_family", "level", *KEY_FIELDS, "total_score")
    return {tuple(row[:-1]): row[-1] for row in rows.values_list(*fields, "count")}


def check(pack_family: str | None = None) -> dict[tuple, tuple[int, int]]:
    """Buckets where the histogram differs from the Assessment table: {bucket: (stored, expected)}; empty when exact."""
    stored, expected = stored_buckets(pack_family), expected_buckets(pack_family)
    return {
        bucket: (stored.get(bucket, 0), expected.get(bucket, 0))
        for bucket in stored.keys() | expected.keys()
        if stored.get(bucket, 0) != expected.get(bucket, 0)
    }
