"""Reference data read from ``content/reference/*.yaml``: prefectures, JSIC codes, SME definitions.

Each file is read once per process (``functools.cache``) and validated on load: an item without
``id``, ``source``, ``as_of`` or ``ja``/``en`` text, a duplicate id or a dangling code raises
``ValueError`` naming the file and the item, so a broken content edit stops the app at start-up
instead of producing a wrong answer later. The returned structures are shared: do not mutate them.
"""

import re
from functools import cache
from pathlib import Path

import yaml

from dxnavi.content.i18n import pick
from dxnavi.content.validation import check_item as _check_item
from dxnavi.content.validation import check_items as _check_items
from dxnavi.content.validation import check_sources
from dxnavi.content.validation import check_text as _check_text  # noqa: F401  (kept for callers of the old name)

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "content" / "reference"

PREFECTURES_FILE = "prefectures.yaml"
JSIC_FILE = "jsic.yaml"
SME_FILE = "sme_definitions.yaml"

_CODE_PATTERNS = {
    "majors": re.compile(r"^[A-T]$"),
    "middles": re.compile(r"^\d{2}$"),
    "minors": re.compile(r"^\d{3}$"),
    "details": re.compile(r"^\d{4}$"),
}


# --------------------------------------------------------------------------- validation helpers


def _read(filename):
    path = REFERENCE_DIR / filename
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{filename}: expected a mapping at the top level")
    check_sources(filename, data)
    return data


def _check_int(filename, item, key, section):
    value = item.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{filename}: item {item['id']!r} ({section}) needs a non-negative integer {key}")


# --------------------------------------------------------------------------- prefectures


@cache
def _prefecture_data():
    data = _read(PREFECTURES_FILE)
    items = _check_items(PREFECTURES_FILE, data, "items", ("name",))
    for item in items:
        if not re.match(r"^(0[1-9]|[1-3]\d|4[0-7])$", item["id"]):
            raise ValueError(f"{PREFECTURES_FILE}: item {item['id']!r} (items) is not a JIS X 0401 code 01–47")
    return data


def prefectures():
    """All 47 prefectures in code order: ``[{"id": "01", "name": {"ja": ..., "en": ...}, ...}, ...]``."""
    return _prefecture_data()["items"]


def prefecture_choices(lang=None):
    """``[(code, localized name), ...]`` for a form's ``choices``."""
    return [(item["id"], pick(item["name"], lang)) for item in prefectures()]


def prefecture_name(code, lang=None):
    """Localized name of a prefecture code, or ``""`` for an unknown code."""
    for item in prefectures():
        if item["id"] == code:
            return pick(item["name"], lang)
    return ""


# --------------------------------------------------------------------------- JSIC


@cache
def jsic():
    """The JSIC data: ``{"majors": [...], "middles": [...], "minors": [...], "details": [...], ...}``."""
    data = _read(JSIC_FILE)
    parents = {"middles": ("major", "majors"), "minors": ("middle", "middles"), "details": ("minor", "minors")}
    ids = {}
    for section in ("majors", "middles", "minors", "details"):
        items = _check_items(JSIC_FILE, data, section, ("name",))
        for item in items:
            if not _CODE_PATTERNS[section].match(item["id"]):
                raise ValueError(f"{JSIC_FILE}: item {item['id']!r} ({section}) has a malformed code")
        ids[section] = {item["id"] for item in items}
        if section in parents:
            key, parent_section = parents[section]
            for item in items:
                parent = item.get(key)
                if parent not in ids[parent_section]:
                    raise ValueError(f"{JSIC_FILE}: item {item['id']!r} ({section}) has unknown {key} {parent!r}")
                if section != "middles" and not item["id"].startswith(parent):
                    raise ValueError(f"{JSIC_FILE}: item {item['id']!r} ({section}) does not start with its {key} {parent!r}")
    return data


@cache
def jsic_index():
    """Every JSIC item by code (any level), each with an added ``level`` key."""
    index = {}
    for section, level in (("majors", "major"), ("middles", "middle"), ("minors", "minor"), ("details", "detail")):
        for item in jsic()[section]:
            index[item["id"]] = {**item, "level": level}
    return index


