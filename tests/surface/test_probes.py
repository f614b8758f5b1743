"""The probe layer against real servers on 127.0.0.1: DNS, TLS (valid, expiring, expired, untrusted, legacy),
HTTP with and without security headers and redirect, open and closed ports, VPN-device recognition, the SSRF
guard, and that an unverified domain is never contacted."""

import datetime

import pytest
import trustme

from dxnavi.surface import content, probes
from dxnavi.surface.domain.analysis import analyze

from . import servers
from .conftest import DOMAIN, TOKEN, now


def _ids(findings):
    return [(f.id, f.severity) for f in findings]


def _site(net, ca, *, https_headers=None, http_redirect=True, days=90, expired=False, legacy=False, server=""):
    context = servers.tls_context(ca, DOMAIN, days=days, expired=expired, legacy=legacy)
    https = net.serve(443, servers.WebServer(headers=servers.GOOD_HEADERS if https_headers is None else https_headers,
                                             tls_context=context, server=server))
    if http_redirect:
        http = net.serve(80, servers.WebServer(status=301, headers={"Location": f"https://{DOMAIN}/"}, body="", server=server))
    else:
        http = net.serve(80, servers.WebServer(body="<title>Home</title>", server=server))
    return https, http


def _mail_records(net, spf='"v=spf1 include:_spf.mail-host.jp -all"', dmarc='"v=DMARC1; p=reject; rua=mailto:d@tanaka-seisakusho.jp"'):
    if spf:
        net.dns.add(DOMAIN, "TXT", spf)
    net.dns.add("_spf.mail-host.jp", "TXT", '"v=spf1 ip4:192.0.2.0/24 -all"')
    if dmarc:
        net.dns.add(f"_dmarc.{DOMAIN}", "TXT", dmarc)
    net.dns.add(DOMAIN, "MX", f"10 mail.{DOMAIN}.")


def _run(net, **config):
    observations = probes.observe(DOMAIN, TOKEN, net.config(**config))
    return observations, analyze(observations, content.ports(), content.products(), now())


def test_probe_well_configured_domain_reports_only_good_findings(net, ca):
    net.owned()
    _mail_records(net)
    https, http = _site(net, ca)
    observations, findings = _run(net)
    assert _ids(findings) == [
        ("spf_ok", "info"), ("dmarc_reject", "info"), ("mx_present", "info"), ("cert_ok", "info"),
        ("http_redirect_ok", "info"), ("headers_ok", "info"),
    ]
    assert findings[3].params == {"days": 89}
    assert observations["web"]["tls"]["version"] in ("TLSv1.3", "TLSv1.2")
    assert observations["web"]["legacy"] == {"TLSv1": False, "TLSv1.1": False}
    assert observations["dns"]["spf_included"] == {"_spf.mail-host.jp": "v=spf1 ip4:192.0.2.0/24 -all"}
    assert observations["open_ports"] == [["127.0.0.1", 80], ["127.0.0.1", 443]]
    # port check, verified handshake, TLS 1.0 and 1.1 attempts, GET; port check, GET
    assert ("texts" in observations, *servers.settled(https, http)) == (True, 5, 2)


def test_probe_certificate_expiring_in_ten_days_is_urgent(net, ca):
    net.owned()
    _mail_records(net)
    _site(net, ca, days=10.05)
    _observations, findings = _run(net)
    assert [(f.id, f.severity, f.params) for f in findings if f.id.startswith("cert")] == [("cert_expiring", "high", {"days": 10})]


def test_probe_expired_certificate_is_reported_with_days(net, ca):
    net.owned()
    _mail_records(net)
    _site(net, ca, expired=True)
    observations, findings = _run(net)
    assert observations["web"]["tls"]["error"] == "expired"
    assert [(f.id, f.severity, f.params) for f in findings if f.id.startswith("cert")] == [("cert_expired", "high", {"days": 1})]


def test_probe_certificate_from_unknown_ca_is_untrusted(net):
    net.owned()
    _mail_records(net)
    _site(net, trustme.CA())  # not the CA in the bundle
    _observations, findings = _run(net)
    assert [f.id for f in findings if f.id.startswith("cert")] == ["cert_untrusted"]


