"""The attack-surface check's network I/O: DNS through dnspython, TLS through the standard library's ``ssl``,
TCP connect checks — every call with a strict timeout, nothing else.

``observe(name, token, config)`` is the one entry point of a run. Its first step is the ownership record
(``_dxnavi-verify.<name>`` TXT): when that does not carry the company's token, nothing else is asked or
contacted and the result says ``verified: False``. So even a caller that skipped the service's own check
cannot probe a domain that is not verified.

Everything the run learns comes back as plain data (``Observations`` as a dict) for the pure rules in
``domain/``. Every TCP connection goes through ``_connect``/``open_ports``, which refuse any address that is
not public (the SSRF guard; ``ProbeConfig.allow_loopback`` lets tests use 127.0.0.1), map the logical port
through ``ProbeConfig.port_map`` (tests) and wait for the global ``RateLimiter``. Names are resolved only by
the given dnspython ``Resolver`` (the system's in production), never by a library on its own: HTTP and TLS
connect to the resolved address and send the name as Host / SNI.
"""

import errno
import http.client
import selectors
import socket
import ssl
import threading
import time
import warnings
from dataclasses import dataclass, field

import dns.exception
import dns.resolver

from . import content
from .domain import addresses as address_rules
from .domain import exposure, mail, verification

USER_AGENT = "dxnavi-surface-check/1 (+attack surface check requested by the domain owner)"
WEB_PORTS = (80, 443)
MAX_ADDRESSES = 2  # per family: the first IPv4 and IPv6 addresses are enough to see what is exposed
MAX_SPF_QUERIES = 12  # include:/redirect= targets fetched to count lookups (the limit is 10)
TEXT_LIMIT = 16_384  # characters of a page kept for product recognition (never stored)


class RateLimiter:
    """At most ``rate`` connections per second over every thread (token bucket, burst of one second)."""

    def __init__(self, rate: float):
        self.rate = float(rate)
        self._tokens = self.rate
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        if self.rate <= 0:
            return
        while True:
            with self._lock:
                now = time.monotonic()
                self._tokens = min(self.rate, self._tokens + (now - self._last) * self.rate)
                self._last = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                wait = (1 - self._tokens) / self.rate
            time.sleep(wait)


@dataclass(frozen=True)
class ProbeConfig:
    nameservers: tuple = ()  # ("127.0.0.1:5353", …); empty: the system's resolver
    dns_timeout: float = 2.0  # per DNS query (whole lifetime of one resolve)
    connect_timeout: float = 2.0  # per TCP connect
    io_timeout: float = 5.0  # per TLS handshake / HTTP exchange
    port_map: dict = field(default_factory=dict)  # logical port → port actually contacted (tests)
    allow_loopback: bool = False  # tests only: 127.0.0.1 may be probed
    ca_file: str = ""  # tests: the test CA; empty: the system trust store
    budget: float = 25.0  # seconds per domain: no further web step starts after it (the run says "incomplete")
    limiter: RateLimiter | None = None

    @classmethod
    def from_settings(cls, limiter: RateLimiter | None = None) -> "ProbeConfig":
        from django.conf import settings

        return cls(
            nameservers=tuple(settings.SURFACE_NAMESERVERS),
            dns_timeout=settings.SURFACE_DNS_TIMEOUT,
            connect_timeout=settings.SURFACE_CONNECT_TIMEOUT,
            io_timeout=settings.SURFACE_IO_TIMEOUT,
            port_map={int(k): int(v) for k, v in settings.SURFACE_PORT_MAP.items()},
            allow_loopback=settings.SURFACE_ALLOW_LOOPBACK,
            ca_file=settings.SURFACE_CA_FILE or "",
            budget=settings.SURFACE_DOMAIN_SECONDS,
            limiter=limiter,
        )


class RefusedAddress(Exception):
    """An address that the SSRF guard does not let the probe contact."""


