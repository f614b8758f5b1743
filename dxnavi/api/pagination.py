"""Cursor pagination for every list of the API.

``paginate(request, queryset, ordering=("name", "id"), item=…)`` answers
``{"items": [...], "next_cursor": "…" | null}`` and sets ``Link: <…>; rel="next"``. ``?limit=`` is 1–100
(default 50); ``?cursor=`` is opaque: the last row's sort values, signed with ``django.core.signing``
(a forged or foreign cursor is a 400 ``invalid_cursor`` problem). Keyset on the ordering: the last
field must be unique (``id``); sort fields must not be NULL. One query per page (``limit + 1`` rows).
"""

import datetime
from urllib.parse import urlencode

from django.core import signing
from django.db.models import Q
from ninja import Field, Schema

from .problems import Problem

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
_SALT = "dxnavi.api.cursor"


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, title="件数", description="Items per page (1–100).")
    cursor: str | None = Field(None, max_length=500, title="カーソル", description="`next_cursor` of the previous page.")


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _value(row, field: str):
    value = row
    for part in field.split("__"):
        value = getattr(value, part)
    return value


def _after(ordering, values) -> Q:
    """Rows after ``values`` in ``ordering`` (each field "name" or "-name")."""
    condition = Q()
    for i, spec in enumerate(ordering):
        name = spec.lstrip("-")
        op = "lt" if spec.startswith("-") else "gt"
        step = Q(**{f"{name}__{op}": values[i]})
        for j in range(i):
            step &= Q(**{ordering[j].lstrip("-"): values[j]})
        condition |= step
    return condition


def decode(cursor: str, ordering) -> list:
    try:
        data = signing.loads(cursor, salt=_SALT)
    except signing.BadSignature:
        raise Problem("invalid_cursor") from None
    if not isinstance(data, dict) or data.get("o") != list(ordering) or len(data.get("v") or []) != len(ordering):
        raise Problem("invalid_cursor")
    return data["v"]


def encode(row, ordering) -> str:
    return signing.dumps({"o": list(ordering), "v": [_plain(_value(row, f.lstrip("-"))) for f in ordering]}, salt=_SALT)


def add_header(request, name: str, value: str) -> None:
    """A header the API's response finisher (``v1.finish``) puts on the answer."""
    if not hasattr(request, "dxnavi_api_headers"):
        request.dxnavi_api_headers = {}
    request.dxnavi_api_headers[name] = value


def page_rows(request, queryset, ordering, page: PageParams) -> tuple[list, str | None]:
    queryset = queryset.order_by(*ordering)
    if page.cursor:
        queryset = queryset.filter(_after(ordering, decode(page.cursor, ordering)))
    rows = list(queryset[: page.limit + 1])
    next_cursor = None
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        next_cursor = encode(rows[-1], ordering)
        params = {k: v for k, v in request.GET.items() if k != "cursor"}
        params["cursor"] = next_cursor
        add_header(request, "Link", f'<{request.path}?{urlencode(params)}>; rel="next"')
    return rows, next_cursor


def paginate(request, queryset, *, ordering, page: PageParams, item=lambda row: row) -> dict:
    rows, next_cursor = page_rows(request, queryset, ordering, page)
    return {"items": [item(row) for row in rows], "next_cursor": next_cursor}