def test_probe_certificate_for_another_name_is_a_mismatch(net, ca):
    net.owned()
    _mail_records(net)
    context = servers.tls_context(ca, "other-company.jp")
    net.serve(443, servers.WebServer(headers=servers.GOOD_HEADERS, tls_context=context))
    _observations, findings = _run(net)
    assert [f.id for f in findings if f.id.startswith("cert")] == ["cert_name_mismatch"]


def test_probe_legacy_tls_versions_accepted_are_reported(net, ca):
    net.owned()
    _mail_records(net)
    _site(net, ca, legacy=True)
    observations, findings = _run(net)
    assert observations["web"]["legacy"] == {"TLSv1": True, "TLSv1.1": True}
    assert [(f.id, f.params) for f in findings if f.id == "tls_legacy"] == [("tls_legacy", {"versions": "TLS 1.0、TLS 1.1"})]


def test_probe_site_without_headers_or_redirect_and_with_banners(net, ca):
    net.owned()
    _mail_records(net)
    _site(net, ca, https_headers={"X-Powered-By": "PHP/7.4.3"}, http_redirect=False, server="Apache/2.4.41 (Ubuntu)")
    _observations, findings = _run(net)
    assert _ids([f for f in findings if f.severity != "info"]) == [
        ("http_no_redirect", "medium"), ("hsts_missing", "medium"), ("nosniff_missing", "low"),
        ("frame_missing", "low"), ("csp_missing", "low"), ("banner_version", "low"), ("banner_version", "low"),
    ]
    banners = [f.params for f in findings if f.id == "banner_version"]
    assert banners == [
        {"header": "Server", "value": "Apache/2.4.41 (Ubuntu)"}, {"header": "X-Powered-By", "value": "PHP/7.4.3"},
    ]


def test_probe_http_only_site_is_missing_https(net):
    net.owned()
    _mail_records(net)
    net.serve(80, servers.WebServer(body="<title>Home</title>"))
    _observations, findings = _run(net)
    assert [(f.id, f.severity) for f in findings if f.id.startswith("http")] == [("https_missing", "high")]


def test_probe_open_and_closed_ports(net, ca):
    net.owned()
    _mail_records(net)
    rdp = net.serve(3389, servers.Listener())
    ftp = net.serve(21, servers.Listener())
    observations, findings = _run(net)
    assert observations["open_ports"] == [["127.0.0.1", 21], ["127.0.0.1", 3389]]
    assert [(f.id, f.severity, f.params["port"]) for f in findings if f.id.startswith("port_")] == [
        ("port_rdp", "high", 3389), ("port_ftp", "medium", 21),
    ]
    assert servers.settled(rdp, ftp) == (1, 1)


def test_probe_vpn_device_recognised_from_its_login_page(net, ca):
    net.owned()
    _mail_records(net)
    context = servers.tls_context(ca, DOMAIN)
    net.serve(10443, servers.WebServer(body="<html><title>FortiGate - SSL VPN</title><a href='/remote/login'>", tls_context=context))
    observations, findings = _run(net)
    assert [(f.id, f.params.get("product") or f.params.get("port")) for f in findings if f.id in ("vpn_device", "port_vpn_admin")] == [
        ("port_vpn_admin", 10443), ("vpn_device", "Fortinet FortiGate"),
    ]
    assert observations["web"]["admin_pages"][0]["title"] == "FortiGate - SSL VPN"


def test_probe_dns_mail_records_interpreted(net):
    net.owned()
    net.dns.add(DOMAIN, "TXT", '"v=spf1 +all"')
    net.dns.add(f"_dmarc.{DOMAIN}", "TXT", '"v=DMARC1; p=none"')
    _observations, findings = _run(net)
    assert _ids(findings) == [("spf_pass_all", "high"), ("dmarc_none", "medium"), ("mx_missing", "info")]


