"""Finding #8-2b: every e-mail-sending action is rate-limited per user, per IP and per recipient."""

import os

import pytest
from django.core.cache import caches
from django.urls import reverse

from dxnavi.orgs.models import AdviserMembership, Invitation
from tests.conftest import require_service
from tests.factories import AdviserOrganizationFactory, CompanyFactory, member

from .factories import PASSWORD, UserFactory


@pytest.fixture
def limits(settings):
    settings.MAIL_LIMIT_PER_USER = 3
    settings.MAIL_LIMIT_PER_IP = 5
    settings.MAIL_LIMIT_PER_RECIPIENT = 2
    settings.MAIL_LIMIT_WINDOW_MINUTES = 60
    return settings


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def cache_backend(request, settings):
    """Run against the local-memory cache and against the real Redis server."""
    if request.param == "redis":
        url = require_service("Redis", os.environ.get("DXNAVI_TEST_REDIS_URL"))
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    caches["default"].clear()
    yield request.param
    caches["default"].clear()


def invite(client, company, n):
    return client.post(reverse("orgs:company_members", args=[company.pk]), {"email": f"p{n}@example.net", "role": "viewer"})


@pytest.mark.django_db
def test_invitations_per_user_limit_429(client, limits, cache_backend):
    company = CompanyFactory()
    owner = member(company, user=UserFactory(email="owner@example.com"), role="owner")
    client.force_login(owner)

    statuses = [invite(client, company, n).status_code for n in range(4)]
    blocked = invite(client, company, 9)

    assert statuses == [302, 302, 302, 429]
    assert Invitation.objects.count() == 3
    assert blocked["Retry-After"] == "3600"
    assert "しばらく" in blocked.content.decode()


@pytest.mark.django_db
def test_limit_per_user_follows_user_across_ips(client, limits, cache_backend):
    company = CompanyFactory()
    client.force_login(member(company, user=UserFactory(email="owner@example.com"), role="owner"))
    url = reverse("orgs:company_members", args=[company.pk])
    for n in range(3):
        client.post(url, {"email": f"p{n}@example.net", "role": "viewer"}, REMOTE_ADDR=f"192.0.2.{n}")

    response = client.post(url, {"email": "x@example.net", "role": "viewer"}, REMOTE_ADDR="192.0.2.99")

    assert response.status_code == 429


@pytest.mark.django_db
def test_password_reset_per_ip_limit_429(client, limits, cache_backend, mailoutbox):
    UserFactory(email="taro@example.com")
    statuses = [
        client.post(reverse("accounts:password_reset"), {"email": f"someone{n}@example.com"}).status_code for n in range(5)
    ]

    blocked = client.post(reverse("accounts:password_reset"), {"email": "taro@example.com"})
    other_ip = client.post(reverse("accounts:password_reset"), {"email": "taro@example.com"}, REMOTE_ADDR="198.51.100.1")

    assert statuses == [302] * 5
    assert blocked.status_code == 429
    assert other_ip.status_code == 302
    assert [m.to for m in mailoutbox] == [["taro@example.com"]]


@pytest.mark.django_db
def test_password_reset_per_recipient_limit_across_ips(client, limits, cache_backend, mailoutbox):
    UserFactory(email="taro@example.com")

    statuses = [
        client.post(reverse("accounts:password_reset"), {"email": "Taro@example.com"}, REMOTE_ADDR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_signup_per_ip_limit_429(client, limits, cache_backend):
    def signup(n):
        data = {"email": f"new{n}@example.com", "name": "名前", "password1": PASSWORD, "password2": PASSWORD}
        return client.post(reverse("accounts:signup"), data).status_code

    assert [signup(n) for n in range(6)] == [302] * 5 + [429]


@pytest.mark.django_db
def test_verification_resend_limit_429(client, limits, cache_backend):
    client.force_login(UserFactory(email="new@example.com", email_verified_at=None))

    statuses = [client.post(reverse("accounts:verify_email_resend")).status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 429]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["orgs:adviser_org_members", "orgs:adviser_register_client"])
def test_adviser_sending_views_limited(client, limits, cache_backend, url_name):
    org = AdviserOrganizationFactory()
    adviser = UserFactory(email="adviser@example.com")
    AdviserMembership.objects.create(organization=org, user=adviser, role="owner")
    client.force_login(adviser)

    statuses = [client.post(reverse(url_name, args=[org.pk]), {}).status_code for _ in range(4)]

    assert statuses[-1] == 429


@pytest.mark.django_db
def test_adviser_org_create_limited(client, limits, cache_backend):
    client.force_login(UserFactory(email="adviser@example.com"))

    statuses = [client.post(reverse("orgs:adviser_org_create"), {}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_get_requests_not_counted(client, limits, cache_backend):
    company = CompanyFactory()
    client.force_login(member(company, user=UserFactory(email="owner@example.com"), role="owner"))
    for _ in range(10):
        client.get(reverse("orgs:company_members", args=[company.pk]))

    assert invite(client, company, 1).status_code == 302


def test_counter_counts_per_key(cache_backend, monkeypatch):
    from dxnavi import ratelimit  # new in #8: imported here so the other tests run on older code

    monkeypatch.setattr(ratelimit.time, "time", lambda: 7200.0)  # inside one window, whatever the clock

    counts = [ratelimit._count("test:key", 60) for _ in range(3)]
    other = ratelimit._count("test:other", 60)
    monkeypatch.setattr(ratelimit.time, "time", lambda: 7260.0)  # the next window starts from one
    next_window = ratelimit._count("test:key", 60)

    assert (counts, other, next_window) == ([1, 2, 3], 1, 1)
