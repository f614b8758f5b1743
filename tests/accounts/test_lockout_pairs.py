"""Finding #8-5: a stranger cannot lock the real user out; the lock is per (e-mail, IP) plus an account-wide ceiling."""

import pytest
from django.urls import reverse

from dxnavi.accounts import services
from dxnavi.accounts.models import LoginFailure

from .helpers import form_errors, lockout_text, logged_in_user_id, post_login

ATTACKER = "198.51.100.66"
REAL_USER = "203.0.113.10"


@pytest.mark.django_db
def test_login_attacker_failures_do_not_lock_real_user_on_other_ip(client, user):
    for _ in range(6):
        post_login(client, user.email, "wrong-password", REMOTE_ADDR=ATTACKER)

    response = post_login(client, user.email, REMOTE_ADDR=REAL_USER)

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_login_attacker_ip_locked_for_that_email(client, user):
    for _ in range(5):
        post_login(client, user.email, "wrong-password", REMOTE_ADDR=ATTACKER)

    response = post_login(client, user.email, REMOTE_ADDR=ATTACKER)

    assert form_errors(response) == [lockout_text(15)]
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_login_account_wide_ceiling_locks_every_ip(client, user, settings):
    settings.LOCKOUT_ACCOUNT_MAX_FAILURES = 50
    LoginFailure.objects.bulk_create(
        LoginFailure(email=user.email, ip=f"198.51.100.{i}") for i in range(50)
    )

    response = post_login(client, user.email, REMOTE_ADDR=REAL_USER)

    assert form_errors(response) == [lockout_text(15)]
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_login_success_clears_only_own_ip_failures(client, user):
    for _ in range(3):
        post_login(client, user.email, "wrong-password", REMOTE_ADDR=ATTACKER)
    post_login(client, user.email, "wrong-password", REMOTE_ADDR=REAL_USER)

    post_login(client, user.email, REMOTE_ADDR=REAL_USER)

    assert list(LoginFailure.objects.values_list("ip", flat=True)) == [ATTACKER] * 3


@pytest.mark.django_db
def test_password_reset_lifts_account_wide_lock(client, user, settings):
    settings.LOCKOUT_ACCOUNT_MAX_FAILURES = 50
    LoginFailure.objects.bulk_create(LoginFailure(email=user.email, ip=f"198.51.100.{i}") for i in range(50))

    services.clear_failures(user.email)
    post_login(client, user.email, REMOTE_ADDR=REAL_USER)

    assert logged_in_user_id(client) == str(user.pk)
    assert reverse("accounts:password_reset")  # the e-mailed reset link is the documented unlock path