def make_resolver(config: ProbeConfig) -> dns.resolver.Resolver:
    if not config.nameservers:
        resolver = dns.resolver.Resolver()
    else:
        resolver = dns.resolver.Resolver(configure=False)
        hosts, ports = [], {}
        for entry in config.nameservers:
            host, _, port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
            hosts.append(host)
            if port:
                ports[host] = int(port)
        resolver.nameservers = hosts
        resolver.nameserver_ports = ports
    resolver.timeout = config.dns_timeout
    resolver.lifetime = config.dns_timeout
    resolver.retry_servfail = False
    return resolver


class DnsUnavailable(Exception):
    """No answer at all (timeout, no nameserver answered): different from "no such record"."""


def _resolve(resolver, name: str, rdtype: str):
    try:
        return list(resolver.resolve(name, rdtype, raise_on_no_answer=False, search=False))
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []
    except (dns.exception.Timeout, dns.resolver.NoNameservers, dns.resolver.YXDOMAIN) as error:
        raise DnsUnavailable(str(error)) from None
    except dns.exception.DNSException as error:
        raise DnsUnavailable(str(error)) from None


def txt(resolver, name: str) -> list[str]:
    """The TXT records of ``name``, each joined from its character strings."""
    return [b"".join(rr.strings).decode("utf-8", "replace") for rr in _resolve(resolver, name, "TXT")]


def verify(resolver, name: str, token: str) -> bool:
    """True when ``_dxnavi-verify.<name>`` carries ``dxnavi-verify=<token>``; DnsUnavailable when DNS did not answer."""
    return verification.matches(txt(resolver, verification.record_name(name)), token)


def _guard(address: str, config: ProbeConfig) -> None:
    allowed, _refused = address_rules.split([address], allow_loopback=config.allow_loopback)
    if not allowed:
        raise RefusedAddress(address)


def _limit(config: ProbeConfig) -> None:
    if config.limiter is not None:
        config.limiter.acquire()


def _connect(address: str, port: int, config: ProbeConfig) -> socket.socket:
    _guard(address, config)
    _limit(config)
    sock = socket.create_connection((address, config.port_map.get(port, port)), timeout=config.connect_timeout)
    sock.settimeout(config.io_timeout)
    return sock


def open_ports(addresses, ports, config: ProbeConfig) -> list[tuple[str, int]]:
    """(address, port) pairs that accepted a TCP connection (connect only: nothing is sent), all tried at
    once with non-blocking sockets and one deadline ``connect_timeout``."""
    found, selector = [], selectors.DefaultSelector()
    try:
        for address in addresses:
            _guard(address, config)
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            for port in ports:
                _limit(config)
                sock = socket.socket(family, socket.SOCK_STREAM)
                sock.setblocking(False)
                code = sock.connect_ex((address, config.port_map.get(port, port)))
                if code == 0:
                    found.append((address, port))
                    sock.close()
                elif code in (errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN):
                    selector.register(sock, selectors.EVENT_WRITE, (address, port))
                else:
                    sock.close()
        deadline = time.monotonic() + config.connect_timeout
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            for key, _events in selector.select(remaining):
                sock = key.fileobj
                if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                    found.append(key.data)
                selector.unregister(sock)
                sock.close()
    finally:
        for key in list(selector.get_map().values()):
            key.fileobj.close()
        selector.close()
    order = {(a, p): i for i, (a, p) in enumerate((a, p) for a in addresses for p in ports)}
    return sorted(found, key=order.__getitem__)


def _certificate_facts(der: bytes | None) -> dict:
    if not der:
        return {}
    from cryptography import x509

    cert = x509.load_der_x509_certificate(der)
    return {
        "not_after": cert.not_valid_after_utc.isoformat(),
        "subject": cert.subject.rfc4514_string()[:300],
        "issuer": cert.issuer.rfc4514_string()[:300],
    }


_EXPIRED, _HOSTNAME = 10, 62  # OpenSSL X509_V_ERR_CERT_HAS_EXPIRED, X509_V_ERR_HOSTNAME_MISMATCH


