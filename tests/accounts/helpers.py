import time

import pyotp
from django.urls import reverse
from django.utils import translation

from dxnavi.accounts import services

from .factories import PASSWORD


def post_login(client, email, password=PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"email": email, "password": password}, **extra)


def form_errors(response, field=None):
    form = response.context["form"]
    return list(form.non_field_errors() if field is None else form.errors.get(field, []))


def in_japanese(func, *args):
    """A message as a default (Japanese) request renders it, whether or not the .mo is compiled yet."""
    with translation.override("ja"):
        return str(func(*args))


def lockout_text(minutes=15):
    return in_japanese(services.lockout_message, minutes)


def totp_code(secret, offset=0, base=None):
    """The code of the time step ``offset`` steps away from ``base`` (default: now)."""
    return pyotp.TOTP(secret).at(base if base is not None else time.time(), counter_offset=offset)


def wrong_totp_code(secret):
    """A 6-digit code that is valid for none of the accepted time steps."""
    valid = {totp_code(secret, offset) for offset in (-2, -1, 0, 1, 2)}
    return next(code for code in ("000000", "111111", "222222", "333333", "444444", "555555") if code not in valid)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def error_codes(response, field):
    return [error.code for error in response.context["form"].errors.as_data().get(field, [])]
