"""The CSV variant of list operations, for Excel users (written only through ``reports.spreadsheets``).

A list operation declares its columns (Japanese header, getter) and calls ``csv_or(...)``: with
``?format=csv`` (or ``Accept: text/csv``) the answer is every row matching the filters, in one
UTF-8 file with BOM, ``Content-Disposition: attachment`` (so an adviser's request is audited as
EXPORT); above ``MAX_ROWS`` rows, a 400 ``too_many_rows`` problem asking to filter. Text cells are
neutralised by ``spreadsheets`` (``=cmd`` never becomes a formula).
"""

from dataclasses import dataclass
from typing import Callable

from dxnavi.reports import spreadsheets

from .problems import Problem

MAX_ROWS = 10_000


@dataclass(frozen=True)
class Column:
    header: str
    get: Callable


def wants_csv(request) -> bool:
    return request.GET.get("format") == "csv" or request.headers.get("Accept", "").startswith("text/csv")


def csv_file(queryset, *, ordering, columns: list[Column], name: str):
    rows = list(queryset.order_by(*ordering)[: MAX_ROWS + 1])
    if len(rows) > MAX_ROWS:
        raise Problem("too_many_rows", f"{MAX_ROWS:,}件を超えています。条件で絞り込んでください。（over {MAX_ROWS:,} rows: filter the list）")
    table = [[c.header for c in columns]] + [[c.get(row) for c in columns] for row in rows]
    return spreadsheets.csv_response(table, ascii_name=f"{name}.csv", filename=f"{name}.csv")


# Marks the operation in the OpenAPI description; ``v1.DxnaviAPI`` adds ``text/csv`` to its 200 answer.
CSV_OPENAPI = {"x-dxnavi-csv": True}
