"""``content/surface/checks.yaml``: validated like every content file, and complete for the code's finding ids."""

import copy
import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from dxnavi.surface import content

FILE = Path(settings.CONTENT_DIR) / content.FILE
DOMAIN_CODE = Path(content.__file__).parent / "domain"


def _data():
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def test_content_check_file_reports_valid():
    assert content.check_file() == ["surface/checks.yaml: 42 findings, 9 ports, 7 VPN products — valid"]


@pytest.mark.django_db
def test_content_load_content_reports_surface_valid():
    out = StringIO()
    call_command("load_content", stdout=out)
    assert "surface/checks.yaml: 42 findings, 9 ports, 7 VPN products — valid" in out.getvalue()


def test_content_has_every_finding_id_the_rules_produce():
    produced = set()
    for path in DOMAIN_CODE.glob("*.py"):
        produced |= set(re.findall(r'Finding\("([a-z_]+)"', path.read_text(encoding="utf-8")))
    produced |= {item["finding"] for item in _data()["ports"]}
    assert sorted(produced - set(content.findings())) == []


def test_content_ports_cover_the_services_of_the_issue():
    services = {port: item["id"] for port, item in content.ports().items()}
    assert services == {
        21: "ftp", 23: "telnet", 445: "smb", 943: "openvpn_as", 3389: "rdp", 4433: "sonicwall_sslvpn",
        4443: "alt_https_4443", 8443: "alt_https_8443", 10443: "fortigate_sslvpn",
    }


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["findings"][0].pop("source"), "item 'spf_missing' \\(findings\\) is missing source"),
        (lambda d: d["findings"][0].update(source="seed 004 ASM"), "source must name the publication"),
        (lambda d: d["findings"][0]["title"].pop("en"), "is missing title.en"),
        (lambda d: d["findings"][5]["title"].update(en="Too many lookups"), "ja and en use different placeholders"),
        (lambda d: d["findings"][0].update(guidance="question 6"), "guidance must be a self-check question id"),
        (lambda d: d["ports"][0].update(finding="port_nothing"), "finding 'port_nothing' is not among the findings"),
        (lambda d: d["ports"][1].update(port=21), "port 21 is listed twice"),
        (lambda d: d["ports"][0].update(severity="severe"), "severity must be one of"),
        (lambda d: d["products"][0].update(patterns=["(unclosed"]), "is not a regular expression"),
        (lambda d: d["findings"].pop(-1), "finding 'dns_failed' is missing"),
    ],
)
def test_content_validation_refuses(change, message):
    data = copy.deepcopy(_data())
    change(data)
    with pytest.raises(ValueError, match=message):
        content.validate(data)


def test_content_finding_text_fills_parameters_in_each_language():
    ja = content.finding_text("cert_expiring", {"days": 10}, "ja")
    en = content.finding_text("cert_expiring", {"days": 10}, "en")
    assert (ja["title"], en["title"]) == ("ホームページの証明書があと10日で期限切れになります", "The website's certificate expires in 10 days")
    assert content.finding_text("retired_id", {}, "ja")["title"] == "retired_id"


def test_content_guard_refuses_non_loopback_connections():
    """The package's guard (conftest) is real: a connection beyond the machine fails the test."""
    import socket

    with pytest.raises(AssertionError, match="nothing in the test suite may leave the machine"):
        socket.create_connection(("192.0.2.1", 443), timeout=0.1)