def jsic_name(code, lang=None):
    """Localized name of a JSIC code of any level, or ``""`` when the code is not listed."""
    item = jsic_index().get(code)
    return pick(item["name"], lang) if item else ""


def _choice(item, lang):
    return (item["id"], f"{item['id']} {pick(item['name'], lang)}")


def jsic_major_choices(lang=None):
    """``[("A", "A 農業、林業"), ...]`` — the 20 大分類."""
    return [_choice(item, lang) for item in jsic()["majors"]]


def jsic_middle_choices(major=None, lang=None):
    """``[("01", "01 農業"), ...]`` — all 中分類, or those of one 大分類."""
    return [_choice(item, lang) for item in jsic()["middles"] if major is None or item["major"] == major]


def jsic_minor_choices(middle=None, lang=None):
    """The 小分類 a user needs to pick where the SME rules depend on them, optionally for one 中分類."""
    return [_choice(item, lang) for item in jsic()["minors"] if middle is None or item["middle"] == middle]


def jsic_fine_choices(lang=None):
    """小分類 and the few 細分類 the SME rules need, in code order, for one optional form field."""
    items = jsic()["minors"] + jsic()["details"]
    return [_choice(item, lang) for item in sorted(items, key=lambda item: item["id"])]


def jsic_middles_needing_minor():
    """中分類 codes for which a 小分類 should be asked (those with listed 小分類)."""
    return sorted({item["middle"] for item in jsic()["minors"]})


# --------------------------------------------------------------------------- SME definitions


@cache
def sme_rules():
    """The validated ``sme_definitions.yaml`` (groups, mapping, exceptions, templates)."""
    data = _read(SME_FILE)
    codes = set(jsic_index())

    groups = _check_items(SME_FILE, data, "industry_groups", ("label", "description", "small_label"))
    group_ids = {g["id"] for g in groups}
    for group in groups:
        for key in ("capital_limit_yen", "employee_limit", "small_employee_limit"):
            _check_int(SME_FILE, group, key, "industry_groups")

    default = data.get("default_group")
    _check_item(SME_FILE, "default_group", 0, default, ("label",))
    if default.get("group") not in group_ids:
        raise ValueError(f"{SME_FILE}: item {default['id']!r} (default_group) has unknown group {default.get('group')!r}")

    sections = {
        "group_mapping": ("label",),
        "sme_exceptions": ("label", "note"),
        "small_exceptions": ("label", "note"),
    }
    for section, text_keys in sections.items():
        for rule in _check_items(SME_FILE, data, section, text_keys):
            if section != "small_exceptions" and rule.get("group") not in group_ids:
                raise ValueError(f"{SME_FILE}: item {rule['id']!r} ({section}) has unknown group {rule.get('group')!r}")
            if not rule.get("include"):
                raise ValueError(f"{SME_FILE}: item {rule['id']!r} ({section}) has no include codes")
            for key in ("include", "exclude", "partial"):
                for code in rule.get(key) or ():
                    if code not in codes:
                        where = f"item {rule['id']!r} ({section})"
                        raise ValueError(f"{SME_FILE}: {where} names JSIC code {code!r} not in {JSIC_FILE}")
            int_keys = {"sme_exceptions": ("capital_limit_yen", "employee_limit"), "small_exceptions": ("small_employee_limit",)}
            for key in int_keys.get(section, ()):
                _check_int(SME_FILE, rule, key, section)

    _check_items(SME_FILE, data, "templates", ("text",))
    all_ids = [default["id"]] + [item["id"] for s in ("industry_groups", *sections, "templates") for item in data[s]]
    duplicates = sorted({i for i in all_ids if all_ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"{SME_FILE}: item {duplicates[0]!r} is used as an id more than once")
    return data


def sme_template(template_id):
    """The ``{ja, en}`` text of one reason template; ``ValueError`` names a missing one."""
    for item in sme_rules()["templates"]:
        if item["id"] == template_id:
            return item["text"]
    raise ValueError(f"{SME_FILE}: item {template_id!r} (templates) is missing")


def validate_all():
    """Load and validate every reference file (for a system check or a management command)."""
    prefectures()
    jsic()
    sme_rules()
