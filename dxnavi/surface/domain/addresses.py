"""Which resolved addresses may be probed: public ones only (SSRF guard).

A domain whose A/AAAA record points to a loopback, private, link-local, reserved or otherwise
non-global address is reported, never probed; tests allow loopback explicitly.
"""

import ipaddress

PUBLIC, LOOPBACK, PRIVATE = "public", "loopback", "private"


def classify(address: str) -> str:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return LOOPBACK
    if ip.is_global and not ip.is_multicast:
        return PUBLIC
    return PRIVATE


def split(addresses, allow_loopback: bool = False) -> tuple[list[str], list[str]]:
    """(probe-able, refused) with the order and duplicates of ``addresses`` kept / dropped."""
    allowed, refused = [], []
    for address in dict.fromkeys(addresses):
        kind = classify(address)
        if kind == PUBLIC or (kind == LOOPBACK and allow_loopback):
            allowed.append(address)
        else:
            refused.append(address)
    return allowed, refused
