import pytest
from django.urls import reverse

from .helpers import messages_of


@pytest.mark.django_db
def test_settings_requires_login(client):
    response = client.get(reverse("accounts:settings"))

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={reverse('accounts:settings')}"


@pytest.mark.django_db
def test_settings_shows_account(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:settings"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "taro@example.com" in html
    assert reverse("accounts:password_change") in html
    assert reverse("accounts:totp_setup") in html


@pytest.mark.django_db
def test_settings_saves_name_and_language(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:settings"), {"name": "Taro Yamada", "language": "en"}, follow=True)

    user.refresh_from_db()
    assert (user.name, user.language) == ("Taro Yamada", "en")
    assert messages_of(response) == ["Your settings have been saved."]
    assert response.wsgi_request.LANGUAGE_CODE == "en"
