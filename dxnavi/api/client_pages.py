"""Cursor pages of the adviser's client list (``routers/organizations.py``), in the web's order.

The web orders the list by ``client_filters.ordered``: the chosen sort's expression (NULLs last in both
directions — a client without a self-check has no score), then the name, then the id (for ``name``
alone: name, id, both reversed when descending). A sort key can be NULL, which a plain keyset
(``pagination.paginate``) cannot compare; so the page query sorts by the same order written as
``(sort_null, sort_key, name, pk)`` — ``sort_null`` is 0 for a value and 1 for NULL, which puts the
NULLs last exactly as ``nulls_last`` does — and the cursor (signed, bound to the sort) carries the last
row's four values. Rows after it: a later ``sort_null``; or the same one with a later key, or an equal
key and a later (name, id). Among NULL keys only (name, id) decide.
"""

import datetime

from django.core import signing
from django.db.models import Case, IntegerField, Q, Value, When

from dxnavi.orgs.client_filters import ClientQuery, all_sorts

from .problems import Problem

_SALT = "dxnavi.api.clients.cursor"


def _expression(query: ClientQuery):
    return next(s for s in all_sorts() if s.key == query.sort).expression()


def keyed(companies, query: ClientQuery):
    """``companies`` (``client_filters.filtered``) ordered as the web orders them, with the page's key columns."""
    if query.sort == "name":
        if query.descending:
            return companies.order_by("-name", "-pk")
        return companies.order_by("name", "pk")
    companies = companies.annotate(sort_key=_expression(query))
    companies = companies.annotate(
        sort_null=Case(When(sort_key__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField())
    )
    return companies.order_by("sort_null", "-sort_key" if query.descending else "sort_key", "name", "pk")


def key_fields(query: ClientQuery) -> tuple:
    return ("name", "pk") if query.sort == "name" else ("sort_null", "sort_key", "name", "pk")


def _plain(value):
    if isinstance(value, datetime.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    return value


def _typed(value):
    if isinstance(value, dict) and set(value) == {"dt"}:
        return datetime.datetime.fromisoformat(value["dt"])
    if isinstance(value, dict) and set(value) == {"d"}:
        return datetime.date.fromisoformat(value["d"])
    return value


def encode(row, query: ClientQuery) -> str:
    return signing.dumps({"s": query.sort_param, "v": [_plain(getattr(row, f)) for f in key_fields(query)]}, salt=_SALT)


def decode(cursor: str, query: ClientQuery) -> list:
    try:
        data = signing.loads(cursor, salt=_SALT)
        values = [_typed(v) for v in data["v"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Problem("invalid_cursor") from None
    if data.get("s") != query.sort_param or len(values) != len(key_fields(query)):
        raise Problem("invalid_cursor")
    return values


def after(values, query: ClientQuery) -> Q:
    """The rows after the cursor's row in the order of ``keyed``."""
    if query.sort == "name":
        name, pk = values
        op = "lt" if query.descending else "gt"
        return Q(**{f"name__{op}": name}) | Q(name=name, **{f"pk__{op}": pk})
    null, key, name, pk = values
    later_name = Q(name__gt=name) | Q(name=name, pk__gt=pk)
    if null:
        return Q(sort_null=1) & later_name
    op = "lt" if query.descending else "gt"
    return Q(sort_null=1) | Q(sort_null=0) & (Q(**{f"sort_key__{op}": key}) | Q(sort_key=key) & later_name)
