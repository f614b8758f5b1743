"""Account security rules: login lockout, the two-step login and TOTP / recovery-code checks.

Views and forms call these plain functions; nothing here renders a response.

Lockout (enforced in the authentication backend, so every caller of ``authenticate`` is covered):
- every failed password or second-factor attempt writes a ``LoginFailure`` (e-mail lowercased, client IP);
- an (e-mail, IP) pair with ``LOCKOUT_MAX_FAILURES`` failures inside ``LOCKOUT_WINDOW_MINUTES`` is
  refused, even with the right password, until enough failures fall out of the window. A stranger
  guessing from their own IP therefore locks only themselves out, not the real user;
- an e-mail with ``LOCKOUT_ACCOUNT_MAX_FAILURES`` failures from any IPs is refused everywhere
  (a ceiling on distributed guessing); the e-mailed password-reset link lifts it;
- an IP with ``IP_FACTOR`` × ``LOCKOUT_MAX_FAILURES`` failures is refused too (password spraying);
- unknown e-mails are counted exactly like real ones, so the answer never reveals an account;
- a completed login clears the failures of its (e-mail, IP) pair; a password reset clears all of the e-mail's.
"""

import ipaddress
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pyotp
import segno
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext, ngettext

from .models import LoginFailure, RecoveryCode, TOTPDevice

IP_FACTOR = 4  # an IP may fail this many times LOCKOUT_MAX_FAILURES before it is refused
PENDING_SESSION_KEY = "accounts_pending_login"
SECOND_FACTOR_SESSION_KEY = "accounts_second_factor"  # set when this session passed the TOTP step
PENDING_MAX_AGE_SECONDS = 5 * 60
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy from paper
TOTP_ISSUER = "dxnavi"


# --- Lockout -------------------------------------------------------------------------------


def normalize_email(email) -> str:
    return (email or "").strip().lower()[:254]


def client_ip(request) -> str | None:
    """The client's IP address.

    Behind a reverse proxy, set ``LOCKOUT_TRUSTED_PROXY_COUNT`` to the number of proxies that
    append to X-Forwarded-For; otherwise the header is ignored (a client could forge it).
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "LOCKOUT_TRUSTED_PROXY_COUNT", 0)
    if trusted:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= trusted:
            candidate = forwarded[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def _window() -> timedelta:
    return timedelta(minutes=settings.LOCKOUT_WINDOW_MINUTES)


def _minutes_until_unlock(failures, limit: int, now) -> int:
    """Minutes until fewer than ``limit`` of ``failures`` remain in the window (0: not locked)."""
    if limit <= 0:
        return 0
    window = _window()
    recent = list(
        failures.filter(created__gte=now - window).order_by("-created").values_list("created", flat=True)[:limit]
    )
    if len(recent) < limit:
        return 0
    unlock_at = recent[limit - 1] + window
    return max(1, math.ceil((unlock_at - now).total_seconds() / 60))


def lockout_minutes(email, ip=None) -> int:
    """How many minutes ``email`` from ``ip`` must still wait; 0 when login may be attempted.

    Three counters: the (e-mail, IP) pair, the e-mail over all IPs (a higher ceiling) and the IP.
    """
    now = timezone.now()
    limit = settings.LOCKOUT_MAX_FAILURES
    by_email = LoginFailure.objects.filter(email=normalize_email(email))
    pair = by_email.filter(ip=ip) if ip else by_email.filter(ip__isnull=True)
    minutes = max(
        _minutes_until_unlock(pair, limit, now),
        _minutes_until_unlock(by_email, settings.LOCKOUT_ACCOUNT_MAX_FAILURES, now),
    )
    if ip:
        minutes = max(minutes, _minutes_until_unlock(LoginFailure.objects.filter(ip=ip), IP_FACTOR * limit, now))
    return minutes


def is_locked_out(email, ip=None) -> bool:
    return lockout_minutes(email, ip) > 0


def record_failure(email, ip=None) -> LoginFailure:
    return LoginFailure.objects.create(email=normalize_email(email), ip=ip or None)


def clear_failures(email, ip=None) -> None:
    """Forget the e-mail's failures: those from ``ip`` only when given, else all (password reset)."""
    failures = LoginFailure.objects.filter(email=normalize_email(email))
    if ip:
        failures = failures.filter(ip=ip)
    failures.delete()


def purge_expired_failures() -> int:
    """Delete failures older than the window (they no longer count). For a periodic job."""
    deleted, _ = LoginFailure.objects.filter(created__lt=timezone.now() - _window()).delete()
    return deleted


def lockout_message(minutes: int) -> str:
    return ngettext(
        "Too many failed login attempts. Wait %(minutes)d minute and try again, or reset your password.",
        "Too many failed login attempts. Wait %(minutes)d minutes and try again, or reset your password.",
        minutes,
    ) % {"minutes": minutes}


# --- Password step ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginAttempt:
    user: object | None = None
    locked_minutes: int = 0


def attempt_password_login(request, email, password) -> LoginAttempt:
    """Check e-mail + password under the lockout rules. Does not log anyone in.

    The backend refuses a locked-out e-mail and records each failure; this only tells the two apart.
    """
    ip = client_ip(request)
    minutes = lockout_minutes(email, ip)
    if minutes:
        return LoginAttempt(locked_minutes=minutes)
    user = authenticate(request, email=email, password=password)
    if user is None:
        return LoginAttempt(locked_minutes=lockout_minutes(email, ip))
    return LoginAttempt(user=user)


