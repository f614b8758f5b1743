"""SECURITY ACTION content from ``content/security_action.yaml``.

The file is read once per process and checked on first use: a broken edit (missing ja/en
text, an unknown placeholder such as ``{company_name.__class__}``) raises ValueError naming
the item, so it fails at the first request or at ``manage.py load_content``, never halfway
through rendering a policy. The returned structures are shared: do not mutate them.
"""

import string

from dxnavi.content.files import ContentFile
from dxnavi.content.validation import check_sources

FILE = "security_action.yaml"
# The only values a company fills into the basic-policy template (see content/README.md).
PLACEHOLDERS = ("company_name", "representative", "date")


def _text(where, node, key):
    value = node.get(key) if isinstance(node, dict) else None
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) and value[lang].strip() for lang in ("ja", "en")):
        raise ValueError(f"{FILE}: {where} has no {key!r} text with both ja and en")
    return value


def _check_placeholders(where, text):
    for lang, value in text.items():
        try:
            fields = [(name, spec, conv) for _lit, name, spec, conv in string.Formatter().parse(value) if name is not None]
        except ValueError as error:  # unbalanced braces
            raise ValueError(f"{FILE}: {where}.{lang}: {error}") from error
        for name, spec, conv in fields:
            # Attribute/index access, conversions and format specs are refused: the template
            # may only name one of the three values, nothing else of the Python objects.
            if name not in PLACEHOLDERS or spec or conv:
                raise ValueError(f"{FILE}: {where}.{lang}: placeholder {{{name}}} is not allowed")


def validate(data) -> None:
    if not isinstance(data, dict) or data.get("id") != "security_action":
        raise ValueError(f"{FILE}: expected a mapping with id 'security_action'")
    if not isinstance(data.get("version"), str):
        raise ValueError(f"{FILE}: version must be a quoted string")
    check_sources(FILE, data)
    _text("note", data.get("note"), "text")
    one_star = data.get("one_star") or {}
    _text("one_star", one_star, "title")
    items = one_star.get("items")
    if not isinstance(items, list) or not items:
        raise ValueError(f"{FILE}: one_star.items is missing or empty")
    seen = set()
    for i, item in enumerate(items):
        item_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item_id, str) or item_id in seen:
            raise ValueError(f"{FILE}: one_star.items[{i}] has a missing or duplicate id")
        seen.add(item_id)
        _text(f"item {item_id}", item, "title")
        _text(f"item {item_id}", item, "practice")
        related = item.get("related_questions", [])
        if not isinstance(related, list) or not all(isinstance(q, str) for q in related):
            raise ValueError(f"{FILE}: item {item_id}: related_questions must be a list of question ids")
    two_star = data.get("two_star") or {}
    _text("two_star", two_star, "title")
    for i, req in enumerate(two_star.get("requirements") or []):
        _text(f"two_star.requirements[{i}]", req, "title")
    template = data.get("basic_policy_template") or {}
    _text("basic_policy_template", template, "title")
    sections = template.get("sections")
    if not isinstance(sections, list) or not sections:
        raise ValueError(f"{FILE}: basic_policy_template.sections is missing or empty")
    for section in sections:
        if isinstance(section, dict) and not isinstance(section.get("required", False), bool):
            raise ValueError(f"{FILE}: basic_policy_template section {section.get('id')!r}: required must be true or false")
    for part in [template.get("preamble"), *sections, template.get("closing")]:
        where = f"basic_policy_template part {part.get('id') if isinstance(part, dict) else part!r}"
        _text(where, part, "title")
        _check_placeholders(where, _text(where, part, "body"))


_FILE = ContentFile(FILE, lambda data: validate(data))


def _read() -> dict:
    return _FILE.read()


def data() -> dict:
    return _FILE.data()


def check_file() -> list[str]:
    """Content loader for ``manage.py load_content``: re-read and validate (nothing is stored)."""
    fresh = _FILE.reload()
    items = len(fresh["one_star"]["items"])
    sections = len(fresh["basic_policy_template"]["sections"])
    return [f"{FILE} {fresh['version']}: {items} one-star items, basic policy with {sections} sections — valid"]


def version() -> str:
    return data()["version"]


def title() -> dict:
    return data()["title"]


def note() -> dict:
    return data()["note"]


def one_star() -> dict:
    return data()["one_star"]


def two_star() -> dict:
    return data()["two_star"]


def items() -> list[dict]:
    return data()["one_star"]["items"]


def item_ids() -> tuple[str, ...]:
    return tuple(item["id"] for item in items())


def related_questions() -> dict[str, list[str]]:
    return {item["id"]: list(item.get("related_questions", [])) for item in items()}


def requirement(req_id: str) -> dict:
    return next(r for r in two_star()["requirements"] if r["id"] == req_id)


def policy_template() -> dict:
    return data()["basic_policy_template"]


def required_section_ids() -> tuple[str, ...]:
    """The sections of the basic policy that every saved version must keep (``required: true``)."""
    return tuple(section["id"] for section in policy_template()["sections"] if section.get("required"))
