"""The pure rules of the attack-surface check (no database, no network)."""

import datetime

import pytest

from dxnavi.surface.domain import addresses, exposure, mail, names, verification, web
from dxnavi.surface.domain.analysis import analyze, stored_observations
from dxnavi.surface.domain.findings import Finding, counts, ordered, worst

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Example-SME.co.jp", ("example-sme.co.jp", "example-sme.co.jp")),
        ("  www.tanaka.jp. ", ("www.tanaka.jp", "www.tanaka.jp")),
        ("田中製作所.jp", ("xn--fiqs2av35b80rguw.jp", "田中製作所.jp")),
    ],
)
def test_names_normalize_valid(text, expected):
    assert names.normalize(text) == expected


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "required"), ("https://example-sme.co.jp/", "not_hostname"), ("a b.jp", "not_hostname"),
        ("192.0.2.1", "ip_address"), ("10.1", "ip_address"), ("[2001:db8::1]", "not_hostname"), ("2001:db8::1", "not_hostname"),
        ("localhost", "single_label"), ("intranet", "single_label"), ("shop.test", "reserved"), ("example.com", "reserved"),
        ("www.example.org", "reserved"), ("nas.local", "reserved"), ("router.home.arpa", "reserved"), ("fileserver.internal", "reserved"),
        ("-bad.jp", "not_hostname"), ("under_score.jp", "not_hostname"), ("a." + "b" * 64 + ".jp", "not_hostname"),
        (".".join(["abcdefghi"] * 26) + ".jp", "too_long"), ("user@example-sme.co.jp", "not_hostname"), ("host.123", "not_hostname"),
    ],
)
def test_names_normalize_refuses(text, code):
    with pytest.raises(names.InvalidName) as error:
        names.normalize(text)
    assert error.value.code == code


# --- verification record -----------------------------------------------------------------


def test_verification_record_and_zone_line():
    assert verification.record_name("tanaka.jp") == "_dxnavi-verify.tanaka.jp"
    assert verification.record_value("abc") == "dxnavi-verify=abc"
    assert verification.zone_line("tanaka.jp", "abc") == '_dxnavi-verify.tanaka.jp. 300 IN TXT "dxnavi-verify=abc"'


def test_verification_matches_exact_value_only():
    assert verification.matches(["google-site-verification=x", " dxnavi-verify=abc "], "abc") is True
    assert verification.matches(["dxnavi-verify=abcd"], "abc") is False
    assert verification.matches(["dxnavi-verify=ab"], "abc") is False
    assert verification.matches([], "abc") is False


# --- addresses (SSRF guard) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "address, kind",
    [
        ("8.8.8.8", "public"), ("2606:4700::1111", "public"), ("127.0.0.1", "loopback"), ("::1", "loopback"),
        ("10.0.0.5", "private"), ("172.16.1.1", "private"), ("192.168.0.1", "private"), ("169.254.169.254", "private"),
        ("100.64.0.1", "private"), ("0.0.0.0", "private"), ("fd00::1", "private"), ("fe80::1", "private"),
        ("::ffff:10.0.0.1", "private"), ("::ffff:127.0.0.1", "loopback"), ("224.0.0.1", "private"), ("192.0.2.10", "private"),
    ],
)
def test_addresses_classify(address, kind):
    assert addresses.classify(address) == kind


def test_addresses_split_keeps_order_and_allows_loopback_only_when_asked():
    resolved = ["203.0.113.9", "8.8.8.8", "127.0.0.1", "8.8.8.8", "10.0.0.1"]
    assert addresses.split(resolved) == (["8.8.8.8"], ["203.0.113.9", "127.0.0.1", "10.0.0.1"])
    assert addresses.split(resolved, allow_loopback=True) == (["8.8.8.8", "127.0.0.1"], ["203.0.113.9", "10.0.0.1"])


# --- SPF / DMARC / MX ----------------------------------------------------------------------


def test_mail_spf_records_and_all_qualifier():
    assert mail.spf_records(["v=spf1 -all", "hello", "v=spf10 x", "V=SPF1 mx ~all"]) == ["v=spf1 -all", "V=SPF1 mx ~all"]
    assert [mail.spf_all(r) for r in ("v=spf1 -all", "v=spf1 mx ~all", "v=spf1 +all", "v=spf1 all", "v=spf1 ?all", "v=spf1 mx",
                                      "v=spf1 redirect=_spf.x.jp")] == ["-", "~", "+", "+", "?", None, "redirect"]


