"""Creating, checking and revoking personal access tokens (the rules; views and auth call these)."""

import datetime
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import ApiToken

EXPIRY_DAYS = (30, 90, 365)  # the choices offered; never more than a year
LAST_USED_EVERY = datetime.timedelta(minutes=1)  # at most one write per token and minute
_FORMAT = re.compile(r"^dxn_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Created:
    token: ApiToken
    plaintext: str  # shown once, never stored


@transaction.atomic
def create_token(user, *, name: str, scope: str, days: int, company=None, organization=None) -> Created:
    if days not in EXPIRY_DAYS:
        raise ValueError("expiry")
    if company is not None and organization is not None:
        raise ValueError("one limit")
    prefix = secrets.token_hex(6)  # 12 characters, public
    secret = secrets.token_urlsafe(32)  # 32 random bytes → 43 characters
    token = ApiToken.objects.create(
        user=user, name=name, scope=scope, prefix=prefix, secret_hash=_hash(secret), company=company,
        organization=organization, expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return Created(token=token, plaintext=f"dxn_{prefix}_{secret}")


def authenticate(raw: str) -> ApiToken | None:
    """The active token for ``raw`` (with its user), or None: unknown, malformed, wrong secret, revoked,
    expired, or its user inactive. The secret's hash is compared in constant time."""
    match = _FORMAT.match(raw or "")
    if match is None:
        return None
    prefix, secret = match.groups()
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    if not token.is_active(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke(user, token_id) -> bool:
    """Revoke one of the user's own tokens; False when it is not theirs or already revoked."""
    return bool(ApiToken.objects.filter(pk=token_id, user=user, revoked_at=None).update(revoked_at=timezone.now()))


def status(token: ApiToken, now=None) -> str:
    now = now or timezone.now()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at <= now:
        return "expired"
    return "active"
