from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from dxnavi.accounts import services
from dxnavi.accounts.models import LoginFailure


@pytest.mark.django_db
def test_is_locked_out_below_limit_false():
    for _ in range(4):
        services.record_failure("A@Example.com", "192.0.2.1")

    assert services.is_locked_out("a@example.com", "192.0.2.1") is False


@pytest.mark.django_db
def test_is_locked_out_at_limit_true():
    for _ in range(5):
        services.record_failure("A@Example.com", "192.0.2.1")

    assert services.is_locked_out("a@example.com", "192.0.2.1") is True


@pytest.mark.django_db
def test_is_locked_out_other_ip_below_account_ceiling_false():
    for _ in range(5):
        services.record_failure("A@Example.com", "192.0.2.1")

    assert services.is_locked_out("a@example.com", "192.0.2.2") is False


@pytest.mark.django_db
def test_lockout_minutes_old_failures_ignored():
    LoginFailure.objects.bulk_create(
        LoginFailure(email="a@example.com", created=timezone.now() - timedelta(minutes=16)) for _ in range(5)
    )

    assert services.lockout_minutes("a@example.com") == 0


@pytest.mark.django_db
def test_clear_failures_only_that_email():
    services.record_failure("a@example.com")
    services.record_failure("b@example.com")

    services.clear_failures("A@EXAMPLE.COM")

    assert list(LoginFailure.objects.values_list("email", flat=True)) == ["b@example.com"]


@pytest.mark.django_db
def test_purge_expired_failures_keeps_recent():
    LoginFailure.objects.create(email="old@example.com", created=timezone.now() - timedelta(minutes=30))
    services.record_failure("new@example.com")

    assert services.purge_expired_failures() == 1
    assert list(LoginFailure.objects.values_list("email", flat=True)) == ["new@example.com"]


def test_client_ip_ignores_forwarded_header_by_default():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert services.client_ip(request) == "10.0.0.1"


def test_client_ip_uses_forwarded_header_behind_trusted_proxy(settings):
    settings.LOCKOUT_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")

    assert services.client_ip(request) == "203.0.113.9"


def test_client_ip_invalid_address_none():
    request = RequestFactory().get("/", REMOTE_ADDR="not-an-ip")

    assert services.client_ip(request) is None


def test_normalize_recovery_code_strips_formatting():
    assert services.normalize_recovery_code(" AbCdE-fGh23 ") == "abcdefgh23"
