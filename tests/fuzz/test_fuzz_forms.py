"""Fuzzing: every form (POST, and GET searches) and htmx endpoint, as every persona, with generated hostile input.

The endpoints are found by crawling (``crawl.py``), so a new form is fuzzed without editing this
file. For each (endpoint, persona) Hypothesis posts ``EXAMPLES`` submissions (derandomized, so a
run is repeatable) and checks:
- no request ends in a server error (an exception in the view: a 500 for the user);
- nothing half-written: a rejected request (4xx, a form shown again with errors, or an error
  message) leaves every table as it was, apart from the tables that record refused attempts.
Each request runs in a savepoint that is rolled back, so every example starts from the same world
(whose snapshot is therefore taken once).
"""

import copy
import hashlib
import time
from urllib.parse import urlencode

import pytest
from django.db import connection, transaction
from django.test.utils import ContextList
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import PASSWORD, PERSONAS, TALLY, persona_client
from tests.fuzz.crawl import PARAM_KWARGS, discover, fuzzable_patterns
from tests.fuzz.values import EVERY_FIELD, MISSING, encode, every_field, one_field, submission
from tests.isolation_cases import CASES, ORG_CASES

EXAMPLES = 10  # generated per (endpoint, persona), after the explicit EVERY_FIELD ones

# Tables that record a refused request by design: the session (messages, pending two-step login),
# the advisers' access log (every adviser request), failed logins (lockout).
RECORDS_REFUSALS = {"django_session", "orgs_auditevent", "accounts_loginfailure"}


# Endpoints the crawler must find (guards against a crawler that silently finds nothing).
EXPECTED = {
    "owner": {
        "assessments:answer", "assessments:part", "assessments:start", "assessments:complete", "secaction:checklist_toggle",
        "secaction:policy_new", "secaction:policy_adopt", "subsidies:estimate_new", "subsidies:estimate_delete",
        "orgs:company_edit", "orgs:company_members", "orgs:company_member_remove", "orgs:company_advisers",
        "orgs:company_link_decide", "orgs:company_create", "orgs:adviser_org_create", "orgs:invitation",
        "accounts:settings", "accounts:totp_setup", "accounts:password_change", "accounts:logout", "set_language",
    },
    "linked_adviser": {"assessments:answer", "secaction:checklist_toggle", "orgs:adviser_register_client", "orgs:company_edit"},
    "unlinked_adviser": {"orgs:adviser_org_members", "orgs:adviser_register_client"},
    "outsider": {"accounts:totp_disable", "orgs:company_edit"},
    "anonymous": {
        "accounts:login", "accounts:login_totp", "accounts:signup", "accounts:password_reset",
        "accounts:password_reset_confirm", "set_language",
    },
}  # fmt: skip


