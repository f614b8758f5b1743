"""ETags and caching rule of the API, applied to every answer by ``v1.finish``.

- Every successful GET/HEAD answer gets a strong ETag: sha256 of its content type and body. A request
  whose ``If-None-Match`` names it gets 304 with an empty body (same ETag and caching headers).
- The caching rule, explicit for the API (``web.headers`` leaves API answers alone, see
  ``API_CACHE_ATTR``): JSON answers are ``Cache-Control: private, no-cache`` — a client keeps them
  but revalidates with the ETag every time, never a shared cache; downloads (CSV attachments) keep the
  site's ``no-store`` rule, as every attachment of the site does.
"""

import hashlib

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

API_CACHE_ATTR = "dxnavi_api_cache"  # set on API answers: web.headers then does not add no-store
CACHE_CONTROL = "private, no-cache"


def compute(response) -> str:
    digest = hashlib.sha256(response.get("Content-Type", "").encode() + b"\0" + response.content).hexdigest()
    return f'"{digest}"'


def _matches(header: str, tag: str) -> bool:
    candidates = [t.strip() for t in header.split(",")]
    return "*" in candidates or tag in candidates or f"W/{tag}" in candidates


def apply(request, response) -> HttpResponse:
    setattr(response, API_CACHE_ATTR, True)
    if response.has_header("Content-Disposition"):
        add_never_cache_headers(response)
    else:
        response["Cache-Control"] = CACHE_CONTROL
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or getattr(response, "streaming", False):
        return response
    tag = compute(response)
    response["ETag"] = tag
    header = request.headers.get("If-None-Match")
    if header and _matches(header, tag):
        not_modified = HttpResponse(status=304)
        setattr(not_modified, API_CACHE_ATTR, True)
        for name in ("ETag", "Cache-Control", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Vary"):
            if response.has_header(name):
                not_modified[name] = response[name]
        return not_modified
    return response
