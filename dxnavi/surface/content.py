"""The attack-surface check's content (``content/surface/checks.yaml``): what each finding means and how to
fix it, the ports the connect check tries and the VPN-device products recognised.

Read once per process (``ContentFile``); ``manage.py load_content`` validates it again (``check_file``):
every item has a stable id, ``source`` naming the publication and ``as_of``; findings have ja+en
``title``, ``explanation`` and ``fix``; the placeholders of a text are the same in ja and en.
"""

import re
import string

from dxnavi.content.files import ContentFile
from dxnavi.content.i18n import pick
from dxnavi.content.validation import check_items, check_sources

from .domain.findings import SEVERITIES

FILE = "surface/checks.yaml"
TEXT_KEYS = ("title", "explanation", "fix")
_GUIDANCE = re.compile(r"^SC\d{2}$")


def _fields(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}


def validate(data) -> None:
    if not isinstance(data, dict):
        raise ValueError(f"{FILE}: not a mapping")
    check_sources(FILE, data)
    findings = check_items(FILE, data, "findings", TEXT_KEYS)
    finding_ids = {item["id"] for item in findings}
    for item in findings:
        where = f"item {item['id']!r} (findings)"
        for key in TEXT_KEYS:
            if _fields(item[key]["ja"]) != _fields(item[key]["en"]):
                raise ValueError(f"{FILE}: {where} {key}: ja and en use different placeholders")
        if "guidance" in item and not _GUIDANCE.match(str(item["guidance"])):
            raise ValueError(f"{FILE}: {where} guidance must be a self-check question id such as SC01")
    ports = check_items(FILE, data, "ports", ("label",))
    seen_ports = set()
    for item in ports:
        where = f"item {item['id']!r} (ports)"
        port = item.get("port")
        if not isinstance(port, int) or not 0 < port < 65536:
            raise ValueError(f"{FILE}: {where} port must be a number from 1 to 65535")
        if port in seen_ports:
            raise ValueError(f"{FILE}: {where} port {port} is listed twice")
        seen_ports.add(port)
        if item.get("finding") not in finding_ids:
            raise ValueError(f"{FILE}: {where} finding {item.get('finding')!r} is not among the findings")
        if item.get("severity") not in SEVERITIES:
            raise ValueError(f"{FILE}: {where} severity must be one of {', '.join(SEVERITIES)}")
        if not isinstance(item.get("service"), str) or not item["service"].strip():
            raise ValueError(f"{FILE}: {where} is missing service")
    products = check_items(FILE, data, "products", ("note",))
    for item in products:
        where = f"item {item['id']!r} (products)"
        if not isinstance(item.get("name"), str) or not item["name"].strip():
            raise ValueError(f"{FILE}: {where} is missing name")
        patterns = item.get("patterns")
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
            raise ValueError(f"{FILE}: {where} patterns must be a list of regular expressions")
        for pattern in patterns:
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as error:
                raise ValueError(f"{FILE}: {where} pattern {pattern!r} is not a regular expression ({error})") from None
    for required in ("vpn_device", "address_private", "no_address", "dns_failed"):
        if required not in finding_ids:
            raise ValueError(f"{FILE}: finding {required!r} is missing")


_FILE = ContentFile(FILE, validate)


def findings() -> dict:
    return {item["id"]: item for item in _FILE.data()["findings"]}


def ports() -> dict:
    """port → {"finding", "severity", "service", "label", …} (the connect check's table)."""
    return {item["port"]: item for item in _FILE.data()["ports"]}


def products() -> list[dict]:
    return _FILE.data()["products"]


def finding_text(finding_id: str, params: dict, lang: str | None = None) -> dict:
    """{"title", "explanation", "fix", "source", "guidance"} of a stored finding, in the active language."""
    item = findings().get(finding_id)
    if item is None:  # an id from an older content version: show the id rather than fail
        return {"title": finding_id, "explanation": "", "fix": "", "source": "", "guidance": ""}
    values = {key: _format(pick(item[key], lang), params) for key in TEXT_KEYS}
    return {**values, "source": item["source"], "guidance": item.get("guidance", "")}


def _format(text: str, params: dict) -> str:
    try:
        return text.format_map({k: v for k, v in (params or {}).items()})
    except (KeyError, ValueError, IndexError):
        return text


def check_file() -> list[str]:
    data = _FILE.reload()
    return [
        f"{FILE}: {len(data['findings'])} findings, {len(data['ports'])} ports, {len(data['products'])} VPN products — valid"
    ]
