"""Load the subsidy catalogs (content/subsidies/fy*.yaml) and the checklist into the database.

- Every file is read and validated first; the first problem raises ValueError naming the
  file and the item id, and nothing is written.
- Then one transaction upserts each pack by (fiscal_year, version): unchanged rows are not
  touched (running it twice changes nothing), changed frames are updated, frames gone from
  the YAML are deleted. A new ``version`` is stored beside the old one; saved estimates keep
  their own snapshot either way.
- A frame edited in the admin (``locally_modified``) is kept and reported, unless
  ``force=True`` (``manage.py load_subsidies --force``).
"""

import datetime
import hashlib
import json
import re
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from dxnavi.content.validation import check_sources
from dxnavi.orgs import data_stamp

from .domain.rules import RuleError, parse_rules
from .models import Frame, Program, SubsidyCatalog

CHECKLIST_FILE = "checklist.yaml"
CHECK_IDS = ("eligible_costs", "requirements", "schedule", "no_order_before_decision", "self_funding")
_AS_OF = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def content_dir() -> Path:
    return Path(settings.CONTENT_DIR) / "subsidies"


def pack_paths(directory: Path | None = None) -> list[Path]:
    return sorted((directory or content_dir()).glob("fy*.yaml"))


# --- validation ----------------------------------------------------------------------------


class _Checker:
    def __init__(self, filename: str):
        self.filename = filename

    def fail(self, where: str, message: str):
        raise ValueError(f"{self.filename}: {where}: {message}")

    def keys(self, where, node, required, optional=()):
        if not isinstance(node, dict):
            self.fail(where, "must be a mapping")
        unknown = sorted(k for k in node if k not in required and k not in optional and not str(k).startswith("x-"))
        if unknown:
            self.fail(where, f"unknown key(s): {', '.join(map(str, unknown))}")
        missing = [k for k in required if k not in node]
        if missing:
            self.fail(where, f"missing {', '.join(missing)}")

    def text(self, where, node, key, required=True):
        value = node.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, dict) or not all(
            isinstance(value.get(lang), str) and value[lang].strip() for lang in ("ja", "en")
        ):
            self.fail(where, f"{key!r} needs text with both ja and en")
        return {"ja": value["ja"], "en": value["en"]}

    def as_of(self, where, node, key="as_of"):
        value = node.get(key)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        if not isinstance(value, str) or not _AS_OF.match(value):
            self.fail(where, f"{key} must be YYYY-MM or YYYY-MM-DD, not {value!r}")
        return value

    def string(self, where, node, key):
        value = node.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"{key} must be a non-empty string")
        return value

    def url(self, where, node, key="official_url"):
        value = self.string(where, node, key)
        if not value.startswith("https://"):
            self.fail(where, f"{key} must be an https:// address")
        return value

    def ident(self, where, value, seen):
        if not isinstance(value, str) or not _ID.match(value):
            self.fail(where, f"id {value!r} must be lowercase ASCII (a-z, 0-9, _)")
        if value in seen:
            self.fail(where, f"duplicate id {value!r}")
        seen.add(value)
        return value


def _date_key(value: str) -> str:
    return value if len(value) == 10 else value + "-01"


