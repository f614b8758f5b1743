"""Fuzzing the path: every URL pattern's parameters get generated values its converter accepts
(any digits for ``int``: 2**63, 10**30…; anything but "/" for ``str``: NUL, control characters,
emoji…), as every persona, with the method the view takes. No request may end in a server error.
"""

import re
from urllib.parse import quote

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import PERSONAS, TALLY, persona_client
from tests.fuzz.crawl import fuzzable_patterns
from tests.fuzz.values import NASTY

EXAMPLES = 8  # per (pattern, persona)
_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_HUGE = ["9223372036854775808", "1" + "0" * 30, "0", "00000000000000000000001"]


def _converters():
    """url name -> (route, {parameter: converter}) for the fuzzed patterns with parameters."""
    from django.urls import get_resolver

    found = {}

    def visit(patterns, namespace=None, prefix="", converters=None):
        from django.urls import URLPattern, URLResolver

        for p in patterns:
            merged = {**(converters or {}), **getattr(p.pattern, "converters", {})}
            if isinstance(p, URLResolver):
                visit(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern), merged)
            elif isinstance(p, URLPattern) and p.name:
                found[f"{namespace}:{p.name}" if namespace else p.name] = (prefix + str(p.pattern), merged)

    visit(get_resolver().url_patterns)
    return found


def _value(converter):
    regex = converter.regex
    chars = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",))  # surrogates cannot be sent
    base = st.from_regex(re.compile(regex), fullmatch=True, alphabet=chars).filter(lambda v: "/" not in v)
    if regex == "[0-9]+":
        return st.one_of(st.sampled_from(_HUGE), base)
    nasty = [v for v in NASTY if v and "/" not in v and re.fullmatch(regex, v)]
    return st.one_of(st.sampled_from(nasty), base) if nasty else base


def _path(route, values):
    return "/" + _PARAM.sub(lambda m: quote(values[m.group("name")], safe=""), route)


def _request(client, path):
    """GET, or an empty POST for a POST-only view; each in a savepoint that is rolled back."""
    try:
        with transaction.atomic():
            response = client.get(path)
            if response.status_code == 405:
                response = client.post(path)
            transaction.set_rollback(True)
    except Exception as error:  # the view raised: a 500 for the user
        return 500, f"{type(error).__name__}: {str(error)[:160]}"
    return response.status_code, ""


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_fuzz_url_parameters_no_server_error(fuzz_world, persona):
    client = persona_client(fuzz_world, persona)
    client.handler.enforce_csrf_checks = False  # the POST must reach the view, not stop at the CSRF check
    converters = _converters()
    problems: list[str] = []
    names = [name for name, _route, params in fuzzable_patterns() if params]
    for name in names:
        route, params = converters[name]
        strategy = st.fixed_dictionaries({param: _value(conv) for param, conv in params.items()})

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(strategy)
        def visit(values):
            path = _path(route, values)
            status, error = _request(client, path)
            TALLY.url_requests += 1
            if status >= 500:
                TALLY.url_server_errors += 1
                problems.append(f"{status} {persona} {name} {path[:120]!r}: {error}")

        visit()
    TALLY.url_patterns.update(names)
    TALLY.url_personas.add(persona)
    shown = "\n".join(problems[:40])
    assert problems == [], f"{len(problems)} server errors as {persona}:\n{shown}"