def complete_login(request, user, backend: str, *, second_factor: bool = False) -> None:
    """Log the user in (new session key), forget their failures here and any half-finished login.

    ``second_factor``: the user passed the TOTP step in this login (the admin requires it when they have a device).
    """
    request.session.pop(PENDING_SESSION_KEY, None)
    auth_login(request, user, backend=backend)
    if second_factor:
        mark_second_factor(request)
    clear_failures(user.email, client_ip(request))


def mark_second_factor(request) -> None:
    """Remember that this session proved possession of the user's authenticator."""
    request.session[SECOND_FACTOR_SESSION_KEY] = True


def session_meets_second_factor(request) -> bool:
    """False when the user has two-step verification on but this session never passed it."""
    return bool(request.session.get(SECOND_FACTOR_SESSION_KEY)) or confirmed_device(request.user) is None


# --- Second step: a half-finished login in the session ----------------------------------------


@dataclass(frozen=True)
class PendingLogin:
    user: object
    backend: str
    next_url: str


def start_pending_login(request, user, next_url: str = "") -> None:
    """Remember that ``user`` passed the password step; they are not logged in yet."""
    request.session[PENDING_SESSION_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "at": timezone.now().timestamp(),
        "next": next_url,
    }


def get_pending_login(request) -> PendingLogin | None:
    """The pending login, or None when there is none or it is older than five minutes."""
    data = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(data, dict):
        return None
    age = timezone.now().timestamp() - float(data.get("at", 0))
    if not 0 <= age <= PENDING_MAX_AGE_SECONDS or data.get("backend") not in settings.AUTHENTICATION_BACKENDS:
        clear_pending_login(request)
        return None
    user = get_user_model().objects.filter(pk=data.get("user_id"), is_active=True).first()
    if user is None:
        clear_pending_login(request)
        return None
    return PendingLogin(user=user, backend=data["backend"], next_url=data.get("next", ""))


def clear_pending_login(request) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


# --- TOTP devices and recovery codes -------------------------------------------------------------


def confirmed_device(user) -> TOTPDevice | None:
    if getattr(user, "pk", None) is None:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def device_for_setup(user) -> TOTPDevice:
    """The user's unconfirmed device (created with a fresh secret when missing)."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"secret": pyotp.random_base32()})
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.email, issuer_name=TOTP_ISSUER)


def qr_code_svg(data: str, title: str = "") -> str:
    """An inline <svg> QR code (no XML declaration); black on white so it scans in a dark theme too."""
    return segno.make(data, error="m").svg_inline(scale=5, border=4, title=title or None, svgclass="qr-code", dark="#000", light="#fff")


def grouped_secret(secret: str) -> str:
    """The base32 secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def verify_totp(device: TOTPDevice, code) -> bool:
    """Check a 6-digit code (one 30-second step either way) and burn its step so it cannot be replayed."""
    code = "".join(str(code or "").split())
    if len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(device.secret)
    current = totp.timecode(timezone.now())
    for step in (current - 1, current, current + 1):
        if constant_time_compare(totp.generate_otp(step), code):
            if step <= device.last_used_step:
                return False
            # Conditional update: two simultaneous requests with the same code cannot both win.
            won = TOTPDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(last_used_step=step)
            if won:
                device.last_used_step = step
            return bool(won)
    return False


def normalize_recovery_code(code) -> str:
    return "".join(ch for ch in str(code or "").lower() if ch.isalnum())


def generate_recovery_codes(device: TOTPDevice) -> list[str]:
    """Replace the device's recovery codes with new ones; returns them formatted, for showing once."""
    raw = ["".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH)) for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device.recovery_codes.all().delete()
        RecoveryCode.objects.bulk_create(RecoveryCode(device=device, code_hash=make_password(code)) for code in raw)
    half = RECOVERY_CODE_LENGTH // 2
    return [f"{code[:half]}-{code[half:]}" for code in raw]


def use_recovery_code(device: TOTPDevice, code) -> bool:
    """Accept an unused recovery code once."""
    code = normalize_recovery_code(code)
    if len(code) != RECOVERY_CODE_LENGTH:
        return False
    for candidate in device.recovery_codes.filter(used_at__isnull=True):
        if check_password(code, candidate.code_hash):
            return bool(RecoveryCode.objects.filter(pk=candidate.pk, used_at__isnull=True).update(used_at=timezone.now()))
    return False


def remaining_recovery_codes(device: TOTPDevice) -> int:
    return device.recovery_codes.filter(used_at__isnull=True).count()


def verify_second_factor(device: TOTPDevice, code="", recovery_code="") -> bool:
    """A TOTP code, or else a recovery code."""
    if code:
        return verify_totp(device, code)
    if recovery_code:
        return use_recovery_code(device, recovery_code)
    return False


def confirm_device(device: TOTPDevice) -> list[str]:
    """Turn the device on (its first code has been checked) and issue recovery codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return generate_recovery_codes(device)


def disable_totp(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()  # recovery codes go with it (CASCADE)


def invalid_code_message() -> str:
    return gettext("That code is not valid. Check your authenticator app and try again.")
