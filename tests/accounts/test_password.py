import re

import pytest
from django.urls import reverse
from django.utils import translation

from dxnavi.accounts.models import LoginFailure, User

from .factories import PASSWORD, UserFactory
from .helpers import logged_in_user_id, post_login

NEW_PASSWORD = "sakura-saku-haru-77"
LINK = re.compile(r"https?://[^\s]+/accounts/password/reset/[^\s]+/")


def request_reset(client, email, **extra):
    return client.post(reverse("accounts:password_reset"), {"email": email}, **extra)


def follow_reset_link(client, link):
    """The link redirects to a token-free URL; returns that URL's response."""
    path = link.split("://", 1)[1].split("/", 1)[1]
    return client.get("/" + path, follow=True)


@pytest.mark.django_db
def test_create_user_hashes_with_argon2(user):
    assert user.password.startswith("argon2") is True


@pytest.mark.django_db
def test_password_reset_sends_email_with_link(client, user, mailoutbox):
    response = request_reset(client, "TARO@example.com")

    with translation.override("ja"):
        subject = translation.gettext("Reset your dxnavi password")
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["taro@example.com"]
    assert mailoutbox[0].subject == subject
    assert len(LINK.findall(mailoutbox[0].body)) == 1


@pytest.mark.django_db
def test_password_reset_email_in_account_language(client, mailoutbox):
    UserFactory(email="en@example.com", language="en")

    request_reset(client, "en@example.com")

    assert mailoutbox[0].subject == "Reset your dxnavi password"


@pytest.mark.django_db
def test_password_reset_link_uses_request_host(client, user, mailoutbox, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "dxnavi.example.jp"]

    request_reset(client, user.email, HTTP_HOST="dxnavi.example.jp")

    assert LINK.search(mailoutbox[0].body).group(0).startswith("http://dxnavi.example.jp/accounts/password/reset/") is True


@pytest.mark.django_db
def test_password_reset_unknown_email_sends_nothing(client, mailoutbox):
    response = request_reset(client, "nobody@example.com")

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 0


@pytest.mark.django_db
def test_password_reset_link_sets_new_password(client, user, mailoutbox):
    request_reset(client, user.email)
    link = LINK.search(mailoutbox[0].body).group(0)

    form_page = follow_reset_link(client, link)
    assert form_page.context["validlink"] is True
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    user.refresh_from_db()
    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    assert user.check_password(NEW_PASSWORD) is True
    assert user.password.startswith("argon2") is True


@pytest.mark.django_db
def test_password_reset_link_single_use(client, user, mailoutbox):
    request_reset(client, user.email)
    link = LINK.search(mailoutbox[0].body).group(0)
    form_page = follow_reset_link(client, link)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = follow_reset_link(client, link)

    assert again.context["validlink"] is False


@pytest.mark.django_db
def test_password_reset_lifts_lockout(client, user, mailoutbox):
    LoginFailure.objects.bulk_create(LoginFailure(email=user.email, ip="127.0.0.1") for _ in range(5))
    request_reset(client, user.email)
    form_page = follow_reset_link(client, LINK.search(mailoutbox[0].body).group(0))
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    post_login(client, user.email, NEW_PASSWORD)

    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_password_change_keeps_session(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD) is True
    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_password_change_requires_login(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login")) is True