def test_mail_spf_targets_and_lookup_count():
    record = "v=spf1 ip4:192.0.2.1 include:a.jp include:b.jp mx a:c.jp exists:%{i}.d.jp -all"
    assert mail.spf_targets(record) == ["a.jp", "b.jp"]
    included = {"a.jp": "v=spf1 include:c.jp -all", "c.jp": "v=spf1 a mx -all", "b.jp": None}
    # 2 includes + mx + a + exists = 5; a.jp: include = 1; c.jp: a, mx = 2
    assert mail.spf_lookup_count(record, included) == 8
    assert mail.spf_lookup_count("v=spf1 include:x.jp", {"x.jp": "v=spf1 include:y.jp", "y.jp": "v=spf1 include:x.jp"}) == 11
    assert mail.spf_lookup_count("v=spf1 ip4:192.0.2.0/24 -all", {}) == 0


@pytest.mark.parametrize(
    "txts, expected",
    [
        ([], [("spf_missing", "medium", {})]),
        (["v=spf1 -all", "v=spf1 mx -all"], [("spf_multiple", "medium", {"count": 2})]),
        (["v=spf1 +all"], [("spf_pass_all", "high", {"record": "v=spf1 +all"})]),
        (["v=spf1 mx ~all"], [("spf_softfail", "low", {"record": "v=spf1 mx ~all"})]),
        (["v=spf1 mx"], [("spf_neutral", "medium", {"record": "v=spf1 mx"})]),
        (["v=spf1 mx -all"], [("spf_ok", "info", {"record": "v=spf1 mx -all"})]),
    ],
)
def test_mail_interpret_spf(txts, expected):
    assert [(f.id, f.severity, f.params) for f in mail.interpret_spf(txts)] == expected


def test_mail_interpret_spf_too_many_lookups():
    record = "v=spf1 " + " ".join(f"a:h{i}.jp" for i in range(11)) + " -all"
    assert mail.interpret_spf([record]) == [Finding("spf_too_many_lookups", "medium", {"count": 11, "limit": 10})]


@pytest.mark.parametrize(
    "txts, expected",
    [
        ([], ("dmarc_missing", "medium")), (["v=DMARC1; p=none"], ("dmarc_none", "medium")),
        (["v=DMARC1; p=quarantine; pct=100"], ("dmarc_quarantine", "low")), (["v=DMARC1;p=REJECT"], ("dmarc_reject", "info")),
        (["v=DMARC1; rua=mailto:a@b.jp"], ("dmarc_invalid", "medium")), (["v=DMARC1; p=none", "v=DMARC1; p=reject"], ("dmarc_multiple", "medium")),
        (["some other text"], ("dmarc_missing", "medium")),
    ],
)
def test_mail_interpret_dmarc(txts, expected):
    assert [(f.id, f.severity) for f in mail.interpret_dmarc(txts)] == [expected]


def test_mail_dmarc_tags():
    assert mail.dmarc_tags("v=DMARC1; p=reject; rua=mailto:a@b.jp; p=none") == {"v": "DMARC1", "p": "reject", "rua": "mailto:a@b.jp"}


def test_mail_interpret_mx():
    assert mail.interpret_mx([]) == [Finding("mx_missing", "info")]
    assert mail.interpret_mx(["."]) == [Finding("mx_null", "info")]
    assert mail.interpret_mx(["mx2.a.jp", "mx1.a.jp"]) == [Finding("mx_present", "info", {"hosts": "mx1.a.jp, mx2.a.jp"})]


# --- web -----------------------------------------------------------------------------------


def _tls(days=None, **extra):
    data = {"open": True, "error": None, **extra}
    if days is not None:
        data["not_after"] = (NOW + datetime.timedelta(days=days)).isoformat()
    return data


def test_web_days_left_and_ago():
    assert web.days_left(NOW + datetime.timedelta(days=10, hours=1), NOW) == 10
    assert web.days_left(NOW + datetime.timedelta(hours=23), NOW) == 0
    assert web.days_left(NOW - datetime.timedelta(hours=1), NOW) == -1
    assert web.days_ago(NOW - datetime.timedelta(days=3, hours=2), NOW) == 3
    assert web.days_ago(NOW + datetime.timedelta(days=3), NOW) == 0


