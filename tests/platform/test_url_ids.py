"""Ids in URLs: the ``id`` converter everywhere, and ids too large for the database are a 404 (issue #8)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from dxnavi.converters import IdConverter
from tests.factories import UserFactory

HUGE = "9" * 30


def _walk(patterns, prefix=""):
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield route, p.pattern
            yield from _walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p.pattern


def _routes():
    return [(route, pattern) for route, pattern in _walk(get_resolver().url_patterns) if not route.startswith("admin/")]


def test_url_patterns_use_id_converter_not_int():
    plain_int = sorted(
        route
        for route, pattern in _routes()
        if any(isinstance(c, IntConverter) for c in getattr(pattern, "converters", {}).values())
    )
    assert plain_int == []  # use <id:name> (dxnavi/converters.py) for database ids


def _id_routes():
    return sorted(
        route
        for route, pattern in _routes()
        if any(isinstance(c, IdConverter) for c in getattr(pattern, "converters", {}).values())
    )


def test_id_routes_found():
    assert "adviser/o/<id:org_id>/" in _id_routes()
    assert len(_id_routes()) >= 30


def _url_with_huge_ids(route):
    url = re.sub(r"<(?:id|int):\w+>", HUGE, route)
    url = re.sub(r"<(?:str|slug):\w+>", "x", url)
    return "/" + url


@pytest.mark.django_db
@pytest.mark.parametrize("route", _id_routes())
def test_huge_id_in_url_gives_404(client, route):
    client.force_login(UserFactory())
    assert client.get(_url_with_huge_ids(route)).status_code == 404


@pytest.mark.parametrize("digits", ["1", "9" * 18])
def test_id_converter_matches_up_to_18_digits(digits):
    assert re.fullmatch(IdConverter.regex, digits) is not None
    assert IdConverter().to_python(digits) <= 2**63 - 1


def test_id_converter_refuses_19_digits():
    assert re.fullmatch(IdConverter.regex, "1" * 19) is None
