"""SPF (RFC 7208), DMARC (RFC 7489) and MX (RFC 5321, null MX RFC 7505) read from DNS answers.

Inputs are the TXT strings as the probe joined them (one string per record) and the MX hosts;
each ``interpret_*`` returns the findings. No DNS here: the probe fetched the records, including
the SPF records of ``include:``/``redirect=`` targets (``spf_targets``) for the lookup count.
"""

from .findings import HIGH, INFO, LOW, MEDIUM, Finding

SPF_LOOKUP_LIMIT = 10  # RFC 7208 §4.6.4
_LOOKUP_MECHANISMS = ("include", "a", "mx", "ptr", "exists")


def spf_records(txts) -> list[str]:
    return [t.strip() for t in txts if t.strip().lower() == "v=spf1" or t.strip().lower().startswith("v=spf1 ")]


def _terms(record: str) -> list[str]:
    return record.split()[1:]


def _mechanism(term: str) -> tuple[str, str, str]:
    """(qualifier, name, argument) of a term: '-all' → ('-', 'all', ''), 'include:x' → ('+', 'include', 'x')."""
    qualifier = "+"
    if term[:1] in "+-~?":
        qualifier, term = term[0], term[1:]
    if term.lower().startswith("redirect="):
        return qualifier, "redirect", term.split("=", 1)[1]
    for separator in (":", "/"):
        if separator in term:
            name, rest = term.split(separator, 1)
            return qualifier, name.lower(), rest if separator == ":" else ""
    return qualifier, term.lower(), ""


def spf_all(record: str) -> str | None:
    """The qualifier of the ``all`` mechanism ('-', '~', '?', '+'), 'redirect' when a redirect= replaces it, or None."""
    for term in _terms(record):
        qualifier, name, _arg = _mechanism(term)
        if name == "all":
            return qualifier
    if any(_mechanism(term)[1] == "redirect" for term in _terms(record)):
        return "redirect"
    return None


def spf_targets(record: str) -> list[str]:
    """Domains whose SPF record this one pulls in (include: and redirect=)."""
    return [arg.rstrip(".").lower() for _q, name, arg in map(_mechanism, _terms(record)) if name in ("include", "redirect") and arg]


def spf_lookup_count(record: str, included: dict, limit: int = SPF_LOOKUP_LIMIT) -> int:
    """DNS-querying terms of ``record`` and, recursively, of the records it includes (``included``:
    domain → its SPF record or None; a target missing there counts once, as its own lookup). A loop of
    includes counts as over the limit. Counting ends at 10 × the limit, far past any verdict."""
    count = 0
    stack = [(record, ())]
    while stack and count <= limit * 10:
        current, path = stack.pop()
        for _q, name, arg in map(_mechanism, _terms(current)):
            if name in _LOOKUP_MECHANISMS or name == "redirect":
                count += 1
                target = arg.rstrip(".").lower()
                if name in ("include", "redirect") and target:
                    if target in path:
                        return limit + 1
                    nested = included.get(target)
                    if nested:
                        stack.append((nested, (*path, target)))
    return count


def interpret_spf(txts, included: dict | None = None) -> list[Finding]:
    records = spf_records(txts)
    if not records:
        return [Finding("spf_missing", MEDIUM)]
    if len(records) > 1:
        return [Finding("spf_multiple", MEDIUM, {"count": len(records)})]
    record = records[0]
    findings = []
    qualifier = spf_all(record)
    if qualifier == "+":
        findings.append(Finding("spf_pass_all", HIGH, {"record": record}))
    elif qualifier == "~":
        findings.append(Finding("spf_softfail", LOW, {"record": record}))
    elif qualifier in ("?", None):
        findings.append(Finding("spf_neutral", MEDIUM, {"record": record}))
    lookups = spf_lookup_count(record, included or {})
    if lookups > SPF_LOOKUP_LIMIT:
        findings.append(Finding("spf_too_many_lookups", MEDIUM, {"count": lookups, "limit": SPF_LOOKUP_LIMIT}))
    if not findings:
        findings.append(Finding("spf_ok", INFO, {"record": record}))
    return findings


def dmarc_tags(record: str) -> dict:
    tags = {}
    for part in record.split(";"):
        if "=" in part:
            key, value = part.split("=", 1)
            tags.setdefault(key.strip().lower(), value.strip())
    return tags


def interpret_dmarc(txts) -> list[Finding]:
    records = [t.strip() for t in txts if t.strip().lower().replace(" ", "").startswith("v=dmarc1")]
    if not records:
        return [Finding("dmarc_missing", MEDIUM)]
    if len(records) > 1:
        return [Finding("dmarc_multiple", MEDIUM, {"count": len(records)})]
    policy = dmarc_tags(records[0]).get("p", "").lower()
    if policy == "reject":
        return [Finding("dmarc_reject", INFO, {"policy": policy})]
    if policy == "quarantine":
        return [Finding("dmarc_quarantine", LOW, {"policy": policy})]
    if policy == "none":
        return [Finding("dmarc_none", MEDIUM, {"policy": policy})]
    return [Finding("dmarc_invalid", MEDIUM, {"record": records[0]})]


def interpret_mx(hosts) -> list[Finding]:
    """``hosts``: the MX exchange names (without the final dot; '' for the null MX '.')."""
    names = [h.rstrip(".") for h in hosts]
    if not names:
        return [Finding("mx_missing", INFO)]
    if names == [""]:
        return [Finding("mx_null", INFO)]
    return [Finding("mx_present", INFO, {"hosts": ", ".join(sorted(names)[:5])})]
