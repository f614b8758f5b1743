"""What a domain a company adds may be: a public DNS hostname, stored IDNA-encoded (ASCII).

``normalize(text)`` returns ``(ascii_name, unicode_name)`` or raises ``NameError_`` with a code the
form turns into a Japanese message. No IP addresses, no single-label names, no names under
reserved or private-use top-level domains (RFC 2606, RFC 6761, RFC 6762, RFC 7686, RFC 9476).
"""

import ipaddress
import re

import dns.exception
import dns.name

MAX_LENGTH = 253
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
RESERVED_TLDS = frozenset(
    {"test", "example", "invalid", "localhost", "local", "onion", "alt", "arpa", "internal", "home", "lan", "corp",
     "intranet", "private", "localdomain"}
)
RESERVED_NAMES = frozenset({"example.com", "example.net", "example.org"})


class InvalidName(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def normalize(text: str) -> tuple[str, str]:
    value = (text or "").strip()
    if not value:
        raise InvalidName("required")
    if "://" in value or "/" in value or "@" in value or ":" in value or any(c.isspace() for c in value):
        raise InvalidName("not_hostname")
    value = value.rstrip(".").lower()
    if value.startswith("[") or _is_ip(value):
        raise InvalidName("ip_address")
    try:
        name = dns.name.from_unicode(value)
        ascii_name = name.to_text(omit_final_dot=True).lower()
        unicode_name = name.to_unicode(omit_final_dot=True)
    except dns.name.NameTooLong:
        raise InvalidName("too_long") from None
    except (dns.exception.DNSException, UnicodeError, ValueError):
        raise InvalidName("not_hostname") from None
    if len(ascii_name) > MAX_LENGTH:
        raise InvalidName("too_long")
    labels = ascii_name.split(".")
    if len(labels) < 2:
        raise InvalidName("single_label")
    if not all(_LABEL.match(label) for label in labels):
        raise InvalidName("not_hostname")
    if not re.match(r"^[a-z]", labels[-1]):  # a top-level domain starts with a letter (also xn--…)
        raise InvalidName("not_hostname")
    if labels[-1] in RESERVED_TLDS or ascii_name in RESERVED_NAMES or ascii_name.endswith(tuple("." + n for n in RESERVED_NAMES)):
        raise InvalidName("reserved")
    return ascii_name, unicode_name


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return bool(re.fullmatch(r"[0-9.]+", value))  # 10.1 or 127.1: still meant as an address
    return True