class _Rollback(Exception):
    pass


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a digest of the contents of every table."""
    state = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            if table in RECORDS_REFUSALS:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            state[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16])
    return state


def _contexts(response):
    found = response.context
    if found is None:
        return []
    return [c.flatten() if hasattr(c, "flatten") else c for c in (found if isinstance(found, ContextList) else [found])]


def refused(response) -> bool:
    """A 4xx, or a bound form shown again with its errors. (A redirect with an error message can be a
    partial success by design: "save and see the result" saves the answers, then names the missing ones.)"""
    if response.status_code >= 400:
        return True
    for context in _contexts(response):
        for value in context.values():
            if getattr(value, "is_bound", False) and getattr(value, "errors", None):
                return True
    return False


def _short(data) -> str:
    parts = []
    for name, value in data.items():
        if value is MISSING:
            continue
        text = repr(value)
        parts.append(f"{name}={text[:40]}{'…' if len(text) > 40 else ''}")
    return ", ".join(parts)


def send(client, cookies, target, data, persona, problems, before):
    """Post one submission; record a server error or a half-written refusal in ``problems``.
    ``before`` is the snapshot of the world, the same before every request (each is rolled back)."""
    client.cookies = copy.deepcopy(cookies)
    body = urlencode(encode(data))
    headers = {"X-CSRFToken": target.csrf}
    if target.htmx:
        headers["HX-Request"] = "true"
    TALLY.requests += 1
    where = f"{persona} {target.method.upper()} {target.url_name} ({target.path})"
    try:
        with transaction.atomic():
            if target.method == "get":
                response = client.get(f"{target.path}{'&' if '?' in target.path else '?'}{body}", headers=headers)
            else:
                response = client.generic(
                    target.method.upper(), target.path, body, content_type="application/x-www-form-urlencoded", headers=headers
                )
            after = snapshot() if refused(response) else before
            raise _Rollback
    except _Rollback:
        pass
    except Exception as error:  # the view raised: the user gets a 500
        TALLY.server_errors += 1
        TALLY.statuses[500] += 1
        TALLY.pairs.add((target.url_name, persona))
        problems.append(f"500 {where}: {type(error).__name__}: {str(error)[:200]} <- {_short(data)}")
        return
    TALLY.statuses[response.status_code] += 1
    if response.status_code != 404:  # the persona can use this endpoint (not hidden from them)
        TALLY.pairs.add((target.url_name, persona))
    if response.status_code >= 500:
        TALLY.server_errors += 1
        problems.append(f"{response.status_code} {where} <- {_short(data)}")
    elif response.status_code == 403 and any(t.name == "errors/csrf.html" for t in response.templates):
        problems.append(f"CSRF refused {where}: the crawler's token was not accepted")
    elif after != before:
        TALLY.half_written += 1
        changed = sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))
        problems.append(f"half-written {where} (status {response.status_code}, changed {changed}) <- {_short(data)}")


def fuzz_endpoint(client, cookies, variants, persona, problems, known, before):
    strategy = st.sampled_from(variants).flatmap(lambda target: st.tuples(st.just(target), submission(target, known)))

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # every problem is collected and listed, none shrunk
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def post_examples(drawn):
        target, data = drawn
        send(client, cookies, target, data, persona, problems, before)

    # The first, middle and last variant also get each hostile value in every field, and one
    # hostile field among valid ones.
    for target in {id(v): v for v in (variants[0], variants[len(variants) // 2], variants[-1])}.values():
        explicit = [every_field(target, value) for value in EVERY_FIELD] + one_field(target, known)
        for data in explicit:
            post_examples = example((target, data))(post_examples)
    post_examples()


def _group(targets):
    groups: dict[str, list] = {}
    for target in sorted(targets, key=lambda t: t.key):
        groups.setdefault(target.url_name, []).append(target)
    return groups


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_fuzz_forms_no_server_error_nothing_half_written(fuzz_world, persona):
    started = time.monotonic()
    client = persona_client(fuzz_world, persona)
    targets, _pages = discover(client, fuzz_world, persona)
    groups = _group(targets)
    # Guards against a crawler that silently finds nothing: these endpoints must be among those found.
    not_found = sorted(EXPECTED[persona] - set(groups))
    cookies = copy.deepcopy(client.cookies)
    known = {"email": [fuzz_world["owner"].email, fuzz_world["outsider"].email], "password": [PASSWORD]}
    problems: list[str] = []
    before = snapshot()
    TALLY.examples = f"({EXAMPLES} generated + {len(EVERY_FIELD)} + one per field explicit per variant, ≤ 3 variants)"
    TALLY.personas.add(persona)
    for name, variants in groups.items():
        TALLY.forms.add(name)
        fuzz_endpoint(client, cookies, variants, persona, problems, known, before)
    TALLY.seconds += time.monotonic() - started
    shown = "\n".join(problems[:40])
    assert problems == [], f"{len(problems)} problems as {persona}:\n{shown}"
    assert not_found == []


def test_fuzz_every_url_has_kwargs():
    """A URL pattern with path parameters needs kwargs (isolation_cases or crawl.PARAM_KWARGS) to be fuzzed."""
    known = set(CASES) | set(ORG_CASES) | set(PARAM_KWARGS)
    missing = sorted(name for name, _route, params in fuzzable_patterns() if params and name not in known)
    assert missing == []


@pytest.mark.django_db
def test_fuzz_snapshot_changed_row_seen(world):
    """The half-written check compares snapshots: a changed value (not only a count) must show."""
    before = snapshot()
    world["company"].representative = "別の代表者"
    world["company"].save()

    after = snapshot()

    # The company's data stamp (orgs.DataStamp) is bumped by the save: a write the check sees too.
    assert sorted(t for t in before if before[t] != after[t]) == ["orgs_company", "orgs_datastamp"]
