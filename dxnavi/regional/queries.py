"""The grouped counts of a report, computed in the database (GROUP BY; no per-company Python loop).

Scope: the companies an adviser organization may see (accepted support links, not pending
deletion: the same rule as ``orgs.scoping.adviser_companies``, here for the organization as a
whole) or every company of a prefecture (operators). A company is grouped by its *current*
industry (大分類) and size band, in both years, so that a change between the years is a change of
results and not of grouping.

Each questionnaire counts the latest completed result per company: this fiscal year the result
flagged ``is_latest`` (the one the company's own pages show), last fiscal year the newest completed
at or before the cut-off (``ROW_NUMBER() OVER (PARTITION BY company ORDER BY completed_at DESC)``). Portable SQL that runs
on PostgreSQL and SQLite; only grouped rows come back to Python.
"""

from django.db import connection

from dxnavi.assessments.models import Assessment
from dxnavi.orgs.models import Company, SupportLink
from dxnavi.secaction import content as secaction_content
from dxnavi.secaction.models import BasicPolicy, ItemConfirmation
from dxnavi.secaction.selfcheck import YES_OPTION

from .domain.report import Counted, Summed

SELFCHECK = "security_selfcheck"
DX_STAGE = "dx_stage"
DX_MATURITY = "dx_maturity"

_C = Company._meta.db_table
_A = Assessment._meta.db_table
_ANSWER = Assessment.answers.rel.related_model._meta.db_table
_LINK = SupportLink._meta.db_table
_TICK = ItemConfirmation._meta.db_table
_POLICY = BasicPolicy._meta.db_table


class Scope:
    """Which companies a report covers, as an SQL condition on ``c`` (the company table)."""

    def __init__(self, *, organization_id: int | None = None, prefecture: str | None = None):
        if (organization_id is None) == (prefecture is None):
            raise ValueError("a report covers an organization's clients or a prefecture")
        self.organization_id, self.prefecture = organization_id, prefecture

    def sql(self) -> tuple[str, list]:
        if self.organization_id is not None:
            return (
                f"c.deletion_pending = %s AND c.id IN (SELECT l.company_id FROM {_LINK} l"
                " WHERE l.organization_id = %s AND l.status = %s)",
                [False, self.organization_id, SupportLink.Status.ACCEPTED],
            )
        return "c.deletion_pending = %s AND c.prefecture = %s", [False, self.prefecture]


# Memory for the sorts and hashes of one report's queries (PostgreSQL; SET LOCAL: this transaction only),
# so grouping 100,000s of rows does not spill to disk.
REPORT_WORK_MEM = "64MB"


def reporting_session() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [REPORT_WORK_MEM])


def _at(moment):
    """A datetime as the backend compares it in raw SQL (SQLite: UTC text)."""
    return connection.ops.adapt_datetimefield_value(moment)


def _latest(scope: Scope, family: str, cutoff, columns: str, *, now: bool = False) -> tuple[str, list]:
    """SQL of the latest completed result per company of the scope up to ``cutoff`` (inclusive).

    ``now``: the cut-off is the present, so the latest result is the one flagged ``is_latest`` (kept
    by ``assessments.services.complete``; read through the peer index, no sort of the history)."""
    where, params = scope.sql()
    if now:
        sql = (
            f"SELECT a.id, a.company_id, c.industry_major AS industry, c.size_band AS size, {columns}"
            f" FROM {_A} a JOIN {_C} c ON c.id = a.company_id"
            f" WHERE {where} AND a.pack_family = %s AND a.is_latest = %s AND a.status = %s"
        )
        return sql, [*params, family, True, Assessment.Status.COMPLETED]
    # The newest per company by a window over the scope's history (measured faster than a
    # MAX(completed_at) per company joined back, or a correlated probe per company: docs/performance.md).
    sql = (
        f"SELECT * FROM (SELECT a.id, a.company_id, c.industry_major AS industry, c.size_band AS size, {columns},"
        " ROW_NUMBER() OVER (PARTITION BY a.company_id ORDER BY a.completed_at DESC, a.id DESC) AS rn"
        f" FROM {_A} a JOIN {_C} c ON c.id = a.company_id"
        f" WHERE {where} AND a.pack_family = %s AND a.status = %s AND a.completed_at <= %s) t WHERE t.rn = 1"
    )
    return sql, [*params, family, Assessment.Status.COMPLETED, _at(cutoff)]


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def results(scope: Scope, family: str, cutoff, parts: list[str] = (), *, now: bool = False):
    """One GROUP BY (industry, size band, band of the latest result) with the count and the sums of
    each part's score: the band counts (``Counted``) and, summed over the bands, ``Summed`` rows."""
    if connection.vendor == "postgresql":
        extract = "CAST(a.part_scores ->> %s AS double precision)"
    else:
        extract = "CAST(json_extract(a.part_scores, %s) AS REAL)"
    columns = ", ".join(["a.band_id AS band", *(f"{extract} AS p{i}" for i in range(len(parts)))])
    keys = [p if connection.vendor == "postgresql" else f'$."{p}"' for p in parts]
    latest, params = _latest(scope, family, cutoff, columns, now=now)
    sums = "".join(f", SUM(p{i})" for i in range(len(parts)))
    rows = _rows(f"SELECT industry, size, band, COUNT(*){sums} FROM ({latest}) x GROUP BY industry, size, band", keys + params)
    counted = [Counted(r[0], r[1], r[2], r[3]) for r in rows]
    groups: dict = {}
    for r in rows:
        n, sums_by_part = groups.get((r[0], r[1]), (0, dict.fromkeys(parts, 0)))
        groups[(r[0], r[1])] = (n + r[3], {p: sums_by_part[p] + (r[4 + i] or 0) for i, p in enumerate(parts)})
    summed = [Summed(industry, size, n, sums_by_part) for (industry, size), (n, sums_by_part) in groups.items()]
    return counted, summed


