"""Hypothesis strategies for one form submission: valid-looking values mixed with hostile ones."""

from hypothesis import strategies as st

MISSING = object()  # the field is left out of the request

# Values that have broken web apps before: control characters, lengths, astral characters,
# numbers beyond 32/64 bits, floats and their spellings, dates that do not exist.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "\r\n\t",
    "\u202etxt.exe",
    "\ufeff",
    "😀👨‍👩‍👧",
    "𠮷野家",
    "x" * 10_000,
    "あ" * 10_000,
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
    str(10**30),
    "-1",
    "-0",
    "0",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "-Infinity",
    "1.5",
    "0x10",
    "１２３",
    "²",  # str.isdigit() is true, int() refuses it
    "١٢٣",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "2026-02-30",
    "9999-12-31",
    "0000-00-00",
    "null",
    "[]",
    "{}",
]

_chars = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",))  # surrogates cannot be sent
_HOSTILE = {
    "nasty": st.sampled_from(NASTY),
    "text": st.text(_chars, max_size=40),
    "int": st.integers(min_value=-(2**80), max_value=2**80).map(str),
    "float": st.floats(allow_nan=True, allow_infinity=True).map(repr),
}
# The list of known troublemakers is drawn from most often.
hostile = st.sampled_from(["nasty", "nasty", "nasty", "text", "int", "float"]).flatmap(_HOSTILE.__getitem__)

_DEFAULTS = {
    "email": "fuzz@example.test",
    "password": "Fuzz-pass-2026!x",
    "number": "1",
    "date": "2026-11-30",
    "tel": "03-1234-5678",
    "url": "https://example.test/",
    "checkbox": "on",
    "radio": "on",
}


def valid_values(f, known=None) -> list[str]:
    """What a person using the page could send: its options, its prefilled value, a sensible default,
    and ``known`` values of the world by input type (real e-mail addresses and passwords, so logins succeed)."""
    if f.kind in ("select", "radio", "button", "hxval", "hidden", "checkbox"):
        return [v for v in f.values] or [""]
    seen = [v for v in f.values if v]
    if f.kind == "number":
        seen.append(f.attrs.get("min") or _DEFAULTS["number"])
    return seen + list((known or {}).get(f.kind, [])) + [_DEFAULTS.get(f.kind, "テスト")]


def field_value(f, known=None):
    """One field: mostly valid, often hostile, sometimes missing or repeated (a list for a scalar)."""
    valid = st.sampled_from(valid_values(f, known))
    if f.kind == "csrf":
        return st.just(f.values[0])
    choice = st.sampled_from(["valid", "valid", "hostile", "hostile", "missing", "repeated"])
    return choice.flatmap(
        lambda kind: {
            "valid": valid,
            "hostile": hostile,
            "missing": st.just(MISSING),
            "repeated": st.lists(st.one_of(valid, hostile), min_size=2, max_size=3),
        }[kind]
    )


def submission(target, known=None):
    """A dict field name -> value (str, list of str, or MISSING) for a target."""
    return st.fixed_dictionaries({name: field_value(f, known) for name, f in sorted(target.fields.items())})


# Explicit examples: one hostile value in every field at once (the CSRF token stays valid), so
# each kind of trouble reaches every field of every form, whatever the random draws do.
EVERY_FIELD = [
    "a\x00b",
    "\x01\x02\x1b[31m\x7f\r\n",
    "x" * 10_000,
    "😀👨‍👩‍👧𠮷",
    str(2**63),
    str(10**30),
    "-1",
    "NaN",
    ["1", "2"],
    MISSING,
]


def every_field(target, value) -> dict:
    return {name: (f.values[0] if f.kind == "csrf" else value) for name, f in sorted(target.fields.items())}


def one_field(target, known=None) -> list[dict]:
    """Explicit examples: every field valid but one, which gets a hostile value ("-1", and
    EVERY_FIELD[i] for field i, cycling), so hostile values also reach the code behind a form
    that is otherwise valid (a login's redirect to ``next``…)."""
    fields = sorted(target.fields.items())
    base = {name: valid_values(f, known)[0] for name, f in fields}
    return [
        {**base, name: value}
        for i, (name, f) in enumerate(fields)
        if f.kind != "csrf"
        for value in ["-1"] + ([EVERY_FIELD[i % len(EVERY_FIELD)]] if EVERY_FIELD[i % len(EVERY_FIELD)] != "-1" else [])
    ]


def encode(data) -> list[tuple[str, str]]:
    pairs = []
    for name, value in data.items():
        if value is MISSING:
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    return pairs