@pytest.mark.parametrize(
    "tls, expected",
    [
        ({"open": False}, []),
        (_tls(90), [("cert_ok", "info", {"days": 90})]),
        (_tls(30), [("cert_expiring", "medium", {"days": 30})]),
        (_tls(10), [("cert_expiring", "high", {"days": 10})]),
        (_tls(-5, error="expired"), [("cert_expired", "high", {"days": 5})]),
        (_tls(-5), [("cert_expired", "high", {"days": 5})]),
        (_tls(90, error="hostname"), [("cert_name_mismatch", "high", {})]),
        (_tls(90, error="untrusted"), [("cert_untrusted", "high", {})]),
        ({"open": True, "error": "handshake"}, [("tls_handshake_failed", "medium", {})]),
    ],
)
def test_web_interpret_certificate(tls, expected):
    assert [(f.id, f.severity, f.params) for f in web.interpret_certificate(tls, NOW)] == expected


def test_web_interpret_protocols():
    assert web.interpret_protocols({"TLSv1": False, "TLSv1.1": False}) == []
    assert web.interpret_protocols({"TLSv1": False, "TLSv1.1": True}) == [Finding("tls_legacy", "medium", {"versions": "TLS 1.1"})]
    assert web.interpret_protocols({"TLSv1": True, "TLSv1.1": True}) == [Finding("tls_legacy", "medium", {"versions": "TLS 1.0、TLS 1.1"})]


@pytest.mark.parametrize(
    "http, https_open, expected",
    [
        ({"open": False}, True, []),
        ({"open": False}, False, []),
        ({"open": True, "status": 301, "location": "https://a.jp/"}, True, [("http_redirect_ok", "info")]),
        ({"open": True, "status": 302, "location": "http://a.jp/top"}, True, [("http_no_redirect", "medium")]),
        ({"open": True, "status": 200, "location": ""}, True, [("http_no_redirect", "medium")]),
        ({"open": True, "status": 200, "location": ""}, False, [("https_missing", "high")]),
    ],
)
def test_web_interpret_redirect(http, https_open, expected):
    assert [(f.id, f.severity) for f in web.interpret_redirect(http, https_open)] == expected


def test_web_hsts_max_age_and_frame_protection():
    assert [web.hsts_max_age(v) for v in (None, "", "max-age=31536000; includeSubDomains", 'MAX-AGE="600"', "includeSubDomains")] == [
        None, None, 31536000, 600, None,
    ]
    assert web.frame_protected({"x-frame-options": "DENY"}) is True
    assert web.frame_protected({"content-security-policy": "frame-ancestors 'none'"}) is True
    assert web.frame_protected({"x-frame-options": "ALLOW-FROM https://x"}) is False


def test_web_interpret_headers():
    good = {"strict-transport-security": "max-age=31536000", "x-content-type-options": "nosniff",
            "x-frame-options": "SAMEORIGIN", "content-security-policy": "default-src 'self'"}
    assert web.interpret_headers(good) == [Finding("headers_ok", "info")]
    assert [(f.id, f.severity, f.params) for f in web.interpret_headers({"strict-transport-security": "max-age=86400"})] == [
        ("hsts_short", "low", {"days": 1}), ("nosniff_missing", "low", {}), ("frame_missing", "low", {}), ("csp_missing", "low", {}),
    ]
    assert [f.id for f in web.interpret_headers({})][0] == "hsts_missing"


def test_web_interpret_banners():
    assert web.interpret_banners({"server": "nginx"}) == []
    assert web.interpret_banners({"server": "Apache/2.4.41", "x-powered-by": "Express"}) == [
        Finding("banner_version", "low", {"header": "Server", "value": "Apache/2.4.41"}),
        Finding("banner_version", "low", {"header": "X-Powered-By", "value": "Express"}),
    ]


# --- exposure ------------------------------------------------------------------------------

PORTS = {
    3389: {"finding": "port_rdp", "severity": "high", "service": "RDP"},
    21: {"finding": "port_ftp", "severity": "medium", "service": "FTP"},
}
PRODUCTS = [
    {"id": "fortigate", "name": "Fortinet FortiGate", "patterns": ["fortigate", "/remote/login"]},
    {"id": "globalprotect", "name": "GlobalProtect", "patterns": ["globalprotect"]},
]


