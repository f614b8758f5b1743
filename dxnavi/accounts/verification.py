"""E-mail address verification and the enumeration-proof sign-up.

- Sign-up answers the same way whether or not the address already has an account: a new
  address gets a verification link, an existing one gets a notice to its owner (log in or
  reset the password). Neither is logged in by the sign-up itself.
- The link is signed (``django.core.signing``, salted) over the user id and the address, and
  expires after ``TOKEN_MAX_AGE``; it stops working if the address changes.
- Sending e-mail on the platform's behalf needs a verified address (``decorators.verified_email_required``).
"""

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dxnavi import jobs
from dxnavi.mail import send_plain_mail

from .services import normalize_email

TOKEN_SALT = "dxnavi.accounts.verify-email"
TOKEN_MAX_AGE = 60 * 60 * 24 * 3  # seconds: three days


def make_token(user) -> str:
    return signing.dumps({"u": user.pk, "e": normalize_email(user.email)}, salt=TOKEN_SALT, compress=True)


def user_for_token(token: str):
    """The active user whose current address the token was made for, or None (bad, expired, stale)."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or normalize_email(user.email) != data.get("e"):
        return None
    return user


def mark_verified(user) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


def _with_next(url: str, next_url: str = "") -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def verification_url(request, user, next_url: str = "") -> str:
    return request.build_absolute_uri(_with_next(reverse("accounts:verify_email", args=[make_token(user)]), next_url))


def send_verification(request, user, next_url: str = "") -> None:
    """E-mail ``user`` a fresh verification link (after the current transaction commits)."""
    jobs.enqueue("dxnavi.accounts.verification.send_verification_email", user.pk, verification_url(request, user, next_url))


def send_verification_email(user_id: int, url: str) -> None:
    """Job: the verification e-mail, in the account's language."""
    user = get_user_model().objects.get(pk=user_id)
    context = {"user": user, "url": url, "expiry_days": TOKEN_MAX_AGE // 86400}
    send_plain_mail(
        "accounts/email/verify_email_subject.txt", "accounts/email/verify_email_body.txt", context, user.email, language=user.language
    )


def send_existing_account_notice(user_id: int, login_url: str, reset_url: str) -> None:
    """Job: tell an account's owner that someone tried to sign up with their address."""
    user = get_user_model().objects.get(pk=user_id)
    context = {"user": user, "login_url": login_url, "reset_url": reset_url}
    send_plain_mail(
        "accounts/email/signup_existing_subject.txt",
        "accounts/email/signup_existing_body.txt",
        context,
        user.email,
        language=user.language,
    )


def register(request, form, *, language: str, next_url: str = "") -> None:
    """Handle a valid sign-up form without revealing whether the address already has an account."""
    User = get_user_model()
    email = form.cleaned_data["email"]
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = form.save(language=language)
                send_verification(request, user, next_url)
            return
        except IntegrityError:  # the same address signed up at the same moment
            existing = User.objects.get(email__iexact=email)
    else:
        make_password(form.cleaned_data["password1"])  # same cost as creating the account: no timing oracle
    login_url = request.build_absolute_uri(_with_next(reverse("accounts:login"), next_url))
    reset_url = request.build_absolute_uri(reverse("accounts:password_reset"))
    jobs.enqueue("dxnavi.accounts.verification.send_existing_account_notice", existing.pk, login_url, reset_url)
