"""Finding #8-1: the admin has no login of its own; every way in goes through accounts:login."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from dxnavi.accounts.models import LoginFailure, User

from .factories import PASSWORD, confirmed_device
from .helpers import logged_in_user_id, post_login, totp_code


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin@example.com", PASSWORD)


@pytest.mark.django_db
def test_admin_login_post_right_password_of_totp_user_no_session(client, superuser):
    confirmed_device(superuser)

    response = client.post(reverse("admin:login"), {"username": superuser.email, "password": PASSWORD, "next": "/admin/"})

    assert logged_in_user_id(client) is None
    assert client.get(reverse("admin:index")).status_code == 302
    assert response.status_code == 302


@pytest.mark.django_db
def test_admin_login_redirects_to_accounts_login_with_next(client):
    response = client.get(reverse("admin:login") + "?next=/admin/accounts/user/")

    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?next=%2Fadmin%2Faccounts%2Fuser%2F"


@pytest.mark.django_db
def test_admin_index_anonymous_ends_at_accounts_login(client):
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:login") + "?next=%2Fadmin%2F"


@pytest.mark.django_db
def test_admin_totp_user_without_second_factor_in_session_refused(client, superuser):
    confirmed_device(superuser)
    client.force_login(superuser)  # a session that never passed the TOTP step

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login")) is True


@pytest.mark.django_db
def test_admin_totp_user_after_full_login_allowed(client, superuser):
    device, _codes = confirmed_device(superuser)
    post_login(client, superuser.email, PASSWORD)
    client.post(reverse("accounts:login_totp"), {"code": totp_code(device.secret)})

    response = client.get(reverse("admin:index"))

    assert logged_in_user_id(client) == str(superuser.pk)
    assert response.status_code == 200


@pytest.mark.django_db
def test_admin_user_without_totp_after_password_login_allowed(client, superuser):
    post_login(client, superuser.email, PASSWORD)

    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_authenticate_wrong_password_counts_toward_lockout(superuser):
    request = RequestFactory().post("/anywhere/", REMOTE_ADDR="192.0.2.7")
    for _ in range(5):
        assert authenticate(request, username=superuser.email, password="wrong-password") is None

    right = authenticate(request, username=superuser.email, password=PASSWORD)

    assert LoginFailure.objects.filter(email="admin@example.com", ip="192.0.2.7").count() == 5
    assert right is None


@pytest.mark.django_db
def test_admin_login_already_admitted_goes_to_next(client, superuser):
    post_login(client, superuser.email, PASSWORD)

    response = client.get(reverse("admin:login") + "?next=/admin/accounts/user/")

    assert response.url == "/admin/accounts/user/"
    assert logged_in_user_id(client) == str(superuser.pk)


@pytest.mark.django_db
def test_admin_login_non_staff_forbidden(client):
    client.force_login(User.objects.create_user("plain@example.com", PASSWORD))

    assert client.get(reverse("admin:login")).status_code == 403


@pytest.mark.django_db
def test_admin_login_external_next_replaced_by_admin_index(client, superuser):
    post_login(client, superuser.email, PASSWORD)

    response = client.get(reverse("admin:login") + "?next=https://evil.example.net/")

    assert response.url == reverse("admin:index")
