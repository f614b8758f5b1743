"""A real HTTP server on 127.0.0.1 that answers like the jGrants public API from the JSON files
in tests/subsidies/fixtures/ (no internet in tests). Also a closed port, for "unreachable"."""

import json
import socket
import threading
import time
import urllib.parse
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


class FakeJGrants(BaseHTTPRequestHandler):
    # Set by the fixture: overrides per test.
    responses: dict = {}
    requests: list = []
    delay = 0.0
    fail_status = None

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _send(self, status, body: bytes, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.requests.append(self.path)
        if self.delay:
            time.sleep(self.delay)
        if self.fail_status:
            self._send(self.fail_status, b'{"message": "error"}')
            return
        url = urllib.parse.urlsplit(self.path)
        if url.path.endswith("/subsidies"):
            query = urllib.parse.parse_qs(url.query)
            keyword = query.get("keyword", [""])[0]
            name = self.responses.get(("list", keyword))
            if name is None:
                body = json.dumps({"metadata": {"resultset": {"count": 0}}, "result": []}).encode()
            else:
                body = (FIXTURES / name).read_bytes()
            self._send(200, body)
            return
        if "/subsidies/id/" in url.path:
            subsidy_id = url.path.rsplit("/", 1)[1]
            override = self.responses.get(("detail", subsidy_id))
            if override is not None:
                self._send(200, json.dumps(override, ensure_ascii=False).encode())
                return
            path = FIXTURES / f"jgrants_detail_{subsidy_id}.json"
            if path.exists():
                self._send(200, path.read_bytes())
                return
        self._send(404, b'{"message": "not found"}')


@pytest.fixture
def jgrants_server():
    """Yields (base_url, handler class); the handler's ``responses`` maps ("list", keyword) → fixture file."""
    handler = type("Handler", (FakeJGrants,), {"responses": {}, "requests": [], "delay": 0.0, "fail_status": None})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/exp/v1/public", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def closed_port_url():
    """A base URL on a port nobody listens on (bound, then closed)."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/exp/v1/public"


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))
