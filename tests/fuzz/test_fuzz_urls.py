"""Fuzzing the URL: every pattern, as every persona, with the method its view takes.

- Path parameters get generated values their converter accepts (any digits for ``int``: 2**63,
  10**30…; anything but "/" for ``str``: NUL, control characters, emoji…).
- The query string carries every parameter the code reads from ``request.GET`` (found by reading
  the source, so a new one is fuzzed too) with hostile values, on the pattern's real URLs.
No request may end in a server error.
"""

import copy
import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

import dxnavi
from tests.fuzz.conftest import PERSONAS, TALLY, persona_client
from tests.fuzz.crawl import fuzzable_patterns, url_candidates, walk
from tests.fuzz.values import MISSING, NASTY, encode, hostile

EXAMPLES = 8  # per (pattern, persona)
_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_HUGE = ["9223372036854775808", "1" + "0" * 30, "0", "00000000000000000000001"]
_GET_READ = re.compile(r"request\.GET(?:\.get|\.getlist)?[(\[]\s*[\"'](\w+)[\"']")
# Explicit examples on each pattern's real URL: one value in every query parameter at once.
EVERY_QUERY = ["a\x00b", str(2**63), "²", "x" * 10_000, "-1"]
_CHARS = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",))  # surrogates cannot be sent


def query_names() -> list[str]:
    """Every name the app reads from request.GET."""
    root = Path(dxnavi.__file__).parent
    return sorted({name for path in root.rglob("*.py") for name in _GET_READ.findall(path.read_text(encoding="utf-8"))})


def _value(converter):
    regex = converter.regex
    base = st.from_regex(re.compile(regex), fullmatch=True, alphabet=_CHARS).filter(lambda v: "/" not in v)
    if regex == "[0-9]+":
        return st.one_of(st.sampled_from(_HUGE), base)
    nasty = [v for v in NASTY if v and "/" not in v and re.fullmatch(regex, v)]
    return st.one_of(st.sampled_from(nasty), base) if nasty else base


# Explicit examples: each of these in every path parameter whose converter accepts it.
EVERY_PATH = [str(2**63), str(10**30), "a\x00b", "\x01\x1b[31m", "😀𠮷", "x" * 1000, "-1"]


def _explicit_paths(route, params):
    paths = []
    for value in EVERY_PATH:
        if all(re.fullmatch(conv.regex, value) for conv in params.values()):
            paths.append("/" + _PARAM.sub(lambda m: quote(value, safe=""), route))
    return paths


def _fuzzed_path(route, params):
    values = st.fixed_dictionaries({param: _value(conv) for param, conv in params.items()})
    return values.map(lambda v: "/" + _PARAM.sub(lambda m: quote(v[m.group("name")], safe=""), route))


def _query(names):
    return st.fixed_dictionaries({name: st.one_of(st.just(MISSING), hostile) for name in names}).map(
        lambda q: urlencode(encode(q))
    )


def _request(client, cookies, url):
    """GET, or an empty POST for a POST-only view; each in a savepoint that is rolled back, with the
    persona's cookies put back first (a POST to the logout URL replaces them)."""
    client.cookies = copy.deepcopy(cookies)
    try:
        with transaction.atomic():
            response = client.get(url)
            if response.status_code == 405:
                response = client.post(url)
            transaction.set_rollback(True)
    except Exception as error:  # the view raised: a 500 for the user
        return 500, f"{type(error).__name__}: {str(error)[:160]}"
    return response.status_code, ""


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_fuzz_urls_no_server_error(fuzz_world, persona):
    client = persona_client(fuzz_world, persona)
    client.handler.enforce_csrf_checks = False  # the POST must reach the view, not stop at the CSRF check
    routes, names = {name: (route, conv) for name, route, conv in walk()}, query_names()
    cookies = copy.deepcopy(client.cookies)
    problems: list[str] = []
    for name, _route, params in fuzzable_patterns():
        route, converters = routes[name]
        real = url_candidates(name, params, fuzz_world, persona)
        paths = [_fuzzed_path(route, converters)] if params else []
        paths += [st.sampled_from(real)] if real else []
        strategy = st.tuples(st.one_of(paths), _query(names)).map(lambda pq: f"{pq[0]}?{pq[1]}" if pq[1] else pq[0])

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(strategy)
        def visit(url):
            status, error = _request(client, cookies, url)
            TALLY.url_requests += 1
            if status >= 500:
                TALLY.url_server_errors += 1
                problems.append(f"{status} {persona} {name} {url[:160]!r}: {error}")

        for value in EVERY_QUERY if real else []:
            visit = example(f"{real[0]}?{urlencode({n: value for n in names})}")(visit)
        for path in _explicit_paths(route, converters) if params else []:
            visit = example(path)(visit)
        visit()
        TALLY.url_patterns.add(name)
    TALLY.url_personas.add(persona)
    shown = "\n".join(problems[:40])
    assert problems == [], f"{len(problems)} server errors as {persona}:\n{shown}"


def test_fuzz_query_names_found():
    """The source scan finds the query parameters (guards against a scan that silently finds none)."""
    assert {"next", "page", "q", "from"} - set(query_names()) == set()
