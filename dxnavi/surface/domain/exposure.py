"""Risky services reachable from the internet, and VPN devices recognised from what they show.

``ports``: the content table (``content/surface/ports.yaml``): port → {"finding", "severity", "service"};
``patterns``: the product table (``content/surface/products.yaml``): [{"id", "name", "patterns": [...]}].
"""

import html
import re

from .findings import Finding

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def interpret_ports(open_ports, ports: dict) -> list[Finding]:
    """``open_ports``: [(address, port)] that accepted a connection; one finding per port (addresses joined)."""
    by_port: dict[int, list[str]] = {}
    for address, port in open_ports:
        if port in ports:
            by_port.setdefault(port, []).append(address)
    findings = []
    for port in sorted(by_port):
        entry = ports[port]
        addresses = ", ".join(dict.fromkeys(by_port[port]))
        findings.append(Finding(entry["finding"], entry["severity"], {"port": port, "service": entry["service"], "addresses": addresses}))
    return findings


def page_title(body: str) -> str:
    match = _TITLE.search(body or "")
    return " ".join(html.unescape(match.group(1)).split())[:200] if match else ""


def identify_products(texts, products) -> list[dict]:
    """The products whose patterns (case-insensitive regular expressions) match any of ``texts``
    (banners, page titles and bodies, certificate subjects), in the table's order, each once."""
    found = []
    for product in products:
        for pattern in product["patterns"]:
            regex = re.compile(pattern, re.IGNORECASE)
            if any(text and regex.search(text) for text in texts):
                found.append(product)
                break
    return found


def interpret_products(texts, products, severity: str) -> list[Finding]:
    return [Finding("vpn_device", severity, {"product": p["name"], "product_id": p["id"]}) for p in identify_products(texts, products)]
