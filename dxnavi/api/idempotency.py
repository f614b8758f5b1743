"""``Idempotency-Key`` on POST operations (optional, honoured when sent): ``@idempotent``.

The first request with a key inserts an ``IdempotencyRecord`` (unique per token and key) before it
runs, and the response finisher (``v1.finish``) stores its answer (status, body, content type) once
it is made. A repeat with the same key:
- same method, path and body (sha256) and the first one finished → the stored answer again, with
  ``Idempotent-Replayed: true``;
- a different request → 422 problem ``idempotency_key_reused``;
- the first one still running → 409 problem ``idempotency_in_progress`` (the unique constraint makes
  the second insert fail; nothing runs twice).
A first request that failed with a server error leaves no record, so it can be retried.
Records are kept 24 hours: ``purge`` runs with the daily jobs (``actions.registry.register_daily``).
"""

import datetime
import hashlib
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from .models import IdempotencyRecord
from .problems import Problem

KEEP = datetime.timedelta(hours=24)
MAX_KEY = 255
PURGE_JOB = "dxnavi.api.idempotency.purge"


class Replay(Exception):
    def __init__(self, record: IdempotencyRecord):
        super().__init__("replay")
        self.record = record


def _fingerprint(request) -> tuple[str, str, str]:
    if request.content_type == "multipart/form-data":
        # An upload: its fields and files, not the raw body (already read as a stream; the boundary is random).
        digest = hashlib.sha256()
        for name, values in sorted(request.POST.lists()):
            for value in values:
                digest.update(f"{len(name)}:{name}={len(value)}:{value};".encode())
        for name, files in sorted(request.FILES.lists()):
            for uploaded in files:
                digest.update(f"{len(name)}:{name}@{len(uploaded.name or '')}:{uploaded.name};".encode())
                for chunk in uploaded.chunks():
                    digest.update(chunk)
                uploaded.seek(0)
        return request.method, request.path[:500], digest.hexdigest()
    return request.method, request.path[:500], hashlib.sha256(request.body).hexdigest()


def begin(request) -> None:
    """Before the operation runs: claim the key, or raise Replay / Problem."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return
    if not key or len(key) > MAX_KEY:
        raise Problem("bad_request", "Idempotency-Key は1〜255文字です。（Idempotency-Key must be 1–255 characters.）")
    token = request.auth.token
    method, path, digest = _fingerprint(request)
    IdempotencyRecord.objects.filter(token=token, key=key, created__lt=timezone.now() - KEEP).delete()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(token=token, key=key, method=method, path=path, body_sha256=digest)
    except IntegrityError:
        existing = IdempotencyRecord.objects.filter(token=token, key=key).first()
        if existing is None:
            raise Problem("idempotency_in_progress") from None
        if (existing.method, existing.path, existing.body_sha256) != (method, path, digest):
            raise Problem("idempotency_key_reused") from None
        if existing.status is None:
            raise Problem("idempotency_in_progress") from None
        raise Replay(existing) from None
    request.dxnavi_idempotency = record


def finish(request, response) -> None:
    """After the answer is made: store it, or drop the claim after a server error."""
    record = getattr(request, "dxnavi_idempotency", None)
    if record is None:
        return
    if response.status_code >= 500:
        IdempotencyRecord.objects.filter(pk=record.pk).delete()
        return
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        status=response.status_code, body=bytes(response.content), content_type=response.get("Content-Type", "")
    )


def replay_response(request, exc: Replay) -> HttpResponse:
    record = exc.record
    response = HttpResponse(bytes(record.body), status=record.status, content_type=record.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(func):
    """Decorator for POST operations: honour ``Idempotency-Key`` (put it under the router's decorator)."""

    @wraps(func)
    def wrapper(request, *args, **kwargs):
        begin(request)
        return func(request, *args, **kwargs)

    wrapper.api_idempotent = True
    return wrapper


def purge(today_iso: str = "") -> int:
    """Delete records older than 24 hours (a daily job)."""
    deleted, _ = IdempotencyRecord.objects.filter(created__lt=timezone.now() - KEEP).delete()
    return deleted


# Documented on every idempotent operation (``openapi_extra=IDEMPOTENCY_OPENAPI``).
IDEMPOTENCY_OPENAPI = {
    "parameters": [
        {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY},
            "description": "A repeat with the same key and body returns the stored answer (Idempotent-Replayed: true).",
        }
    ]
}
