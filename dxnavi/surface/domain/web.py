"""The website as seen from outside: certificate, TLS versions, HTTP→HTTPS, security headers, banners.

Inputs are the probe's observations (plain dicts); each function returns findings.
"""

import datetime
import re

from .findings import HIGH, INFO, LOW, MEDIUM, Finding

EXPIRING_DAYS = 30  # a month ahead: medium; within URGENT_DAYS: high
URGENT_DAYS = 14
HSTS_MIN_SECONDS = 180 * 24 * 3600  # under half a year: browsers forget too soon
_VERSION = re.compile(r"\d+\.\d+")
_VERSION_NAMES = {"TLSv1": "TLS 1.0", "TLSv1.1": "TLS 1.1"}


def days_left(not_after: datetime.datetime, now: datetime.datetime) -> int:
    """Whole days until the certificate expires; negative once it has (−1 on the first day after)."""
    return (not_after - now) // datetime.timedelta(days=1)


def days_ago(not_after: datetime.datetime, now: datetime.datetime) -> int:
    """Whole days since the certificate expired (0 on its first day expired)."""
    return max(0, (now - not_after) // datetime.timedelta(days=1))


def interpret_certificate(tls: dict, now: datetime.datetime) -> list[Finding]:
    """``tls``: {"open", "error" (None, "expired", "hostname", "untrusted", "handshake"), "not_after" (ISO 8601)}."""
    if not tls.get("open"):
        return []
    error = tls.get("error")
    not_after = datetime.datetime.fromisoformat(tls["not_after"]) if tls.get("not_after") else None
    days = days_left(not_after, now) if not_after else None
    if error == "expired" or (days is not None and days < 0):
        return [Finding("cert_expired", HIGH, {"days": days_ago(not_after, now) if not_after else 0})]
    if error == "hostname":
        return [Finding("cert_name_mismatch", HIGH)]
    if error == "untrusted":
        return [Finding("cert_untrusted", HIGH)]
    if error == "handshake":
        return [Finding("tls_handshake_failed", MEDIUM)]
    if days is not None and days <= EXPIRING_DAYS:
        return [Finding("cert_expiring", MEDIUM if days > URGENT_DAYS else HIGH, {"days": days})]
    return [Finding("cert_ok", INFO, {"days": days})]


def interpret_protocols(accepted: dict) -> list[Finding]:
    """``accepted``: {"TLSv1": bool, "TLSv1.1": bool} — old versions the server still agreed to."""
    old = [_VERSION_NAMES.get(name, name) for name, ok in accepted.items() if ok]
    if old:
        return [Finding("tls_legacy", MEDIUM, {"versions": "、".join(old)})]
    return []


def interpret_redirect(http: dict, https_open: bool) -> list[Finding]:
    """``http``: {"open", "status", "location"} of ``GET http://<domain>/``."""
    if not http.get("open"):
        return []  # no plain-HTTP site: nothing to redirect
    status, location = http.get("status"), (http.get("location") or "").strip()
    if status in (301, 302, 303, 307, 308) and location.lower().startswith("https://"):
        return [Finding("http_redirect_ok", INFO)]
    if not https_open:
        return [Finding("https_missing", HIGH)]
    return [Finding("http_no_redirect", MEDIUM, {"status": status or 0})]


def hsts_max_age(value: str | None) -> int | None:
    if not value:
        return None
    match = re.search(r"max-age\s*=\s*\"?(\d+)", value, re.IGNORECASE)
    return int(match.group(1)) if match else None


def frame_protected(headers: dict) -> bool:
    xfo = (headers.get("x-frame-options") or "").strip().lower()
    csp = (headers.get("content-security-policy") or "").lower()
    return xfo in ("deny", "sameorigin") or "frame-ancestors" in csp


def interpret_headers(headers: dict) -> list[Finding]:
    """``headers``: the HTTPS response's headers, names in lower case."""
    findings = []
    age = hsts_max_age(headers.get("strict-transport-security"))
    if age is None:
        findings.append(Finding("hsts_missing", MEDIUM))
    elif age < HSTS_MIN_SECONDS:
        findings.append(Finding("hsts_short", LOW, {"days": age // 86400}))
    if (headers.get("x-content-type-options") or "").strip().lower() != "nosniff":
        findings.append(Finding("nosniff_missing", LOW))
    if not frame_protected(headers):
        findings.append(Finding("frame_missing", LOW))
    if not headers.get("content-security-policy"):
        findings.append(Finding("csp_missing", LOW))
    if not findings:
        findings.append(Finding("headers_ok", INFO))
    return findings


def interpret_banners(headers: dict) -> list[Finding]:
    findings = []
    server = (headers.get("server") or "").strip()
    if server and _VERSION.search(server):
        findings.append(Finding("banner_version", LOW, {"header": "Server", "value": server[:100]}))
    powered = (headers.get("x-powered-by") or "").strip()
    if powered:
        findings.append(Finding("banner_version", LOW, {"header": "X-Powered-By", "value": powered[:100]}))
    return findings
