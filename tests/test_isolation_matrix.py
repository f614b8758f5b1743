"""Tenancy: every company-data URL is tested as owner, linked adviser, unlinked adviser, outsider."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dxnavi.orgs.models import AuditEvent
from tests.isolation_cases import CASES, ORG_CASES

PERSONAS = ["owner", "linked_adviser", "unlinked_adviser", "outsider"]
# The JSON API's operations have their own matrix (tokens, scopes): tests/api/test_api_isolation_matrix.py.
API_NAMESPACE = "api-v1:"


def _walk(patterns, namespace=None, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from _walk(p.url_patterns, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield name, prefix + str(p.pattern), p.callback


def company_patterns():
    return sorted(
        (name, route, callback)
        for name, route, callback in _walk(get_resolver().url_patterns)
        if ("company_id" in route or getattr(callback, "company_scoped", False))
        and not (name or "").startswith(API_NAMESPACE)
    )


def test_isolation_matrix_covers_every_company_url():
    found = company_patterns()
    names = [name for name, _route, _cb in found]
    missing = sorted(set(names) - set(CASES))
    unscoped = sorted(name for name, _route, cb in found if not getattr(cb, "company_scoped", False))
    print(f"\nisolation matrix: {len(names)} company-data URL patterns, {len(CASES)} covered")
    assert missing == []
    assert unscoped == []  # every company URL must go through scoping.company_view
    assert sorted(set(CASES) - set(names)) == []  # no stale cases


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(CASES))
def test_isolation_matrix(client, world, url_name, persona):
    case = CASES[url_name]
    url = reverse(url_name, kwargs={"company_id": world["company"].pk, **case.kwargs(world)})
    client.force_login(world[persona])
    logged = ["view", "change", "export"]
    before = AuditEvent.objects.filter(company=world["company"], action__in=logged).count()
    response = getattr(client, case.method)(url, case.data(world))
    after = AuditEvent.objects.filter(company=world["company"], action__in=logged).count()
    if (persona == "owner" and case.owner == "ok") or (persona == "linked_adviser" and case.adviser == "ok"):
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == 404
    # Adviser reads and changes are audit-logged; nobody else's are.
    expected_audit = 1 if persona == "linked_adviser" and case.adviser == "ok" else 0
    assert after - before == expected_audit


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(CASES))
def test_isolation_anonymous_redirected_to_login(client, world, url_name):
    case = CASES[url_name]
    url = reverse(url_name, kwargs={"company_id": world["company"].pk, **case.kwargs(world)})
    response = getattr(client, case.method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_isolation_revoked_link_hides_company(client, world):
    from dxnavi.orgs.models import SupportLink

    SupportLink.objects.filter(company=world["company"]).update(status=SupportLink.Status.REVOKED)
    client.force_login(world["linked_adviser"])
    response = client.get(reverse("web:company_dashboard", args=[world["company"].pk]))
    assert response.status_code == 404


def org_patterns():
    return sorted(name for name, _route, cb in _walk(get_resolver().url_patterns) if getattr(cb, "org_scoped", False))


ORG_OK = {"linked_adviser"}  # the world's linked adviser is an editor of the linked organization


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(ORG_CASES))
def test_isolation_adviser_org_pages(client, world, url_name, persona):
    """Adviser-organization pages list client companies: only the organization's members see them."""
    case = ORG_CASES[url_name]
    client.force_login(world[persona])
    url = reverse(url_name, kwargs={"org_id": world["linked_org"].pk, **case.kwargs(world)})
    response = getattr(client, case.method)(url)
    if persona in ORG_OK:
        assert response.status_code == case.member
    else:
        assert response.status_code == 404


def test_isolation_org_patterns_found():
    assert org_patterns() == sorted(ORG_CASES)
