"""A whole run's findings from the probe's observations (``probes.observe``): the one function that derives
them, so a stored run can be read again with the same rules."""

import datetime

from . import exposure, mail, web
from .findings import HIGH, MEDIUM, Finding, ordered

VPN_DEVICE_SEVERITY = MEDIUM


def analyze(observations: dict, ports: dict, products: list, now: datetime.datetime) -> list[Finding]:
    """``ports``/``products``: the content tables. Returns the findings, most severe first."""
    if observations.get("verified") is not True:
        return []
    findings: list[Finding] = []
    dns = observations.get("dns")
    if dns is None:
        return [Finding("dns_failed", MEDIUM)]
    findings += mail.interpret_spf(dns.get("spf", []), dns.get("spf_included") or {})
    findings += mail.interpret_dmarc(dns.get("dmarc", []))
    findings += mail.interpret_mx(dns.get("mx", []))
    if observations.get("dns_error") and "addresses" not in observations:
        findings.append(Finding("dns_failed", MEDIUM))
        return ordered(findings)
    addresses = observations.get("addresses") or {}
    if addresses.get("refused"):
        findings.append(Finding("address_private", HIGH if not addresses.get("probed") else MEDIUM,
                                {"addresses": ", ".join(addresses["refused"])}))
    if not addresses.get("resolved"):
        findings.append(Finding("no_address", "info"))
    open_ports = [(a, p) for a, p in observations.get("open_ports", [])]
    findings += exposure.interpret_ports(open_ports, ports)
    site = observations.get("web")
    if site:
        tls = site.get("tls") or {}
        findings += web.interpret_certificate(tls, now)
        if tls.get("open"):
            findings += web.interpret_protocols(site.get("legacy") or {})
        findings += web.interpret_redirect(site.get("http") or {}, bool(tls.get("open")))
        https = site.get("https") or {}
        if https.get("open") and not https.get("error"):
            findings += web.interpret_headers(https.get("headers") or {})
        for page in (https, site.get("http") or {}):
            findings += [f for f in web.interpret_banners(page.get("headers") or {}) if f not in findings]
    findings += exposure.interpret_products(observations.get("texts", []), products, VPN_DEVICE_SEVERITY)
    return ordered(findings)


def stored_observations(observations: dict) -> dict:
    """What is kept of a run's observations: everything but the page texts (read for product recognition only)."""
    return {k: v for k, v in observations.items() if k != "texts"}
