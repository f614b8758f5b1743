"""Test helpers for API resources: tokens and authenticated calls.

    from tests.api.helpers import make_token, call
    token = make_token(world["owner"], scope="write")           # plaintext "dxn_…"
    response = call(client, "get", f"/api/v1/companies/{company.pk}", token)
    response = call(client, "post", url, token, json={...}, headers={"Idempotency-Key": "k1"})
"""

import datetime
import json as jsonlib

from django.utils import timezone

from dxnavi.api import tokens
from dxnavi.api.models import ApiToken


def make_token(user, *, scope="read", days=30, company=None, organization=None, expired=False, revoked=False, name="テスト") -> str:
    created = tokens.create_token(user, name=name, scope=scope, days=days, company=company, organization=organization)
    updates = {}
    if expired:
        updates["expires_at"] = timezone.now() - datetime.timedelta(seconds=1)
    if revoked:
        updates["revoked_at"] = timezone.now()
    if updates:
        ApiToken.objects.filter(pk=created.token.pk).update(**updates)
    return created.plaintext


def call(client, method: str, path: str, token: str | None = None, *, json=None, headers=None, query=None):
    extra = {}
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    for name, value in (headers or {}).items():
        extra["HTTP_" + name.upper().replace("-", "_")] = value
    if method in ("get", "head", "delete"):
        return getattr(client, method)(path, query or {}, **extra)
    body = jsonlib.dumps(json if json is not None else {})
    return getattr(client, method)(path, body, content_type="application/json", **extra)
