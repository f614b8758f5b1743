"""Where `scripts/dev.sh serve` listens: HOST and PORT from the environment, 127.0.0.1:8000 by default.

Plain Python without Django, run by the script before `manage.py runserver`:

    .venv/bin/python -m dxnavi.ops.devserver

It prints three lines for the script — the runserver address, the DXNAVI_ALLOWED_HOSTS and the
DXNAVI_SITE_URL to start the development server with; with ``--notes``, the URLs to open and
what to know. A malformed HOST or PORT stops it with exit status 2 and a message naming the
variable.

When HOST is not a loopback address (e.g. HOST=0.0.0.0 to try dxnavi from a phone on the same
network), the address the phone will use is added to the allowed hosts of this development
server only: HOST itself, or, for 0.0.0.0 / ::, this computer's own network addresses. That is
safe because they are addresses this server really listens on, not names a visitor can choose
(which is what ALLOWED_HOSTS guards against: forged links in e-mails). Names such as
``mypc.local`` that the phone may use instead are printed as a hint for DXNAVI_ALLOWED_HOSTS.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# The same default as dxnavi/settings.py (which reads it from here).
DEFAULT_ALLOWED_HOSTS = ("127.0.0.1", "localhost", "testserver")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")


class ServeError(ValueError):
    """HOST or PORT cannot be used; the message names the variable."""


@dataclass(frozen=True)
class ServePlan:
    host: str
    port: int
    address: str  # runserver's addrport, e.g. "127.0.0.1:8000" or "[::]:8000"
    allowed_hosts: list[str]
    site_url: str
    urls: list[str]  # where to open it
    local_only: bool  # listening on loopback only: nobody else on the network can reach it
    notes: list[str] = field(default_factory=list)


def _ip(host: str):
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def parse_port(value: str | None) -> int:
    if value is None or value.strip() == "":
        return DEFAULT_PORT
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise ServeError(f"PORT={value!r}: 1〜65535 の数字で指定してください (a number from 1 to 65535).")
    return int(text)


def parse_host(value: str | None) -> str:
    if value is None or value.strip() == "":
        return DEFAULT_HOST
    text = value.strip()
    ip = _ip(text)
    if ip is not None:
        return str(ip)
    if not _HOSTNAME.match(text):
        raise ServeError(
            f"HOST={value!r}: IP アドレス（例 0.0.0.0、192.168.1.10）かホスト名で指定してください"
            " (an IP address such as 0.0.0.0 or 192.168.1.10, or a host name; no http:// and no port)."
        )
    return text.lower()


def is_loopback(host: str) -> bool:
    ip = _ip(host)
    return host == "localhost" if ip is None else ip.is_loopback


def _url_host(host: str) -> str:
    ip = _ip(host)
    return f"[{host}]" if ip is not None and ip.version == 6 else host


def detect_lan_addresses() -> list[str]:
    """This computer's own non-loopback IPv4 addresses, without sending a packet.

    Connecting a UDP socket only picks the outgoing interface (the address is a documentation
    one, never contacted); the host name's addresses cover machines without a default route.
    """
    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        found.extend(socket.gethostbyname_ex(socket.gethostname())[2])
    except OSError:
        pass
    usable = []
    for address in found:
        ip = _ip(address)
        if ip is not None and not ip.is_loopback and not ip.is_unspecified and address not in usable:
            usable.append(address)
    return usable


def plan(environ: Mapping[str, str], lan_addresses: Callable[[], list[str]] = detect_lan_addresses) -> ServePlan:
    """The development server's address and settings for HOST/PORT in ``environ``."""
    host = parse_host(environ.get("HOST"))
    port = parse_port(environ.get("PORT"))
    address = f"{_url_host(host)}:{port}"
    configured = environ.get("DXNAVI_ALLOWED_HOSTS")
    allowed = (
        [item.strip() for item in configured.split(",") if item.strip()] if configured is not None else list(DEFAULT_ALLOWED_HOSTS)
    )
    notes: list[str] = []
    if is_loopback(host):
        reachable = [host]
        local_only = True
    else:
        local_only = False
        ip = _ip(host)
        reachable = lan_addresses() if ip is not None and ip.is_unspecified else [host]
        if not reachable:
            notes.append(
                "このパソコンのネットワーク上のアドレスが分かりませんでした。スマホで開くアドレス（例 192.168.1.10）を"
                " DXNAVI_ALLOWED_HOSTS に加えてください (could not find this computer's network address:"
                " add the address the phone uses to DXNAVI_ALLOWED_HOSTS)."
            )
        for name in reachable:
            if name not in allowed:
                allowed.append(name)
        notes.append(
            f"同じネットワークのスマホから開けます。DXNAVI_ALLOWED_HOSTS に {', '.join(reachable) or '—'} を加えました"
            "（この開発用サーバーだけ）。別の名前（例 mypc.local）で開くときは、その名前を DXNAVI_ALLOWED_HOSTS に"
            f"加えてください (reachable from the same network; added {', '.join(reachable) or '—'} to the allowed hosts"
            " of this development server; add any other name the phone uses to DXNAVI_ALLOWED_HOSTS)."
        )
        notes.append(
            "注意：同じネットワークの人は誰でもこのページを開けます。デモのパスワードは公開されているので、"
            "自宅や社内など信頼できるネットワークだけで使ってください (anyone on this network can open it and the demo"
            " passwords are public: use a trusted network only)."
        )
    urls = [f"http://{_url_host(name)}:{port}/" for name in reachable]
    site_url = environ.get("DXNAVI_SITE_URL") or (urls[0].rstrip("/") if urls else f"http://127.0.0.1:{port}")
    return ServePlan(host, port, address, allowed, site_url, urls, local_only, notes)


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None, out=None, err=None) -> int:
    """Print the plan (three lines) or, with ``--notes``, what to open and what to know; 2 on bad input."""
    argv = sys.argv[1:] if argv is None else argv
    environ = os.environ if environ is None else environ
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        result = plan(environ)
    except ServeError as exc:
        print(f"scripts/dev.sh serve: {exc}", file=err)
        return 2
    if argv == ["--notes"]:
        for url in result.urls:
            print(f"  open {url}", file=out)
        for note in result.notes:
            print(f"  {note}", file=out)
        return 0
    if argv:
        print("usage: python -m dxnavi.ops.devserver [--notes]", file=err)
        return 2
    print(result.address, file=out)
    print(",".join(result.allowed_hosts), file=out)
    print(result.site_url, file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
