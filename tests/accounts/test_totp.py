import time

import pytest
from django.urls import reverse
from django.utils import translation

from dxnavi.accounts import services
from dxnavi.accounts.models import LoginFailure, RecoveryCode, TOTPDevice

from .factories import PASSWORD, confirmed_device
from .helpers import (
    form_errors,
    lockout_text,
    logged_in_user_id,
    messages_of,
    post_login,
    totp_code,
    wrong_totp_code,
)

LOGIN_TOTP = reverse("accounts:login_totp")


def invalid_code_text():
    with translation.override("ja"):
        return services.invalid_code_message()


def password_step(client, user):
    return post_login(client, user.email, PASSWORD)


def logout(client):
    client.post(reverse("accounts:logout"))


@pytest.mark.django_db
def test_totp_setup_shows_qr_svg_and_secret(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:totp_setup"))

    device = TOTPDevice.objects.get(user=user)
    html = response.content.decode()
    assert response.status_code == 200
    assert device.confirmed is False
    assert '<svg width="' in html
    assert services.grouped_secret(device.secret) in html
    assert 'autocomplete="one-time-code"' in html


@pytest.mark.django_db
def test_totp_setup_secret_kept_across_reloads(client, user):
    client.force_login(user)
    client.get(reverse("accounts:totp_setup"))
    first = TOTPDevice.objects.get(user=user).secret

    client.get(reverse("accounts:totp_setup"))

    assert TOTPDevice.objects.get(user=user).secret == first


@pytest.mark.django_db
def test_totp_setup_wrong_code_rejected(client, user):
    client.force_login(user)
    client.get(reverse("accounts:totp_setup"))
    device = TOTPDevice.objects.get(user=user)

    response = client.post(reverse("accounts:totp_setup"), {"code": wrong_totp_code(device.secret)})

    assert response.status_code == 200
    assert form_errors(response, "code") == [invalid_code_text()]
    assert TOTPDevice.objects.get(user=user).confirmed is False


@pytest.mark.django_db
def test_totp_setup_right_code_confirms_and_shows_recovery_codes_once(client, user):
    client.force_login(user)
    client.get(reverse("accounts:totp_setup"))
    device = TOTPDevice.objects.get(user=user)

    response = client.post(reverse("accounts:totp_setup"), {"code": totp_code(device.secret)})

    codes = response.context["codes"]
    hashes = list(RecoveryCode.objects.filter(device=device).values_list("code_hash", flat=True))
    assert response.status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed is True
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes) is True
    assert len(hashes) == 10
    assert all(h.startswith("argon2") for h in hashes) is True
    assert any(code in hashes for code in codes) is False


@pytest.mark.django_db
def test_totp_setup_when_already_on_redirects_to_settings(client, user):
    confirmed_device(user)
    client.force_login(user)

    response = client.get(reverse("accounts:totp_setup"))

    assert response.status_code == 302
    assert response.url == reverse("accounts:settings")


@pytest.mark.django_db
def test_totp_full_flow_setup_then_login_with_code(client, user):
    base = time.time()
    client.force_login(user)
    client.get(reverse("accounts:totp_setup"))
    secret = TOTPDevice.objects.get(user=user).secret
    client.post(reverse("accounts:totp_setup"), {"code": totp_code(secret, 0, base)})
    logout(client)

    step_one = password_step(client, user)
    assert step_one.url == LOGIN_TOTP
    assert logged_in_user_id(client) is None

    # The setup code's time step is used up, so log in with the next step's code.
    response = client.post(LOGIN_TOTP, {"code": totp_code(secret, 1, base)})

    assert response.status_code == 302
    assert response.url == reverse("web:home")
    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_login_totp_required_after_password(client, user):
    confirmed_device(user)

    response = password_step(client, user)

    assert response.status_code == 302
    assert response.url == LOGIN_TOTP
    assert logged_in_user_id(client) is None
    assert client.get(LOGIN_TOTP).status_code == 200


@pytest.mark.django_db
def test_login_totp_wrong_code_refused(client, user):
    device, _codes = confirmed_device(user)
    password_step(client, user)

    response = client.post(LOGIN_TOTP, {"code": wrong_totp_code(device.secret)})

    assert response.status_code == 200
    assert form_errors(response, "code") == [invalid_code_text()]
    assert logged_in_user_id(client) is None
    assert LoginFailure.objects.filter(email=user.email).count() == 1


@pytest.mark.django_db
def test_login_totp_right_code_logs_in(client, user):
    device, _codes = confirmed_device(user)
    LoginFailure.objects.create(email=user.email, ip="127.0.0.1")
    password_step(client, user)

    response = client.post(LOGIN_TOTP, {"code": totp_code(device.secret)})

    assert response.status_code == 302
    assert response.url == reverse("web:home")
    assert logged_in_user_id(client) == str(user.pk)
    assert LoginFailure.objects.filter(email=user.email).count() == 0


