"""Fixtures of the attack-surface check's tests: loopback servers (see ``servers.py``) and a guard that fails any
test in this package opening a connection or sending a datagram to an address that is not loopback."""

import datetime
import ipaddress
import socket
from dataclasses import dataclass, field

import pytest
import trustme

from dxnavi.surface import content, probes

from . import servers

_original = {name: getattr(socket.socket, name) for name in ("connect", "connect_ex", "sendto")}


def _check(address):
    host = address[0] if isinstance(address, tuple) else None
    if host is None:  # a Unix socket
        return
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        raise AssertionError(f"a test tried to connect to the name {host!r}: names must be resolved by the test's DNS") from None
    if not ip.is_loopback:
        raise AssertionError(f"a test tried to reach {host}: nothing in the test suite may leave the machine")


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    def connect(self, address):
        _check(address)
        return _original["connect"](self, address)

    def connect_ex(self, address):
        _check(address)
        return _original["connect_ex"](self, address)

    def sendto(self, data, *args):
        _check(args[-1])
        return _original["sendto"](self, data, *args)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket.socket, "sendto", sendto)


@pytest.fixture(scope="session")
def ca():
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_file(ca, tmp_path_factory):
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


DOMAIN = "tanaka-seisakusho.jp"
TOKEN = "0123456789abcdef0123456789abcdef"


@dataclass
class Net:
    """One test's little internet: its DNS server, web servers and ports, and the probe configuration using them."""

    dns: servers.DnsServer
    ca_file: str
    port_map: dict = field(default_factory=dict)
    closeables: list = field(default_factory=list)

    def config(self, **overrides) -> probes.ProbeConfig:
        values = dict(
            nameservers=(self.dns.nameserver,), dns_timeout=1.0, connect_timeout=0.5, io_timeout=2.0,
            port_map=dict(self.port_map), allow_loopback=True, ca_file=self.ca_file,
        )
        values.update(overrides)
        return probes.ProbeConfig(**values)

    def settings(self, settings) -> None:
        settings.SURFACE_NAMESERVERS = [self.dns.nameserver]
        settings.SURFACE_DNS_TIMEOUT = 1.0
        settings.SURFACE_PORT_MAP = self.port_map  # the same dict: servers started later are mapped too
        settings.SURFACE_ALLOW_LOOPBACK = True
        settings.SURFACE_CA_FILE = self.ca_file

    def serve(self, logical_port: int, server):
        self.port_map[logical_port] = server.port
        self.closeables.append(server)
        return server

    def owned(self, name: str = DOMAIN, token: str = TOKEN, address: str = servers.LOOPBACK):
        """DNS for a domain whose owner added our record, pointing at ``address``."""
        self.dns.add(f"_dxnavi-verify.{name}", "TXT", f'"dxnavi-verify={token}"')
        self.dns.add(name, "A", address)


@pytest.fixture
def net(ca_file):
    dns_server = servers.DnsServer()
    ports = {port: servers.closed_port() for port in sorted(set(content.ports()) | {80, 443})}
    world = Net(dns=dns_server, ca_file=ca_file, port_map=ports)
    yield world
    for item in world.closeables:
        item.close()
    dns_server.close()


def now():
    return datetime.datetime.now(datetime.timezone.utc)
