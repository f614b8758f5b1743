from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dxnavi.accounts.models import LoginFailure

from .factories import PASSWORD, UserFactory
from .helpers import form_errors, lockout_text, logged_in_user_id, post_login


def invalid_text():
    with translation.override("ja"):
        return str(translation.gettext("The e-mail address or password is incorrect."))


def fail_times(client, email, times, **extra):
    response = None
    for _ in range(times):
        response = post_login(client, email, "wrong-password", **extra)
    return response


@pytest.mark.django_db
def test_login_correct_password_logs_in(client, user):
    response = post_login(client, "taro@example.com")

    assert response.status_code == 302
    assert response.url == reverse("web:home")
    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_login_email_case_insensitive(client, user):
    post_login(client, "  Taro@EXAMPLE.com ")

    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_login_safe_next_followed(client, user):
    response = client.post(
        reverse("accounts:login") + "?next=/accounts/settings/", {"email": user.email, "password": PASSWORD}
    )

    assert response.url == "/accounts/settings/"


@pytest.mark.django_db
def test_login_external_next_ignored(client, user):
    response = client.post(
        reverse("accounts:login"), {"email": user.email, "password": PASSWORD, "next": "//evil.example.net/"}
    )

    assert response.url == reverse("web:home")


@pytest.mark.django_db
def test_login_page_autocomplete_attributes_set(client):
    html = client.get(reverse("accounts:login")).content.decode()

    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert '<label for="id_email">' in html
    assert '<label for="id_password">' in html


@pytest.mark.django_db
def test_login_wrong_password_refused_and_recorded(client, user):
    response = post_login(client, "Taro@example.com", "wrong-password")

    failure = LoginFailure.objects.get()
    assert response.status_code == 200
    assert form_errors(response) == [invalid_text()]
    assert logged_in_user_id(client) is None
    assert (failure.email, failure.ip) == ("taro@example.com", "127.0.0.1")


@pytest.mark.django_db
def test_login_unknown_email_same_message_as_wrong_password(client, user):
    known = post_login(client, "taro@example.com", "wrong-password")
    unknown = post_login(client, "nobody@example.com", "wrong-password")

    assert form_errors(unknown) == form_errors(known)


@pytest.mark.django_db
def test_login_locked_after_max_failures(client, user):
    before_limit = fail_times(client, user.email, 4)
    at_limit = post_login(client, user.email, "wrong-password")
    right_password = post_login(client, user.email)

    assert form_errors(before_limit) == [invalid_text()]
    assert form_errors(at_limit) == [lockout_text(15)]
    assert form_errors(right_password) == [lockout_text(15)]
    assert logged_in_user_id(client) is None
    assert LoginFailure.objects.count() == 5  # refused attempts are not counted again


@pytest.mark.django_db
def test_login_lockout_message_identical_for_unknown_email(client, user):
    fail_times(client, user.email, 5)
    known = post_login(client, user.email)
    fail_times(client, "nobody@example.com", 5)
    unknown = post_login(client, "nobody@example.com")

    assert form_errors(unknown) == form_errors(known)
    assert form_errors(unknown) == [lockout_text(15)]


@pytest.mark.django_db
def test_login_lockout_does_not_affect_other_email(client, user):
    other = UserFactory(email="jiro@example.com")
    fail_times(client, user.email, 5)

    post_login(client, other.email)

    assert logged_in_user_id(client) == str(other.pk)


@pytest.mark.django_db
def test_login_unlocked_after_window(client, user):
    fail_times(client, user.email, 5)
    LoginFailure.objects.update(created=timezone.now() - timedelta(minutes=15, seconds=1))

    response = post_login(client, user.email)

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_login_lockout_message_counts_down(client, user):
    fail_times(client, user.email, 5)
    LoginFailure.objects.update(created=timezone.now() - timedelta(minutes=10))

    response = post_login(client, user.email)

    assert form_errors(response) == [lockout_text(5)]


@pytest.mark.django_db
def test_login_success_clears_failures(client, user):
    fail_times(client, user.email, 4)
    post_login(client, user.email)
    client.post(reverse("accounts:logout"))

    after = fail_times(client, user.email, 4)

    assert form_errors(after) == [invalid_text()]
    assert LoginFailure.objects.filter(email=user.email).count() == 4


@pytest.mark.django_db
def test_login_ip_spraying_locked_after_four_times_limit(client, user):
    LoginFailure.objects.bulk_create(LoginFailure(email=f"victim{i}@example.com", ip="127.0.0.1") for i in range(19))

    twentieth = post_login(client, "victim99@example.com", "wrong-password")
    right_password = post_login(client, user.email)

    assert form_errors(twentieth) == [lockout_text(15)]
    assert form_errors(right_password) == [lockout_text(15)]
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_login_ip_below_spraying_limit_allowed(client, user):
    LoginFailure.objects.bulk_create(LoginFailure(email=f"victim{i}@example.com", ip="127.0.0.1") for i in range(19))

    post_login(client, user.email)

    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_login_ip_spraying_does_not_block_other_ip(client, user):
    LoginFailure.objects.bulk_create(LoginFailure(email=f"victim{i}@example.com", ip="127.0.0.1") for i in range(20))

    post_login(client, user.email, REMOTE_ADDR="10.1.2.3")

    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_login_inactive_user_refused(client):
    UserFactory(email="gone@example.com", is_active=False)

    response = post_login(client, "gone@example.com")

    assert form_errors(response) == [invalid_text()]
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_login_sets_language_cookie_from_account(client):
    UserFactory(email="en@example.com", language="en")

    response = post_login(client, "en@example.com")

    assert response.cookies["django_language"].value == "en"


@pytest.mark.django_db
def test_logout_get_not_allowed(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_logout_post_logs_out(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response.url == reverse("web:landing")
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_login_next_without_leading_slash_ignored(client, user):
    # A relative "next" such as "-1" used to reach redirect(), which took it for a view name: a 500.
    response = client.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD, "next": "-1"})

    assert response.status_code == 302
    assert response.url == reverse("web:home")


@pytest.mark.django_db
def test_login_page_next_without_leading_slash_ignored_when_logged_in(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:login") + "?next=settings")

    assert response.status_code == 302
    assert response.url == reverse("web:home")
