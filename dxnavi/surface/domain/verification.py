"""The ownership record: ``_dxnavi-verify.<domain>  TXT  "dxnavi-verify=<token>"``."""

PREFIX = "_dxnavi-verify"
VALUE_PREFIX = "dxnavi-verify="


def record_name(domain: str) -> str:
    return f"{PREFIX}.{domain}"


def record_value(token: str) -> str:
    return f"{VALUE_PREFIX}{token}"


def zone_line(domain: str, token: str) -> str:
    """The line as an IT vendor types it in a zone file."""
    return f'{record_name(domain)}. 300 IN TXT "{record_value(token)}"'


def matches(txt_strings, token: str) -> bool:
    """True when one of the TXT records (each already joined from its strings) is exactly ours."""
    expected = record_value(token)
    return any(value.strip() == expected for value in txt_strings)
