import pytest
from django.urls import reverse
from django.utils import translation

from dxnavi.accounts.models import User

from .factories import PASSWORD, UserFactory
from .helpers import error_codes, form_errors, logged_in_user_id

SIGNUP = reverse("accounts:signup")


def signup_data(**overrides):
    data = {"email": "Hanako@Example.com", "name": "佐藤 花子", "password1": PASSWORD, "password2": PASSWORD}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_signup_creates_user_and_asks_to_confirm_email(client):
    # Since #8 the sign-up does not log in: the same answer must go to a new and an existing address.
    response = client.post(SIGNUP, signup_data())

    user = User.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_done")
    assert user.email == "hanako@example.com"
    assert user.name == "佐藤 花子"
    assert user.check_password(PASSWORD) is True
    assert user.email_verified is False
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_signup_password_hashed_with_argon2(client):
    client.post(SIGNUP, signup_data())

    assert User.objects.get().password.startswith("argon2") is True


@pytest.mark.django_db
def test_signup_language_taken_from_request(client):
    client.post(SIGNUP, signup_data(), HTTP_ACCEPT_LANGUAGE="en")

    assert User.objects.get().language == "en"


@pytest.mark.django_db
def test_signup_safe_next_followed(client):
    response = client.post(f"{SIGNUP}?next=/accounts/settings/", signup_data())

    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_done") + "?next=%2Faccounts%2Fsettings%2F"


@pytest.mark.django_db
def test_signup_external_next_ignored(client):
    response = client.post(SIGNUP, signup_data(next="https://evil.example.net/"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_done")


@pytest.mark.django_db
def test_signup_get_prefills_email_and_keeps_next(client):
    response = client.get(SIGNUP, {"email": "invited@example.com", "next": "/accounts/settings/"})

    assert response.status_code == 200
    assert response.context["form"].initial["email"] == "invited@example.com"
    assert response.context["next"] == "/accounts/settings/"
    assert 'autocomplete="new-password"' in response.content.decode()


@pytest.mark.django_db
def test_signup_password_mismatch_rejected(client):
    response = client.post(SIGNUP, signup_data(password2=PASSWORD + "x"))

    with translation.override("ja"):
        expected = str(translation.gettext("The two passwords do not match."))
    assert response.status_code == 200
    assert form_errors(response, "password2") == [expected]
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_signup_weak_password_rejected(client):
    response = client.post(SIGNUP, signup_data(password1="12345678", password2="12345678"))

    assert response.status_code == 200
    assert error_codes(response, "password1") == ["password_too_short", "password_too_common", "password_entirely_numeric"]
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_signup_existing_email_not_created_again_case_insensitively(client):
    # Since #8 no form error (it would reveal the account): the owner is e-mailed instead.
    existing = UserFactory(email="hanako@example.com")

    other = "another-pass-2026!"
    response = client.post(SIGNUP, signup_data(email="HANAKO@example.com", password1=other, password2=other))

    assert response.status_code == 302
    assert response.url == reverse("accounts:signup_done")
    assert list(User.objects.values_list("pk", flat=True)) == [existing.pk]
    assert User.objects.get().check_password(PASSWORD) is True


@pytest.mark.django_db
def test_signup_missing_name_rejected(client):
    response = client.post(SIGNUP, signup_data(name=""))

    assert response.status_code == 200
    assert error_codes(response, "name") == ["required"]
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_signup_errors_shown_next_to_field(client):
    response = client.post(SIGNUP, signup_data(name=""))

    html = response.content.decode()
    assert 'id="id_name_error"' in html
    assert 'aria-invalid="true"' in html
