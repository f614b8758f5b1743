import pytest
from django.urls import reverse

from dxnavi.accounts.models import LoginFailure, User

from .factories import PASSWORD, confirmed_device


@pytest.fixture
def admin_client_(client, db):
    admin = User.objects.create_superuser("admin@example.com", PASSWORD)
    client.force_login(admin)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["user", "loginfailure", "totpdevice"])
def test_admin_changelist_loads(admin_client_, model):
    response = admin_client_.get(reverse(f"admin:accounts_{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_admin_user_add_creates_email_user(admin_client_):
    response = admin_client_.post(
        reverse("admin:accounts_user_add"),
        {"email": "New@Example.com", "name": "新規", "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )

    user = User.objects.get(email="new@example.com")
    assert response.status_code == 302
    assert user.password.startswith("argon2") is True


@pytest.mark.django_db
def test_admin_loginfailure_read_only(admin_client_):
    failure = LoginFailure.objects.create(email="a@example.com", ip="192.0.2.1")

    add = admin_client_.get(reverse("admin:accounts_loginfailure_add"))
    change = admin_client_.post(reverse("admin:accounts_loginfailure_change", args=[failure.pk]), {"email": "b@example.com"})

    failure.refresh_from_db()
    assert add.status_code == 403
    assert change.status_code == 403
    assert failure.email == "a@example.com"


@pytest.mark.django_db
def test_admin_totpdevice_secret_hidden(admin_client_, user):
    device, _codes = confirmed_device(user)

    response = admin_client_.get(reverse("admin:accounts_totpdevice_change", args=[device.pk]))

    assert response.status_code == 200
    assert device.secret not in response.content.decode()
