"""The API in the isolation matrix: every operation with {company_id} or {org_id} in its path, for owner,
linked adviser, unlinked adviser, outsider, a read token on a write, an expired, a revoked token and a
token limited to another company (cases: ``API_CASES`` in tests/isolation_cases.py)."""

import json

import pytest
from django.core.files.uploadedfile import UploadedFile

from dxnavi.api.v1 import operations
from dxnavi.orgs.models import AuditEvent
from tests.api.helpers import make_token
from tests.factories import AdviserOrganizationFactory, CompanyFactory, member
from tests.isolation_cases import API_CASES


def scoped_operations():
    return sorted(
        (f"{method} {path}", view) for method, path, view in operations() if "{company_id}" in path or "{org_id}" in path
    )


def test_api_isolation_matrix_covers_every_operation():
    found = scoped_operations()
    keys = [key for key, _view in found]
    assert sorted(set(keys) - set(API_CASES)) == []  # add a case in tests/isolation_cases.py (API_CASES)
    assert sorted(set(API_CASES) - set(keys)) == []  # no stale cases
    unmarked = [
        key for key, view in found
        if ("{company_id}" in key and not getattr(view, "api_company_scoped", None))
        or ("{org_id}" in key and "{company_id}" not in key and not getattr(view, "api_org_scoped", None))
    ]
    assert unmarked == []  # wrap with access.company_operation / access.org_operation


def _send(client, key, world, token, case):
    method, path = key.split(" ", 1)
    kwargs = {"company_id": world["company"].pk, "org_id": world["linked_org"].pk, **case.kwargs(world)}
    url = path.format(**kwargs)
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if method in ("GET", "DELETE", "HEAD"):
        return getattr(client, method.lower())(url, **extra)
    body = case.body(world)
    if any(isinstance(value, UploadedFile) for value in body.values()):  # an upload: multipart/form-data
        return getattr(client, method.lower())(url, body, **extra)
    return getattr(client, method.lower())(url, json.dumps(body), content_type="application/json", **extra)


def _scope(case):
    return "write" if case.need == "edit" else "read"


PERSONAS = ["owner", "linked_adviser", "unlinked_adviser", "outsider"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("key", sorted(API_CASES))
def test_api_isolation_matrix(client, world, key, persona):
    case = API_CASES[key]
    token = make_token(world[persona], scope=_scope(case))
    logged = ["view", "change", "export"]
    before = AuditEvent.objects.filter(action__in=logged).count()
    response = _send(client, key, world, token, case)
    after = AuditEvent.objects.filter(action__in=logged).count()
    if "{company_id}" in key:
        allowed = (persona == "owner" and case.owner == "ok") or (persona == "linked_adviser" and case.adviser == "ok")
        expected_audit = 1 if persona == "linked_adviser" and case.adviser == "ok" else 0
    else:
        allowed = persona == "linked_adviser"
        expected_audit = 0
    if allowed:
        assert response.status_code in case.ok, response.content
    else:
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
    assert after - before == expected_audit


def _allowed_persona(key, case):
    if "{company_id}" in key:
        return "owner" if case.owner == "ok" else "linked_adviser"
    return "linked_adviser"


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(API_CASES))
def test_api_isolation_read_token_on_write_403(client, world, key):
    case = API_CASES[key]
    persona = _allowed_persona(key, case)
    response = _send(client, key, world, make_token(world[persona], scope="read"), case)
    if case.need == "edit":
        assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")
    else:
        assert response.status_code in case.ok


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["expired", "revoked"])
@pytest.mark.parametrize("key", sorted(API_CASES))
def test_api_isolation_expired_revoked_token_401(client, world, key, state):
    case = API_CASES[key]
    persona = _allowed_persona(key, case)
    token = make_token(world[persona], scope=_scope(case), **{state: True})
    response = _send(client, key, world, token, case)
    assert (response.status_code, response.json()["code"]) == (401, "unauthorized")


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(API_CASES))
def test_api_isolation_token_limited_elsewhere_404(client, world, key):
    case = API_CASES[key]
    persona = _allowed_persona(key, case)
    user = world[persona]
    if "{company_id}" in key and persona == "owner":
        other = CompanyFactory(name="別の自社")
        member(other, user=user)
        token = make_token(user, scope=_scope(case), company=other)
    else:  # an adviser: a token limited to another organization of theirs
        other_org = AdviserOrganizationFactory(name="別の支援機関")
        from dxnavi.orgs.models import AdviserMembership

        AdviserMembership.objects.create(organization=other_org, user=user, role="editor")
        token = make_token(user, scope=_scope(case), organization=other_org)
    response = _send(client, key, world, token, case)
    assert response.status_code == 404
