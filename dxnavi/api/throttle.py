"""Per-token rate limits: fixed one-minute windows counted in Django's cache (Redis when configured).

The counting is ``dxnavi.ratelimit._count`` (``cache.add`` then ``cache.incr``: SET NX / INCR on Redis,
atomic across processes). Reads (GET/HEAD) and writes count in separate windows, with limits from
settings (``DXNAVI_API_RATE_READ_PER_MINUTE``, ``DXNAVI_API_RATE_WRITE_PER_MINUTE``). Every answer to
an authenticated request carries ``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset``
(seconds until the window ends); over the limit, a 429 problem with ``Retry-After``.
"""

import time
from dataclasses import dataclass

from django.conf import settings

from dxnavi.ratelimit import _count

from .problems import Problem

WINDOW = 60


@dataclass(frozen=True)
class Quota:
    limit: int
    remaining: int
    reset: int

    def headers(self) -> dict:
        return {"RateLimit-Limit": str(self.limit), "RateLimit-Remaining": str(self.remaining), "RateLimit-Reset": str(self.reset)}


def check(request, token) -> Quota:
    """Count this request against the token's window; raise the 429 problem when it is over."""
    write = request.method not in ("GET", "HEAD", "OPTIONS")
    limit = settings.API_RATE_WRITE_PER_MINUTE if write else settings.API_RATE_READ_PER_MINUTE
    kind = "w" if write else "r"
    used = _count(f"api:{kind}:{token.pk}", WINDOW)
    reset = WINDOW - int(time.time() % WINDOW)
    quota = Quota(limit=limit, remaining=max(0, limit - used), reset=reset)
    request.dxnavi_api_quota = quota
    if used > limit:
        raise Problem("rate_limited", headers={"Retry-After": str(reset), **quota.headers()})
    return quota
