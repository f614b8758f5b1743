import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from dxnavi.api import tokens
from dxnavi.api.models import ApiToken
from tests.api.helpers import call, make_token
from tests.factories import AdviserOrganizationFactory, CompanyFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def test_token_create_shows_secret_once_and_stores_hash(client):
    user = UserFactory()
    company = CompanyFactory()
    member(company, user=user, role="owner")
    client.force_login(user)
    response = client.post(reverse("api:tokens"), {"name": "CRM連携", "scope": "write", "limit": f"c{company.pk}", "days": "90"})
    token = ApiToken.objects.get()
    plaintext = response.context["created"].plaintext
    assert response.status_code == 200
    assert plaintext.startswith(f"dxn_{token.prefix}_")
    assert plaintext in response.content.decode()
    assert token.secret_hash == hashlib.sha256(plaintext.split("_", 2)[2].encode()).hexdigest()
    assert plaintext.split("_", 2)[2] not in str(list(ApiToken.objects.values()))
    assert (token.scope, token.company_id, token.organization_id) == ("write", company.pk, None)
    assert abs((token.expires_at - timezone.now()) - datetime.timedelta(days=90)) < datetime.timedelta(minutes=1)
    again = client.get(reverse("api:tokens"))
    assert plaintext not in again.content.decode()
    assert plaintext not in str(dict(client.session))


def test_token_create_outsider_company_limit_is_form_error(client):
    user = UserFactory()
    other = CompanyFactory()
    client.force_login(user)
    response = client.post(reverse("api:tokens"), {"name": "x", "scope": "read", "limit": f"c{other.pk}", "days": "30"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["limit"]
    assert ApiToken.objects.count() == 0


def test_token_create_organization_limit_requires_membership(client):
    user = UserFactory()
    org = AdviserOrganizationFactory()
    client.force_login(user)
    response = client.post(reverse("api:tokens"), {"name": "x", "scope": "read", "limit": f"o{org.pk}", "days": "30"})
    assert list(response.context["form"].errors) == ["limit"]
    assert ApiToken.objects.count() == 0


def test_token_create_expiry_over_a_year_refused(client):
    client.force_login(UserFactory())
    response = client.post(reverse("api:tokens"), {"name": "x", "scope": "read", "limit": "", "days": "400"})
    assert list(response.context["form"].errors) == ["days"]
    assert ApiToken.objects.count() == 0


def test_token_revoke_only_own(client):
    owner, other = UserFactory(), UserFactory()
    make_token(owner)
    token = ApiToken.objects.get()
    client.force_login(other)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("api:token_revoke", args=[token.pk])).status_code == 200
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_list_requires_login(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302


def test_token_revoked_expired_inactive_are_401(client):
    user = UserFactory()
    revoked = make_token(user, revoked=True)
    expired = make_token(user, expired=True)
    inactive_user = UserFactory(is_active=False)
    inactive = make_token(inactive_user)
    valid = make_token(user)
    statuses = [call(client, "get", "/api/v1/me", t).status_code for t in (revoked, expired, inactive, valid)]
    assert statuses == [401, 401, 401, 200]


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer dxn_x_y", "Basic abc", "Bearer dxn_000000000000_" + "A" * 43])
def test_api_malformed_or_unknown_token_401(client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/me", **extra)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["code"] == "unauthorized"


def test_api_wrong_secret_401(client):
    user = UserFactory()
    plaintext = make_token(user)
    wrong = plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B")
    assert call(client, "get", "/api/v1/me", wrong).status_code == 401


def test_api_session_login_is_not_api_auth(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/api/v1/me").status_code == 401


def test_last_used_updated_at_most_once_a_minute(client, django_assert_num_queries):
    user = UserFactory()
    plaintext = make_token(user)
    call(client, "get", "/api/v1/me", plaintext)
    first = ApiToken.objects.get().last_used_at
    call(client, "get", "/api/v1/me", plaintext)
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - tokens.LAST_USED_EVERY)
    call(client, "get", "/api/v1/me", plaintext)
    assert ApiToken.objects.get().last_used_at > first


def test_me_reports_token(client):
    user = UserFactory(email="me@example.test")
    company = CompanyFactory(name="自社")
    member(company, user=user)
    plaintext = make_token(user, scope="write", company=company, name="連携")
    data = call(client, "get", "/api/v1/me", plaintext).json()
    assert (data["email"], data["scope"], data["token_name"], data["limit"]) == (
        "me@example.test", "write", "連携", {"kind": "company", "id": company.pk, "name": "自社"})


def test_tokens_deleted_with_user_and_company():
    user = UserFactory()
    company = CompanyFactory()
    make_token(user, company=company)
    make_token(user)
    company.delete()
    assert ApiToken.objects.count() == 1
    user.delete()
    assert ApiToken.objects.count() == 0