@pytest.mark.django_db
def test_login_totp_code_with_spaces_accepted(client, user):
    device, _codes = confirmed_device(user)
    password_step(client, user)
    code = totp_code(device.secret)

    client.post(LOGIN_TOTP, {"code": f" {code[:3]} {code[3:]} "})

    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_login_totp_replayed_code_refused(client, user):
    device, _codes = confirmed_device(user)
    code = totp_code(device.secret)
    password_step(client, user)
    client.post(LOGIN_TOTP, {"code": code})
    logout(client)

    password_step(client, user)
    response = client.post(LOGIN_TOTP, {"code": code})

    assert response.status_code == 200
    assert form_errors(response, "code") == [invalid_code_text()]
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_login_totp_recovery_code_works_once(client, user):
    _device, codes = confirmed_device(user)
    password_step(client, user)
    first = client.post(LOGIN_TOTP, {"recovery_code": codes[0]})
    assert first.status_code == 302
    assert logged_in_user_id(client) == str(user.pk)
    logout(client)

    password_step(client, user)
    second = client.post(LOGIN_TOTP, {"recovery_code": codes[0]})

    assert second.status_code == 200
    assert len(form_errors(second, "recovery_code")) == 1
    assert logged_in_user_id(client) is None
    assert RecoveryCode.objects.filter(used_at__isnull=True).count() == 9


@pytest.mark.django_db
def test_login_totp_recovery_code_formatting_ignored(client, user):
    _device, codes = confirmed_device(user)
    password_step(client, user)

    client.post(LOGIN_TOTP, {"recovery_code": codes[1].upper().replace("-", " ")})

    assert logged_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_login_totp_pending_expires_after_five_minutes(client, user):
    device, _codes = confirmed_device(user)
    password_step(client, user)
    session = client.session
    session[services.PENDING_SESSION_KEY]["at"] -= 301
    session.save()

    response = client.post(LOGIN_TOTP, {"code": totp_code(device.secret)})

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_login_totp_without_pending_redirects_to_login(client):
    response = client.get(LOGIN_TOTP)

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")


@pytest.mark.django_db
def test_login_totp_failures_count_toward_lockout(client, user):
    device, _codes = confirmed_device(user)
    password_step(client, user)
    for _ in range(4):
        client.post(LOGIN_TOTP, {"code": wrong_totp_code(device.secret)})

    fifth = client.post(LOGIN_TOTP, {"code": wrong_totp_code(device.secret)}, follow=True)
    password_again = password_step(client, user)

    assert messages_of(fifth) == [lockout_text(15)]
    assert fifth.redirect_chain[-1][0] == reverse("accounts:login")
    assert form_errors(password_again) == [lockout_text(15)]
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_totp_disable_requires_password(client, user):
    device, _codes = confirmed_device(user)
    client.force_login(user)

    response = client.post(reverse("accounts:totp_disable"), {"password": "wrong-password", "code": totp_code(device.secret)})

    assert response.status_code == 200
    assert len(form_errors(response, "password")) == 1
    assert TOTPDevice.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_totp_disable_requires_code(client, user):
    device, _codes = confirmed_device(user)
    client.force_login(user)

    response = client.post(reverse("accounts:totp_disable"), {"password": PASSWORD, "code": wrong_totp_code(device.secret)})

    assert form_errors(response, "code") == [invalid_code_text()]
    assert TOTPDevice.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_totp_disable_with_password_and_code_turns_off(client, user):
    device, _codes = confirmed_device(user)
    client.force_login(user)

    response = client.post(reverse("accounts:totp_disable"), {"password": PASSWORD, "code": totp_code(device.secret)})

    assert response.status_code == 302
    assert response.url == reverse("accounts:settings")
    assert TOTPDevice.objects.filter(user=user).count() == 0
    assert RecoveryCode.objects.count() == 0


@pytest.mark.django_db
def test_totp_disable_with_recovery_code_turns_off(client, user):
    _device, codes = confirmed_device(user)
    client.force_login(user)

    client.post(reverse("accounts:totp_disable"), {"password": PASSWORD, "code": codes[2]})

    assert TOTPDevice.objects.filter(user=user).count() == 0


@pytest.mark.django_db
def test_settings_shows_two_step_status(client, user):
    confirmed_device(user)
    client.force_login(user)

    response = client.get(reverse("accounts:settings"))

    assert response.status_code == 200
    assert response.context["recovery_codes_left"] == 10
    assert reverse("accounts:totp_disable") in response.content.decode()