def validate_pack(filename: str, data) -> dict:
    """Check one catalog pack; return it normalized (dates as strings, rules checked)."""
    check_sources(filename, data)
    c = _Checker(filename)
    c.keys("pack", data, ("id", "fiscal_year", "version", "as_of", "title", "source", "programs"), ("note",))
    if not isinstance(data["fiscal_year"], int) or not 2000 <= data["fiscal_year"] <= 2100:
        c.fail("pack", "fiscal_year must be a year like 2025")
    if not isinstance(data["version"], str):
        c.fail("pack", 'version must be a quoted string such as "2025.1"')
    pack = {
        "id": c.ident("pack", data["id"], set()),
        "fiscal_year": data["fiscal_year"],
        "version": data["version"],
        "as_of": c.as_of("pack", data),
        "title": c.text("pack", data, "title"),
        "source": c.string("pack", data, "source"),
        "note": c.text("pack", data, "note", required=False) or {},
        "programs": [],
    }
    if not isinstance(data["programs"], list) or not data["programs"]:
        c.fail("pack", "programs must be a non-empty list")
    program_ids, frame_ids = set(), set()
    for p_index, raw in enumerate(data["programs"]):
        where = f"program {raw.get('id', p_index) if isinstance(raw, dict) else p_index}"
        c.keys(where, raw, ("id", "name", "summary", "official_url", "rounding", "source", "as_of", "frames"), ("windows",))
        program = {
            "id": c.ident(where, raw["id"], program_ids),
            "name": c.text(where, raw, "name"),
            "summary": c.text(where, raw, "summary"),
            "official_url": c.url(where, raw),
            "rounding": raw["rounding"],
            "source": c.string(where, raw, "source"),
            "as_of": c.as_of(where, raw),
            "windows": [],
            "frames": [],
        }
        if program["rounding"] not in ("yen", "thousand"):
            c.fail(where, "rounding must be yen or thousand")
        for w_index, window in enumerate(raw.get("windows") or []):
            w_where = f"{where} windows[{w_index}]"
            c.keys(w_where, window, ("label", "deadline", "source", "verified"), ("opens",))
            deadline = c.as_of(w_where, window, "deadline")
            if len(deadline) != 10:
                c.fail(w_where, "deadline must be a full date YYYY-MM-DD")
            opens = c.as_of(w_where, window, "opens") if "opens" in window else None
            if opens is not None and (len(opens) != 10 or opens > deadline):
                c.fail(w_where, "opens must be a full date YYYY-MM-DD on or before the deadline")
            if not isinstance(window["verified"], bool):
                c.fail(w_where, "verified must be true or false")
            program["windows"].append(
                {
                    "label": c.text(w_where, window, "label"),
                    "deadline": deadline,
                    **({"opens": opens} if opens else {}),
                    "source": c.string(w_where, window, "source"),
                    "verified": window["verified"],
                }
            )
        if not isinstance(raw["frames"], list) or not raw["frames"]:
            c.fail(where, "frames must be a non-empty list")
        for f_index, f_raw in enumerate(raw["frames"]):
            f_where = f"frame {f_raw.get('id', f_index) if isinstance(f_raw, dict) else f_index}"
            c.keys(
                f_where,
                f_raw,
                ("id", "name", "summary", "official_url", "source", "as_of", "verified", "rules"),
                ("note", "estimable"),
            )
            if not isinstance(f_raw["verified"], bool):
                c.fail(f_where, "verified must be true or false")
            note = c.text(f_where, f_raw, "note", required=not f_raw["verified"])
            estimable = f_raw.get("estimable", True)
            if not isinstance(estimable, bool):
                c.fail(f_where, "estimable must be true or false")
            try:
                parse_rules(f_raw["rules"], rounding=program["rounding"])
            except RuleError as error:
                c.fail(f_where, f"rules.{error}" if error.path else f"rules: {error}")
            frame = {
                "id": c.ident(f_where, f_raw["id"], frame_ids),
                "name": c.text(f_where, f_raw, "name"),
                "summary": c.text(f_where, f_raw, "summary"),
                "official_url": c.url(f_where, f_raw),
                "source": c.string(f_where, f_raw, "source"),
                "as_of": c.as_of(f_where, f_raw),
                "verified": f_raw["verified"],
                "estimable": estimable,
                "note": note or {},
                "rules": _plain(f_raw["rules"]),
            }
            if _date_key(frame["as_of"]) > _date_key(pack["as_of"]):
                c.fail(f_where, f"as_of {frame['as_of']} is newer than the pack's as_of {pack['as_of']}")
            program["frames"].append(frame)
        if _date_key(program["as_of"]) > _date_key(pack["as_of"]):
            c.fail(where, f"as_of {program['as_of']} is newer than the pack's as_of {pack['as_of']}")
        pack["programs"].append(program)
    return pack


def _plain(value):
    """YAML merge keys and anchors give shared objects; store an independent, JSON-safe copy."""
    return json.loads(json.dumps(value, default=str))


def validate_checklist(filename: str, data) -> dict:
    check_sources(filename, data)
    c = _Checker(filename)
    c.keys("checklist", data, ("id", "version", "as_of", "source", "title", "intro", "items"))
    items = data["items"]
    if not isinstance(items, list) or [i.get("id") if isinstance(i, dict) else None for i in items] != list(CHECK_IDS):
        c.fail("checklist", f"items must be exactly {', '.join(CHECK_IDS)} in this order")
    checked = []
    for item in items:
        where = f"item {item['id']}"
        c.keys(where, item, ("id", "title", "text", "source", "as_of"))
        checked.append(
            {
                "id": item["id"],
                "title": c.text(where, item, "title"),
                "text": c.text(where, item, "text"),
                "source": c.string(where, item, "source"),
                "as_of": c.as_of(where, item),
            }
        )
    return {
        "version": str(data["version"]),
        "as_of": c.as_of("checklist", data),
        "source": c.string("checklist", data, "source"),
        "title": c.text("checklist", data, "title"),
        "intro": c.text("checklist", data, "intro"),
        "items": checked,
    }


def _read(path: Path):
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as error:
        raise ValueError(f"{path.name}: not valid YAML: {error}") from error


def read_all(directory: Path | None = None) -> tuple[list[dict], dict]:
    directory = directory or content_dir()
    packs = [validate_pack(path.name, _read(path)) for path in pack_paths(directory)]
    if not packs:
        raise ValueError(f"{directory}: no subsidy catalog (fy*.yaml) found")
    seen = set()
    for pack in packs:
        key = (pack["fiscal_year"], pack["version"])
        if key in seen:
            raise ValueError(f"subsidy catalogs: two files declare FY{key[0]} version {key[1]}")
        seen.add(key)
    checklist = validate_checklist(CHECKLIST_FILE, _read(directory / CHECKLIST_FILE))
    return packs, checklist


