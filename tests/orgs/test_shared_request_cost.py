"""What every logged-in company page pays before its own work (issue #11): access in one query, the header in one."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from dxnavi.orgs.models import AuditEvent, Company, Role, SupportLink
from dxnavi.orgs.scoping import resolve_access
from dxnavi.web.context_processors import nav
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, link, member

pytestmark = pytest.mark.django_db

BARE = "tests.orgs.bare_urls"
DB_SESSIONS = "django.contrib.sessions.backends.db"
CACHED_SESSIONS = "django.contrib.sessions.backends.cached_db"  # the engine with REDIS_URL


@pytest.fixture(autouse=True)
def _db_sessions(settings):
    settings.SESSION_ENGINE = DB_SESSIONS  # the counts below include the session read (the default without Redis)


@pytest.mark.urls(BARE)
def test_bare_company_page_owner_costs_four_queries(client, django_assert_num_queries):
    company = CompanyFactory(name="あいう商事")
    owner = member(company)
    member(CompanyFactory(), user=owner)
    client.force_login(owner)
    url = reverse("bare_company_page", args=[company.pk])

    # session, user, company with the user's access, the header's switcher (with "advises?")
    with django_assert_num_queries(4):
        response = client.get(url)

    assert response.status_code == 200
    assert "あいう商事" in response.content.decode()


@pytest.mark.urls(BARE)
def test_bare_company_page_owner_with_cached_sessions_reads_no_session_row(client, settings, django_assert_num_queries):
    settings.SESSION_ENGINE = CACHED_SESSIONS
    company = CompanyFactory()
    client.force_login(member(company))
    url = reverse("bare_company_page", args=[company.pk])

    with django_assert_num_queries(3):  # user, company with access, switcher
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.urls(BARE)
def test_bare_company_page_after_logout_with_cached_sessions_redirects_to_login(client, settings):
    settings.SESSION_ENGINE = CACHED_SESSIONS
    company = CompanyFactory()
    client.force_login(member(company))
    url = reverse("bare_company_page", args=[company.pk])
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(url).status_code == 200

    client.post(reverse("accounts:logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = old_cookie  # replaying the old session key

    assert client.get(url).status_code == 302


@pytest.mark.urls(BARE)
def test_bare_company_page_adviser_costs_six_queries_with_the_audit_row(client, django_assert_num_queries):
    company = CompanyFactory(name="かきく工業")
    member(company)
    adviser = UserFactory()
    org = AdviserOrganizationFactory(name="テスト商工会")
    link(company, org, adviser=adviser)
    client.force_login(adviser)
    url = reverse("bare_company_page", args=[company.pk])

    # session, user, company with access, the organization, the switcher, the audit row
    with django_assert_num_queries(6):
        response = client.get(url)

    assert response.status_code == 200
    assert "テスト商工会" in response.content.decode()
    assert AuditEvent.objects.filter(company=company, user=adviser).count() == 1


def test_resolve_access_is_one_query_for_a_member(django_assert_num_queries):
    company = CompanyFactory()
    editor = member(company, role=Role.EDITOR)

    with django_assert_num_queries(1):
        access = resolve_access(editor, company.pk)

    assert (access.via, access.role, access.company) == ("member", Role.EDITOR, company)
    assert not hasattr(access.company, "_member_role")


def test_resolve_access_adviser_gets_the_highest_role_of_their_linked_organizations():
    company = CompanyFactory()
    adviser = UserFactory()
    viewer_org, editor_org, unlinked_org = (AdviserOrganizationFactory() for _ in range(3))
    link(company, viewer_org, adviser=adviser, role=Role.VIEWER)
    link(company, editor_org, adviser=adviser, role=Role.EDITOR)
    link(CompanyFactory(), unlinked_org, adviser=adviser, role=Role.OWNER)

    access = resolve_access(adviser, company.pk)

    assert (access.via, access.role, access.organization) == ("adviser", Role.EDITOR, editor_org)


@pytest.mark.parametrize("status", [SupportLink.Status.PENDING, SupportLink.Status.REVOKED, SupportLink.Status.DECLINED])
def test_resolve_access_link_not_accepted_gives_nothing(status):
    company = CompanyFactory()
    adviser = UserFactory()
    link(company, AdviserOrganizationFactory(), adviser=adviser, status=status)

    assert resolve_access(adviser, company.pk) is None


def test_resolve_access_pending_deletion_hides_the_company_from_advisers_only():
    company = CompanyFactory()
    owner = member(company)
    adviser = UserFactory()
    link(company, AdviserOrganizationFactory(), adviser=adviser)
    Company.objects.filter(pk=company.pk).update(deletion_pending=True)

    assert resolve_access(adviser, company.pk) is None
    assert resolve_access(owner, company.pk).via == "member"


def test_resolve_access_member_who_also_advises_is_a_member():
    company = CompanyFactory()
    user = member(company, role=Role.VIEWER)
    link(company, AdviserOrganizationFactory(), adviser=user, role=Role.OWNER)

    access = resolve_access(user, company.pk)

    assert (access.via, access.role, access.organization) == ("member", Role.VIEWER, None)


def test_resolve_access_unknown_or_foreign_company_gives_nothing():
    company = CompanyFactory()
    outsider = UserFactory()

    assert resolve_access(outsider, company.pk) is None
    assert resolve_access(outsider, company.pk + 1000) is None
    assert resolve_access(outsider, "x") is None


def nav_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return nav(request)


@pytest.mark.parametrize(("owns", "advises", "queries"), [(True, True, 1), (True, False, 1), (False, True, 2), (False, False, 2)])
def test_nav_adviser_workspace_link_follows_membership(owns, advises, queries, django_assert_num_queries):
    user = UserFactory()
    if owns:
        member(CompanyFactory(), user=user)
    if advises:
        link(CompanyFactory(), AdviserOrganizationFactory(), adviser=user)

    with django_assert_num_queries(queries):
        context = nav_for(user)

    assert bool(context["nav_adviser_orgs"]) == advises
    assert len(context["nav_companies"]) == (1 if owns else 0)


def test_resolve_access_company_equals_the_orm_row():
    company = CompanyFactory(employees=12, capital_yen=3_000_000)
    owner = member(company)

    access = resolve_access(owner, company.pk)

    fields = [f.attname for f in Company._meta.concrete_fields]
    expected = Company.objects.get(pk=company.pk)
    assert {f: getattr(access.company, f) for f in fields} == {f: getattr(expected, f) for f in fields}
    assert access.company._state.adding is False
