"""A real OpenAI-compatible chat-completions server on 127.0.0.1 for the generated-answer tests.

``FakeLLM`` answers ``POST /v1/chat/completions`` with ``reply`` (the assistant's text), or with ``status``
(an HTTP error), ``raw`` (a body as is) or after ``delay`` seconds; it records every request it received
(path, headers, JSON body) in ``requests``. Nothing here reaches beyond the loopback interface.
"""

import http.server
import json
import socket
import threading

LOOPBACK = "127.0.0.1"


class FakeLLM:
    def __init__(self):
        self.reply = "回答です[1]。"
        self.status = 200
        self.raw: bytes | None = None
        self.delay = 0.0
        self.requests: list[dict] = []
        self._release = threading.Event()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                fake.requests.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
                if fake.delay:
                    fake._release.wait(fake.delay)
                if fake.raw is not None:
                    payload = fake.raw
                elif fake.status != 200:
                    payload = json.dumps({"error": {"message": "overloaded"}}).encode()
                else:
                    payload = json.dumps({
                        "id": "chatcmpl-test", "object": "chat.completion", "model": fake.requests[-1]["json"].get("model"),
                        "choices": [
                            {"index": 0, "message": {"role": "assistant", "content": fake.reply}, "finish_reason": "stop"},
                        ],
                    }, ensure_ascii=False).encode()  # fmt: skip
                try:
                    self.send_response(fake.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:  # the client gave up (timeout test)
                    pass

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/v1"

    def close(self):
        self._release.set()
        self.server.shutdown()
        self.server.server_close()


def closed_port_url() -> str:
    """A loopback URL on which nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        port = sock.getsockname()[1]
    return f"http://{LOOPBACK}:{port}/v1"