def test_exposure_interpret_ports_groups_addresses_and_ignores_web_ports():
    found = exposure.interpret_ports([("192.0.2.1", 3389), ("192.0.2.2", 3389), ("192.0.2.1", 443), ("192.0.2.1", 21)], PORTS)
    assert found == [
        Finding("port_ftp", "medium", {"port": 21, "service": "FTP", "addresses": "192.0.2.1"}),
        Finding("port_rdp", "high", {"port": 3389, "service": "RDP", "addresses": "192.0.2.1, 192.0.2.2"}),
    ]


def test_exposure_page_title():
    assert exposure.page_title("<html><TITLE> GlobalProtect\n Portal &amp; more</TITLE>") == "GlobalProtect Portal & more"
    assert exposure.page_title("no title") == ""


def test_exposure_identify_products():
    assert [p["id"] for p in exposure.identify_products(["<a href='/remote/login'>", "GlobalProtect Portal"], PRODUCTS)] == [
        "fortigate", "globalprotect",
    ]
    assert exposure.identify_products(["Welcome to our shop"], PRODUCTS) == []
    assert exposure.interpret_products(["FORTIGATE"], PRODUCTS, "medium") == [
        Finding("vpn_device", "medium", {"product": "Fortinet FortiGate", "product_id": "fortigate"})
    ]


# --- findings and the whole analysis -------------------------------------------------------


def test_findings_order_counts_and_worst():
    items = [Finding("a", "low"), Finding("b", "high"), Finding("c", "info"), Finding("d", "high"), Finding("e", "medium")]
    assert [f.id for f in ordered(items)] == ["b", "d", "e", "a", "c"]
    assert counts(items) == {"high": 2, "medium": 1, "low": 1, "info": 1}
    assert worst(items) == "high"
    assert worst([]) is None
    assert Finding.from_dict(Finding("a", "low", {"x": 1}).as_dict()) == Finding("a", "low", {"x": 1})


def test_analysis_unverified_observations_give_no_findings():
    assert analyze({"verified": False}, PORTS, PRODUCTS, NOW) == []
    assert analyze({"verified": None, "dns_error": "timeout"}, PORTS, PRODUCTS, NOW) == []


def test_analysis_combines_every_rule():
    observations = {
        "verified": True,
        "dns": {"spf": ["v=spf1 -all"], "spf_included": {}, "dmarc": [], "mx": []},
        "addresses": {"resolved": ["192.0.2.1", "10.0.0.1"], "probed": ["192.0.2.1"], "refused": ["10.0.0.1"]},
        "open_ports": [["192.0.2.1", 3389], ["192.0.2.1", 443]],
        "web": {"tls": _tls(5), "legacy": {"TLSv1": True, "TLSv1.1": False}, "http": {"open": False},
                "https": {"open": True, "status": 200, "headers": {"strict-transport-security": "max-age=31536000",
                          "x-content-type-options": "nosniff", "x-frame-options": "DENY", "content-security-policy": "default-src 'self'"}}},
        "texts": ["GlobalProtect Portal"],
    }
    assert [(f.id, f.severity) for f in analyze(observations, PORTS, PRODUCTS, NOW)] == [
        ("port_rdp", "high"), ("cert_expiring", "high"), ("dmarc_missing", "medium"), ("address_private", "medium"),
        ("tls_legacy", "medium"), ("vpn_device", "medium"), ("spf_ok", "info"), ("mx_missing", "info"), ("headers_ok", "info"),
    ]
    assert "texts" not in stored_observations(observations)


def test_analysis_dns_failure_and_no_address():
    assert analyze({"verified": True}, PORTS, PRODUCTS, NOW) == [Finding("dns_failed", "medium")]
    no_address = {"verified": True, "dns": {"spf": ["v=spf1 -all"], "dmarc": ["v=DMARC1; p=reject"], "mx": []},
                  "addresses": {"resolved": [], "probed": [], "refused": []}, "open_ports": []}
    assert [f.id for f in analyze(no_address, PORTS, PRODUCTS, NOW)] == ["spf_ok", "dmarc_reject", "mx_missing", "no_address"]