@cache
def checklist() -> dict:
    """The validated checklist content (read once per process)."""
    return validate_checklist(CHECKLIST_FILE, _read(content_dir() / CHECKLIST_FILE))


# --- writing -------------------------------------------------------------------------------


def _hash(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _frame_fields(frame: dict, position: int) -> dict:
    return {
        "position": position,
        "name": frame["name"],
        "summary": frame["summary"],
        "official_url": frame["official_url"],
        "source": frame["source"],
        "as_of": frame["as_of"],
        "verified": frame["verified"],
        "estimable": frame["estimable"],
        "note": frame["note"],
        "rules": frame["rules"],
    }


def _upsert(pack: dict, *, force: bool, counts: dict, kept: list):
    header = {k: pack[k] for k in ("as_of", "title", "source", "note")}
    header_hash = _hash({**header, "programs": [p["id"] for p in pack["programs"]]})
    catalog = SubsidyCatalog.objects.filter(fiscal_year=pack["fiscal_year"], version=pack["version"]).first()
    if catalog is None:
        catalog = SubsidyCatalog.objects.create(
            fiscal_year=pack["fiscal_year"], version=pack["version"], content_hash=header_hash, **header
        )
        counts["catalogs_created"] += 1
    elif catalog.content_hash != header_hash:
        for key, value in header.items():
            setattr(catalog, key, value)
        catalog.content_hash = header_hash
        catalog.save()
    programs = {p.program_id: p for p in catalog.programs.all()}
    for position, data in enumerate(pack["programs"]):
        fields = {k: data[k] for k in ("name", "summary", "official_url", "rounding", "windows", "source", "as_of")}
        program = programs.pop(data["id"], None)
        if program is None:
            program = Program.objects.create(catalog=catalog, program_id=data["id"], position=position, **fields)
        elif any(getattr(program, k) != v for k, v in {**fields, "position": position}.items()):
            Program.objects.filter(pk=program.pk).update(position=position, **fields)
        frames = {f.frame_id: f for f in Frame.objects.filter(program=program)}
        for f_position, frame in enumerate(data["frames"]):
            values = _frame_fields(frame, f_position)
            digest = _hash(values)
            row = frames.pop(frame["id"], None)
            if row is None:
                Frame.objects.create(program=program, frame_id=frame["id"], content_hash=digest, **values)
                counts["created"] += 1
            elif row.locally_modified and not force:
                if row.content_hash != digest or any(getattr(row, k) != v for k, v in values.items()):
                    kept.append(f"FY{catalog.fiscal_year} {frame['id']}")
                counts["unchanged"] += 1
            elif row.content_hash == digest and not row.locally_modified:
                counts["unchanged"] += 1
            else:
                Frame.objects.filter(pk=row.pk).update(
                    content_hash=digest, locally_modified=False, modified_by=None, modified_at=None, **values
                )
                counts["updated"] += 1
        for row in frames.values():  # gone from the YAML
            if row.locally_modified and not force:
                kept.append(f"FY{catalog.fiscal_year} {row.frame_id} (no longer in the YAML)")
            else:
                row.delete()
                counts["deleted"] += 1
    for program in programs.values():
        if program.frames.filter(locally_modified=True).exists() and not force:
            kept.append(f"FY{catalog.fiscal_year} program {program.program_id} (no longer in the YAML)")
        else:
            program.delete()
    data_stamp.bump_global()  # the QuerySet.update above send no signals (``subsidies.catalog_state``)
    return catalog


def load(*, force: bool = False, directory: Path | None = None) -> list[str]:
    """Validate every file, then upsert in one transaction. Returns report lines."""
    packs, _checklist = read_all(directory)
    lines = []
    with transaction.atomic():
        for pack in packs:
            counts = {"catalogs_created": 0, "created": 0, "updated": 0, "unchanged": 0, "deleted": 0}
            kept: list[str] = []
            _upsert(pack, force=force, counts=counts, kept=kept)
            frames = sum(len(p["frames"]) for p in pack["programs"])
            lines.append(
                f"subsidies/fy{pack['fiscal_year']} {pack['version']}: {len(pack['programs'])} programs, {frames} frames — "
                f"{counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged, {counts['deleted']} deleted"
            )
            lines.extend(
                f"  kept the admin edit of {name}; run `manage.py load_subsidies --force` to use the YAML" for name in kept
            )
    checklist.cache_clear()
    lines.append(f"subsidies/{CHECKLIST_FILE} {_checklist['version']}: {len(_checklist['items'])} checks — valid")
    return lines


def load_from_content() -> list[str]:
    """Registered with ``dxnavi.content.loaders``: runs inside ``manage.py load_content``."""
    return load(force=False)