def _unverified_context(version=None) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    if version is not None:
        context.set_ciphers("ALL:@SECLEVEL=0")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = version
            context.maximum_version = version
    return context


def tls_certificate(address: str, host: str, config: ProbeConfig, port: int = 443) -> dict:
    """Handshake verified against the trust store (``ca_file`` in tests): {"open", "error", "version",
    "not_after", "subject", "issuer"}. On a verification error the certificate is read without verifying."""
    context = ssl.create_default_context(cafile=config.ca_file or None)
    try:
        sock = _connect(address, port, config)
    except OSError:
        return {"open": False}
    error = None
    try:
        with context.wrap_socket(sock, server_hostname=host) as tls:
            return {"open": True, "error": None, "version": tls.version(), **_certificate_facts(tls.getpeercert(True))}
    except ssl.SSLCertVerificationError as exc:
        error = {_EXPIRED: "expired", _HOSTNAME: "hostname"}.get(exc.verify_code, "untrusted")
    except (ssl.SSLError, OSError):
        return {"open": True, "error": "handshake"}
    finally:
        sock.close()
    try:
        with _connect(address, port, config) as sock, _unverified_context().wrap_socket(sock, server_hostname=host) as tls:
            return {"open": True, "error": error, "version": tls.version(), **_certificate_facts(tls.getpeercert(True))}
    except (ssl.SSLError, OSError):
        return {"open": True, "error": error}


LEGACY_VERSIONS = (("TLSv1", ssl.TLSVersion.TLSv1), ("TLSv1.1", ssl.TLSVersion.TLSv1_1))


def legacy_versions(address: str, host: str, config: ProbeConfig, port: int = 443) -> dict:
    """{"TLSv1": bool, "TLSv1.1": bool}: whether the server completes a handshake offering only that version."""
    accepted = {}
    for name, version in LEGACY_VERSIONS:
        try:
            with _connect(address, port, config) as sock, _unverified_context(version).wrap_socket(sock, server_hostname=host):
                accepted[name] = True
        except (ssl.SSLError, OSError, ValueError):
            accepted[name] = False
    return accepted


def http_get(address: str, host: str, config: ProbeConfig, port: int, tls: bool) -> dict:
    """``GET /`` once (no redirect followed): {"open", "status", "location", "headers" (lower-case names),
    "title", "text" (the start of the page, for recognising products; not stored)}."""
    try:
        sock = _connect(address, port, config)
    except OSError:
        return {"open": False}
    try:
        if tls:
            sock = _unverified_context().wrap_socket(sock, server_hostname=host)
        request = f"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {USER_AGENT}\r\nAccept: text/html\r\nConnection: close\r\n\r\n"
        sock.sendall(request.encode("ascii"))
        response = http.client.HTTPResponse(sock, method="GET")
        response.begin()
        body = response.read(TEXT_LIMIT)
        headers: dict[str, str] = {}
        for key, value in response.getheaders():
            name = key.lower()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        headers = {k: v[:500] for k, v in list(headers.items())[:60]}
        text = body.decode("utf-8", "replace")
        return {
            "open": True, "status": response.status, "location": headers.get("location", ""), "headers": headers,
            "title": exposure.page_title(text), "text": text,
        }
    except (OSError, ssl.SSLError, http.client.HTTPException, ValueError):
        return {"open": True, "error": True}
    finally:
        sock.close()


def _spf_includes(resolver, record: str) -> dict:
    """SPF records of the domains ``record`` includes or redirects to, breadth first, at most MAX_SPF_QUERIES."""
    included: dict[str, str | None] = {}
    queue = mail.spf_targets(record)
    while queue and len(included) < MAX_SPF_QUERIES:
        target = queue.pop(0)
        if target in included:
            continue
        try:
            records = mail.spf_records(txt(resolver, target))
        except DnsUnavailable:  # one silent server must not cost a timeout per include
            break
        included[target] = records[0] if records else None
        if records:
            queue.extend(mail.spf_targets(records[0]))
    return included


def _addresses(resolver, name: str) -> list[str]:
    result = []
    for rdtype in ("A", "AAAA"):
        result.extend(rr.address for rr in _resolve(resolver, name, rdtype)[:MAX_ADDRESSES])
    return result


def observe(name: str, token: str, config: ProbeConfig, resolver: dns.resolver.Resolver | None = None) -> dict:
    """One check of ``name``: everything the rules need, as plain data. ``resolver``: a dnspython Resolver
    (default: ``make_resolver(config)`` — the system's, or ``config.nameservers``).

    Returns {"verified": False} (nothing else asked) when the ownership record does not carry ``token``,
    and {"verified": None, "dns_error": …} when DNS did not answer the verification query."""
    started = time.monotonic()
    resolver = resolver or make_resolver(config)
    try:
        if not verify(resolver, name, token):
            return {"verified": False}
    except DnsUnavailable as error:
        return {"verified": None, "dns_error": str(error)[:200]}
    result: dict = {"verified": True, "name": name}
    try:
        apex = txt(resolver, name)
        spf = mail.spf_records(apex)
        result["dns"] = {
            "spf": spf,
            "spf_included": _spf_includes(resolver, spf[0]) if len(spf) == 1 else {},
            "dmarc": txt(resolver, f"_dmarc.{name}"),
            "mx": sorted(rr.exchange.to_text(omit_final_dot=True) for rr in _resolve(resolver, name, "MX")),
        }
        resolved = _addresses(resolver, name)
    except DnsUnavailable as error:
        result["dns_error"] = str(error)[:200]
        result["elapsed_ms"] = int((time.monotonic() - started) * 1000)
        return result
    allowed, refused = address_rules.split(resolved, allow_loopback=config.allow_loopback)
    result["addresses"] = {"resolved": resolved, "probed": allowed, "refused": refused}
    ports = sorted(set(content.ports()) | set(WEB_PORTS))
    opened = open_ports(allowed, ports, config) if allowed else []
    result["open_ports"] = [[a, p] for a, p in opened]
    texts = []

    def in_time() -> bool:
        if time.monotonic() - started < config.budget:
            return True
        result["incomplete"] = True
        return False

    if allowed:
        web_address = next((a for a in allowed if ":" not in a), allowed[0])
        open_here = {p for a, p in opened if a == web_address}
        web: dict = {"address": web_address, "tls": {"open": False}, "http": {"open": False}}
        if 443 in open_here and in_time():
            web["tls"] = tls_certificate(web_address, name, config)
            if in_time():
                web["legacy"] = legacy_versions(web_address, name, config)
            if in_time():
                web["https"] = http_get(web_address, name, config, 443, tls=True)
        if 80 in open_here and in_time():
            web["http"] = http_get(web_address, name, config, 80, tls=False)
        for key in ("https", "http"):
            page = web.get(key) or {}
            texts += [page.get("title", ""), page.pop("text", ""), (page.get("headers") or {}).get("server", "")]
        texts += [web["tls"].get("subject", ""), web["tls"].get("issuer", "")]
        admin = []
        for port in sorted(p for p in open_here if p not in WEB_PORTS and content.ports()[p]["finding"] == "port_vpn_admin"):
            if not in_time():
                break
            page = http_get(web_address, name, config, port, tls=True)
            if page.get("error"):
                page = http_get(web_address, name, config, port, tls=False)
            texts += [page.get("title", ""), page.pop("text", ""), (page.get("headers") or {}).get("server", "")]
            cert = tls_certificate(web_address, name, config, port=port)
            texts += [cert.get("subject", ""), cert.get("issuer", "")]
            admin.append({"port": port, "title": page.get("title", ""), "subject": cert.get("subject", "")})
        web["admin_pages"] = admin
        result["web"] = web
    result["texts"] = [t for t in texts if t]
    result["elapsed_ms"] = int((time.monotonic() - started) * 1000)
    return result
