"""Security headers Django's SecurityMiddleware does not set (issue #8).

- Content-Security-Policy: our pages load only our own scripts, styles, fonts and images;
  no inline script or style, no eval, no framing, no plugins. Templates keep no inline
  `<script>`, `on*=` handler or `style=` attribute (tests/platform/test_security_headers.py).
- Permissions-Policy: every powerful browser feature is switched off; dxnavi uses none.
- Cache-Control: no-store on every response to a logged-in user (company data must not stay
  in a shared or browser cache) and on every attachment download (PDF, DOCX, XLSX, CSV, ZIP).
  Static files never reach this point with a user (WhiteNoise answers them first), so they
  keep their long-lived caching.

(Cross-Origin-Opener-Policy: same-origin comes from SecurityMiddleware's default.)
"""

from django.utils.cache import add_never_cache_headers

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)

# Features Chromium and Firefox recognise (an unknown name only produces a console warning);
# browsing-topics replaces the retired interest-cohort (FLoC).
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)

DOWNLOAD_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.",  # .docx, .xlsx
    "text/csv",
    "application/zip",
)


def is_download(response) -> bool:
    disposition = response.get("Content-Disposition", "").lower()
    content_type = response.get("Content-Type", "").lower()
    return disposition.startswith("attachment") or content_type.startswith(DOWNLOAD_TYPES)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # request.user exists only once AuthenticationMiddleware has run (not for static files).
        user = getattr(request, "user", None)
        if getattr(response, "dxnavi_api_cache", False):
            return response  # the API's own rule (dxnavi/api/etag.py): private, no-cache + ETag; no-store on downloads
        if (user is not None and user.is_authenticated) or is_download(response):
            add_never_cache_headers(response)
        return response