def test_probe_spf_with_too_many_lookups(net):
    net.owned()
    includes = " ".join(f"include:s{i}.mail-host.jp" for i in range(4))
    net.dns.add(DOMAIN, "TXT", f'"v=spf1 {includes} -all"')
    for i in range(4):
        net.dns.add(f"s{i}.mail-host.jp", "TXT", '"v=spf1 a mx ptr -all"')
    net.dns.add(f"_dmarc.{DOMAIN}", "TXT", '"v=DMARC1; p=reject"')
    _observations, findings = _run(net)
    assert [(f.id, f.params) for f in findings if f.id.startswith("spf")] == [("spf_too_many_lookups", {"count": 16, "limit": 10})]


def test_probe_unverified_domain_is_never_contacted(net, ca):
    """The record is absent: only the ownership record is asked for; no web server or port sees a connection."""
    net.dns.add(DOMAIN, "A", servers.LOOPBACK)
    _mail_records(net)
    https, http = _site(net, ca)
    rdp = net.serve(3389, servers.Listener())
    observations = probes.observe(DOMAIN, TOKEN, net.config())
    assert observations == {"verified": False}
    assert net.dns.queries == [(f"_dxnavi-verify.{DOMAIN}", "TXT")]
    assert servers.settled(https, http, rdp) == (0, 0, 0)


def test_probe_takes_a_dnspython_resolver(net):
    """The probe layer takes a Resolver pointed at a nameserver and port (here the test's DNS server)."""
    import dns.resolver

    net.owned()
    net.dns.add(DOMAIN, "TXT", '"v=spf1 -all"')
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [servers.LOOPBACK]
    resolver.port = net.dns.port
    resolver.lifetime = 1.0
    observations = probes.observe(DOMAIN, TOKEN, net.config(nameservers=("127.0.0.1:9",)), resolver=resolver)
    assert (observations["verified"], observations["dns"]["spf"]) == (True, ["v=spf1 -all"])


def test_probe_time_budget_skips_the_remaining_web_steps(net, ca):
    net.owned()
    https, http = _site(net, ca)
    observations, findings = _run(net, budget=0)
    assert (observations["incomplete"], observations["web"]["tls"], observations["web"]["http"]) == (True, {"open": False}, {"open": False})
    assert observations["open_ports"] == [["127.0.0.1", 80], ["127.0.0.1", 443]]
    assert servers.settled(https, http) == (1, 1)  # the connect checks only


def test_probe_wrong_token_is_not_verified(net, ca):
    net.owned(token="someone-elses-token")
    https, _http = _site(net, ca)
    assert probes.observe(DOMAIN, TOKEN, net.config()) == {"verified": False}
    assert servers.settled(https) == (0,)


def test_probe_private_address_is_reported_not_probed(net, ca):
    """SSRF guard: without the tests' loopback allowance, 127.0.0.1 is refused and reported."""
    net.owned()
    _mail_records(net)
    https, http = _site(net, ca)
    observations, findings = _run(net, allow_loopback=False)
    assert observations["addresses"] == {"resolved": ["127.0.0.1"], "probed": [], "refused": ["127.0.0.1"]}
    assert [(f.id, f.severity, f.params) for f in findings if f.id == "address_private"] == [
        ("address_private", "high", {"addresses": "127.0.0.1"})
    ]
    assert servers.settled(https, http) == (0, 0)


def test_probe_connect_refuses_private_address_directly(net):
    with pytest.raises(probes.RefusedAddress):
        probes.open_ports(["10.0.0.1"], [443], net.config(allow_loopback=False))
    with pytest.raises(probes.RefusedAddress):
        probes.tls_certificate("192.168.1.1", DOMAIN, net.config())


def test_probe_dns_unavailable_stops_before_anything_else(ca_file):
    silent = servers.closed_port()
    config = probes.ProbeConfig(nameservers=(f"127.0.0.1:{silent}",), dns_timeout=0.3, allow_loopback=True, ca_file=ca_file)
    observations = probes.observe(DOMAIN, TOKEN, config)
    assert (observations["verified"], "dns" in observations) == (None, False)


def test_rate_limiter_spaces_connections():
    limiter = probes.RateLimiter(20)
    started = datetime.datetime.now()
    for _ in range(30):
        limiter.acquire()
    elapsed = (datetime.datetime.now() - started).total_seconds()
    assert 0.4 <= elapsed < 1.5  # 20 at once (the burst), then 10 more at 20 per second
