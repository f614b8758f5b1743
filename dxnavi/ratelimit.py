"""Rate limits on actions that send e-mail, kept in Django's cache (Redis when REDIS_URL is set).

Each request to such an action counts once against three fixed-window counters — the logged-in
user, the client IP and (where the form names one) the recipient address — and is refused with
HTTP 429 when any of them is over its limit. Limits and window come from settings
(``MAIL_LIMIT_*``, environment ``DXNAVI_MAIL_LIMIT_*``).

Counting is ``cache.add`` (creates the window's key with its expiry) then ``cache.incr``; both are
atomic in Redis (SET NX, INCR) and under the local-memory cache's lock, so concurrent requests
in several processes cannot slip past the limit. Keys hold hashes, not addresses.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from dxnavi.accounts.services import client_ip, normalize_email

SCOPE = "mail"


def _count(key: str, window: int) -> int:
    """Increment the counter of the current window of ``key`` and return its new value."""
    bucket = f"ratelimit:{key}:{int(time.time() // window)}"
    if cache.add(bucket, 1, timeout=window + 5):
        return 1
    try:
        return cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=window + 5)
        return 1


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def window_seconds() -> int:
    return max(1, settings.MAIL_LIMIT_WINDOW_MINUTES) * 60


def allow(request, recipient: str = "", scope: str = SCOPE) -> bool:
    """Count one e-mail-sending request; False when the user, the IP or the recipient is over its limit."""
    window = window_seconds()
    counters = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        counters.append((f"{scope}:user:{user.pk}", settings.MAIL_LIMIT_PER_USER))
    ip = client_ip(request)
    if ip:
        counters.append((f"{scope}:ip:{_digest(ip)}", settings.MAIL_LIMIT_PER_IP))
    recipient = normalize_email(recipient)
    if recipient:
        counters.append((f"{scope}:to:{_digest(recipient)}", settings.MAIL_LIMIT_PER_RECIPIENT))
    over = [_count(key, window) > limit for key, limit in counters]
    return not any(over)


def too_many_requests(request):
    """The 429 page (Japanese by default) with Retry-After."""
    window = window_seconds()
    response = render(request, "accounts/rate_limited.html", {"minutes": window // 60}, status=429)
    response["Retry-After"] = str(window)
    return response


def mail_rate_limited(view=None, *, recipient_field: str = ""):
    """Decorator for views that send e-mail on POST: refuse with 429 once a limit is reached."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                recipient = request.POST.get(recipient_field, "") if recipient_field else ""
                if not allow(request, recipient=recipient):
                    return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator
