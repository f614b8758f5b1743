"""Real servers on 127.0.0.1 for the attack-surface check's tests and benchmark: a DNS server (UDP, dnspython's
wire format), HTTP and HTTPS servers (a trustme test CA: valid, expiring, expired certificates), listening and
closed TCP ports. Every server counts the connections it accepted, so a test can show that nothing was contacted.
Nothing here reaches beyond the loopback interface.
"""

import datetime
import http.server
import socket
import ssl
import threading
import warnings

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

LOOPBACK = "127.0.0.1"


class DnsServer:
    """Answers from ``records``: {(name, type): [rdata text, …]}; NXDOMAIN for a name with no record at all.

    ``queries`` lists every (name, type) asked, in order."""

    def __init__(self, records: dict | None = None):
        self.records: dict[tuple[str, str], list[str]] = {}
        for (name, rdtype), values in (records or {}).items():
            self.add(name, rdtype, *values)
        self.queries: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((LOOPBACK, 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def nameserver(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    def add(self, name: str, rdtype: str, *values: str) -> None:
        self.records.setdefault((name.lower().rstrip("."), rdtype.upper()), []).extend(values)

    def remove(self, name: str, rdtype: str) -> None:
        self.records.pop((name.lower().rstrip("."), rdtype.upper()), None)

    def asked(self, name: str) -> list[str]:
        return [t for n, t in self.queries if n == name]

    def _answer(self, wire: bytes) -> bytes:
        query = dns.message.from_wire(wire)
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA | dns.flags.RA
        for question in query.question:
            name = question.name.to_text(omit_final_dot=True).lower()
            rdtype = dns.rdatatype.to_text(question.rdtype)
            with self._lock:
                self.queries.append((name, rdtype))
            values = self.records.get((name, rdtype))
            if values:
                response.answer.append(dns.rrset.from_text_list(question.name, 300, "IN", rdtype, values))
            elif not any(n == name for n, _t in self.records):
                response.set_rcode(dns.rcode.NXDOMAIN)
        return response.to_wire()

    def _serve(self):
        while not self._stop.is_set():
            try:
                wire, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                self.sock.sendto(self._answer(wire), peer)
            except Exception:  # a malformed query: no answer, as a real server might
                continue

    def close(self):
        self._stop.set()
        self.sock.close()
        self._thread.join(timeout=2)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (http.server's name)
        site = self.server.site
        body = site["body"].encode("utf-8")
        self.send_response(site["status"])
        for name, value in site["headers"].items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

    def version_string(self):
        return self.server.site.get("server", "")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the benchmark's pool connects many at once
    tls_context: ssl.SSLContext | None = None

    def get_request(self):
        sock, peer = self.socket.accept()
        with self.count_lock:
            self.connections += 1
        return sock, peer

    def finish_request(self, request, client_address):
        # The TLS handshake runs in the connection's own thread, not in the accept loop.
        if self.tls_context is not None:
            request.settimeout(5)
            request = self.tls_context.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        pass  # failed handshakes (the legacy-version probes) are expected


class WebServer:
    """HTTP (``tls_context=None``) or HTTPS server answering every GET with ``status``, ``headers`` and ``body``."""

    def __init__(self, *, status=200, headers=None, body="<title>Home</title>", server="", tls_context=None):
        self.httpd = _Server((LOOPBACK, 0), _Handler)
        self.httpd.site = {"status": status, "headers": dict(headers or {}), "body": body, "server": server}
        self.httpd.connections = 0
        self.httpd.count_lock = threading.Lock()
        self.httpd.tls_context = tls_context
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def connections(self) -> int:
        return self.httpd.connections

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Listener:
    """A port that accepts connections (and closes them at once), counting them."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind((LOOPBACK, 0))
        self.sock.listen(256)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _peer = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        self._stop.set()
        self.sock.close()
        self._thread.join(timeout=2)


def settled(*servers_) -> tuple:
    """The servers' connection counts once every connection the kernel already completed has been accepted
    (the accept loops poll every 0.05–0.2 s), so a zero means nobody connected."""
    import time

    time.sleep(0.5)
    return tuple(server.connections for server in servers_)


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    sock = socket.socket()
    sock.bind((LOOPBACK, 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def tls_context(ca, name: str, *, days: float = 90, expired: bool = False, legacy: bool = False) -> ssl.SSLContext:
    """A server context with a certificate for ``name`` from the trustme ``ca``: valid for ``days`` from now,
    or expired yesterday; ``legacy`` also accepts TLS 1.0 and 1.1."""
    now = datetime.datetime.now(datetime.timezone.utc)
    if expired:
        cert = ca.issue_cert(name, not_before=now - datetime.timedelta(days=60), not_after=now - datetime.timedelta(days=1))
    else:
        cert = ca.issue_cert(name, not_before=now - datetime.timedelta(days=1), not_after=now + datetime.timedelta(days=days))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    if legacy:
        context.set_ciphers("ALL:@SECLEVEL=0")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
    else:
        context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


GOOD_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'self'",
}