def security_action_counts(scope: Scope, cutoff, *, now: bool = False) -> list[Counted]:
    """Companies per (industry, size band, SECURITY ACTION level they could declare at ``cutoff``).

    The level follows ``secaction.domain.readiness`` (highest_level): 2 (★★) when a self-check was
    completed and a basic policy adopted by then; else 1 (★) when every principle of the 5か条 was
    confirmed — ticked by then, or all its related questions answered 「実施している」 in the latest
    self-check by then; else 0. Ticks taken back later are not in the database any more, so the
    past is as of the ticks that still exist."""
    where, params = scope.sql()
    related = secaction_content.related_questions()
    at = _at(cutoff)
    items = list(secaction_content.item_ids())
    questions = sorted({q for item in items for q in (related.get(item) or ())})
    latest, latest_params = _latest(scope, SELFCHECK, cutoff, "a.completed_at", now=now)
    # Per company and principle a flag: all its related questions answered 「実施している」 in the
    # latest self-check (answers are unique per question), or ticked by then. One row per company from
    # each source, the flags OR-ed with MAX.
    hint_flags, hint_params = [], []
    for item in items:
        qs = related.get(item) or ()
        if qs:
            marks = ", ".join(["%s"] * len(qs))
            hint_flags.append(f"CASE WHEN SUM(CASE WHEN ans.question_id IN ({marks}) THEN 1 ELSE 0 END) = %s THEN 1 ELSE 0 END")
            hint_params += [*qs, len(qs)]
        else:
            hint_flags.append("0")
    tick_flags = [f"MAX(CASE WHEN t.item_id = %s THEN 1 ELSE 0 END)" for _item in items]
    names = [f"f{i}" for i in range(len(items))]
    q_marks = ", ".join(["%s"] * len(questions)) or "NULL"
    item_marks = ", ".join(["%s"] * len(items)) or "NULL"
    all_set = " AND ".join(f"MAX({n}) = 1" for n in names) or "1 = 0"
    sql = f"""
        WITH latest AS ({latest}),
        flags AS (
            SELECT l.company_id, {", ".join(f"{flag} AS {n}" for flag, n in zip(hint_flags, names))}
            FROM latest l JOIN {_ANSWER} ans ON ans.assessment_id = l.id
            WHERE ans.option_id = %s AND ans.question_id IN ({q_marks})
            GROUP BY l.company_id
            UNION ALL
            SELECT t.company_id, {", ".join(f"{flag} AS {n}" for flag, n in zip(tick_flags, names))}
            FROM {_TICK} t JOIN {_C} c ON c.id = t.company_id
            WHERE {where} AND t.confirmed_at <= %s AND t.item_id IN ({item_marks})
            GROUP BY t.company_id
        ),
        one_star AS (SELECT company_id FROM flags GROUP BY company_id HAVING {all_set})
        SELECT industry, size, level, COUNT(*) FROM (
            SELECT c.industry_major AS industry, c.size_band AS size,
                CASE WHEN EXISTS (
                        SELECT 1 FROM {_A} a WHERE a.company_id = c.id AND a.pack_family = %s AND a.status = %s
                        AND a.completed_at <= %s)
                     AND EXISTS (
                        SELECT 1 FROM {_POLICY} b WHERE b.company_id = c.id AND b.adopted_at IS NOT NULL
                        AND b.adopted_at <= %s) THEN '2'
                     WHEN c.id IN (SELECT company_id FROM one_star) THEN '1' ELSE '0' END AS level
            FROM {_C} c WHERE {where} AND c.created <= %s
        ) x
        GROUP BY industry, size, level
    """
    all_params = (
        latest_params
        + hint_params + [YES_OPTION] + questions
        + items + params + [at] + items
        + [SELFCHECK, Assessment.Status.COMPLETED, at, at]
        + params + [at]
    )  # fmt: skip
    rows = _rows(sql, all_params)
    return [Counted(industry, size, level, n) for industry, size, level, n in rows]
