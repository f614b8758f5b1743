"""Checks shared by every content file: stable ids, ``{ja, en}`` text, ``source`` and ``as_of``.

Used by the reference data (``reference.py``) and by other apps' content loaders (for
example ``dxnavi/plans/content.py``). Every error is a ValueError naming the file and the item.

Sources are shown to users, so they must name the publication itself (publisher, title, year,
section): ``check_sources`` refuses, anywhere in a parsed file, a source that mentions an internal
name — the word "seed" or a file name such as ``004_b44efde3dc21b7aa.txt`` or ``fy2024.yaml``.
Every content loader runs it on the whole file before its own checks.
"""

import datetime
import re

AS_OF = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
INTERNAL_NAME = re.compile(
    r"\bseeds?\b|\b\d{3}_[0-9a-f]{8,}\b|[\w-]+\.(?:ya?ml|txt|py|json|csv|md)\b",
    re.IGNORECASE,
)


def check_source(filename, where, value):
    """Refuse a displayed source that names an internal file instead of the publication."""
    match = INTERNAL_NAME.search(value)
    if match:
        raise ValueError(
            f"{filename}: {where} source must name the publication (publisher, title, year, section), "
            f"not an internal name ({match.group(0)!r})"
        )


def check_sources(filename, data, where="top level", inside_source=False):
    """Walk a parsed content file; check every string under a key containing ``source``."""
    if isinstance(data, dict):
        label = f"item {data['id']!r}" if isinstance(data.get("id"), str) else where
        for key, value in data.items():
            check_sources(filename, value, label, inside_source or "source" in str(key).lower())
    elif isinstance(data, list):
        for value in data:
            check_sources(filename, value, where, inside_source)
    elif inside_source and isinstance(data, str):
        check_source(filename, where, data)


def check_text(filename, where, item, key):
    text = item.get(key)
    if not isinstance(text, dict):
        raise ValueError(f"{filename}: {where} has no {key!r} text mapping with ja and en")
    for lang in ("ja", "en"):
        value = text.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{filename}: {where} is missing {key}.{lang}")


def check_item(filename, section, index, item, text_keys):
    """Check one item's id, source, as_of and its ``{ja, en}`` mappings; return the id."""
    if not isinstance(item, dict):
        raise ValueError(f"{filename}: {section}[{index}] is not a mapping")
    item_id = item.get("id")
    if not isinstance(item_id, str) or not item_id.strip():
        raise ValueError(f"{filename}: {section}[{index}] is missing id")
    where = f"item {item_id!r} ({section})"
    source = item.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ValueError(f"{filename}: {where} is missing source")
    as_of = item.get("as_of")
    if isinstance(as_of, datetime.date):
        pass
    elif not isinstance(as_of, str) or not AS_OF.match(as_of):
        raise ValueError(f"{filename}: {where} is missing as_of (YYYY-MM-DD or YYYY-MM)")
    for key in text_keys:
        check_text(filename, where, item, key)
    return item_id


def check_items(filename, data, section, text_keys):
    items = data.get(section)
    if not isinstance(items, list) or not items:
        raise ValueError(f"{filename}: section {section!r} is missing or empty")
    seen = set()
    for index, item in enumerate(items):
        item_id = check_item(filename, section, index, item, text_keys)
        if item_id in seen:
            raise ValueError(f"{filename}: item {item_id!r} ({section}) is listed twice")
        seen.add(item_id)
    return items
