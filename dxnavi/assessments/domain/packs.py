"""Questionnaire packs: structure, validation, canonical form and checksum.

A pack is plain data (see content/README.md). ``PackSpec`` is a read-only view over the
stored definition with the look-ups every screen needs (questions in order, options and
points of a question, maxima per part, the level scale). ``validate`` turns a parsed YAML
document into a definition or raises ValueError naming the file and the item, so a broken
pack is refused before anything is written.

Question types (``choice``, ``level_target``) live in ``questions.py``; scoring strategies in
``scoring.py``. Apps may own an extra top-level section of a pack (e.g. ``certification`` in
the DX maturity pack) and register its validator with ``register_section``.
"""

import datetime
import hashlib
import json
import re
from functools import cached_property

ID_RE = re.compile(r"^[A-Za-z0-9_\-]+$")
LANGS = ("ja", "en")


def normalize(node):
    """JSON-safe copy of a parsed YAML node: dates become ISO strings (YAML reads 2024-10-01 as a date).

    Keys starting with ``x-`` are dropped: they only hold YAML anchors for reuse in the file.
    """
    if isinstance(node, dict):
        return {
            str(k) if not isinstance(k, str) else k: normalize(v)
            for k, v in node.items()
            if not (isinstance(k, str) and k.startswith("x-"))
        }
    if isinstance(node, list):
        return [normalize(v) for v in node]
    if isinstance(node, (datetime.date, datetime.datetime)):
        return node.isoformat()
    return node


def canonical_json(definition) -> str:
    # Sorted keys and fixed separators: the same content always gives the same bytes, so the
    # checksum changes with meaning, not with YAML formatting, comments or key order.
    return json.dumps(definition, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def checksum(definition) -> str:
    return hashlib.sha256(canonical_json(definition).encode("utf-8")).hexdigest()


class PackSpec:
    """Read-only look-ups over a validated pack definition (a dict as stored in the database)."""

    def __init__(self, definition: dict):
        self.definition = definition

    @property
    def id(self) -> str:
        return self.definition["id"]

    @property
    def version(self) -> str:
        return self.definition["version"]

    @property
    def title(self):
        return self.definition.get("title")

    @property
    def intro(self):
        return self.definition.get("intro")

    @property
    def scoring(self) -> dict:
        return self.definition.get("scoring") or {}

    @property
    def strategy(self) -> str:
        return self.scoring.get("strategy", "")

    @property
    def unknown_option(self) -> str | None:
        return self.scoring.get("unknown_option")

    @property
    def bands(self) -> list[dict]:
        return self.scoring.get("bands") or []

    def band(self, band_id: str) -> dict | None:
        return next((b for b in self.bands if b["id"] == band_id), None)

    def band_index(self, band_id: str) -> int | None:
        return next((i for i, b in enumerate(self.bands) if b["id"] == band_id), None)

    @property
    def parts(self) -> list[dict]:
        return self.definition["parts"]

    @cached_property
    def part_ids(self) -> list[str]:
        return [p["id"] for p in self.parts]

    def part(self, part_id: str) -> dict | None:
        return next((p for p in self.parts if p["id"] == part_id), None)

    @cached_property
    def questions(self) -> list[dict]:
        return [q for p in self.parts for q in p["questions"]]

    @cached_property
    def _questions_by_id(self) -> dict[str, dict]:
        return {q["id"]: q for q in self.questions}

    @cached_property
    def _part_of(self) -> dict[str, str]:
        return {q["id"]: p["id"] for p in self.parts for q in p["questions"]}

    def question(self, question_id: str) -> dict | None:
        return self._questions_by_id.get(question_id)

    def part_of(self, question_id: str) -> str | None:
        return self._part_of.get(question_id)

    def options_for(self, question: dict) -> list[dict]:
        # A question may bring its own option set; otherwise the pack's default set applies.
        # Only choice questions have options.
        if question.get("type", "choice") != "choice":
            return []
        return question.get("options") or self.definition.get("options") or []

    def question_type(self, question: dict):
        from .questions import get_type

        return get_type(question)

    def is_answered(self, question: dict, value) -> bool:
        return value is not None and self.question_type(question).is_answered(self, question, value)

    @property
    def level_scale(self) -> list[dict]:
        return self.definition.get("level_scale") or []

    @cached_property
    def levels(self) -> list[int]:
        return [entry["level"] for entry in self.level_scale]

    def level(self, value: int) -> dict | None:
        return next((entry for entry in self.level_scale if entry["level"] == value), None)

    def option(self, question: dict, option_id: str) -> dict | None:
        return next((o for o in self.options_for(question) if o["id"] == option_id), None)

    def points(self, question_id: str, option_id: str) -> int | None:
        question = self.question(question_id)
        option = self.option(question, option_id) if question else None
        return option["points"] if option else None

    def max_points(self, question: dict) -> int:
        # Questions without options (level_target) carry no points: their strategies score them.
        return max((o["points"] for o in self.options_for(question)), default=0)

    def min_points(self, question: dict) -> int:
        return min((o["points"] for o in self.options_for(question)), default=0)

    def part_max(self, part_id: str) -> int:
        return sum(self.max_points(q) for q in self.part(part_id)["questions"])

    @cached_property
    def total_max(self) -> int:
        return sum(self.max_points(q) for q in self.questions)

    @cached_property
    def total_min(self) -> int:
        return sum(self.min_points(q) for q in self.questions)


# --- validation --------------------------------------------------------------------------


class _Checker:
    def __init__(self, filename: str):
        self.filename = filename

    def fail(self, where: str, message: str):
        raise ValueError(f"{self.filename}: {where}: {message}")

    def ident(self, where: str, value) -> str:
        if isinstance(value, bool):
            # Unquoted yes/no/on/off are booleans in YAML 1.1: the classic pack mistake.
            self.fail(where, f"id {value!r} must be a quoted string (unquoted yes/no are read as true/false)")
        if not isinstance(value, str) or not ID_RE.match(value):
            self.fail(where, f"id {value!r} must be a string of ASCII letters, digits, '_' or '-'")
        return value

    def text(self, where: str, node: dict, key: str, required: bool = True):
        value = node.get(key)
        if value is None and not required:
            return
        if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) and value[lang].strip() for lang in LANGS):
            self.fail(where, f"{key!r} needs non-empty ja and en text")

    def integer(self, where: str, node: dict, key: str) -> int:
        value = node.get(key)
        if type(value) is not int:  # bool is an int subclass; refuse it too
            self.fail(where, f"{key!r} must be a whole number, got {value!r}")
        return value

    def items(self, where: str, value, what: str) -> list:
        if not isinstance(value, list) or not value:
            self.fail(where, f"{what} must be a non-empty list")
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.fail(f"{where}[{i}]", f"each of {what} must be a mapping")
        return value


def _check_options(c: _Checker, where: str, options) -> None:
    c.items(where, options, "options")
    seen = set()
    for i, option in enumerate(options):
        option_id = c.ident(f"{where}[{i}]", option.get("id"))
        item = f"option {option_id!r}"
        if option_id in seen:
            c.fail(item, "duplicate option id")
        seen.add(option_id)
        c.integer(item, option, "points")
        c.text(item, option, "label")


# Validators of extra top-level pack sections, owned by other apps: {key: fn(spec) -> [(item, problem)]}.
_SECTIONS: dict = {}


def register_section(key: str, validator) -> None:
    """Let an app validate its own top-level section of a pack (run when the section is present)."""
    _SECTIONS[key] = validator


def _check_level_scale(c: _Checker, scale) -> None:
    c.items("pack", scale, "level_scale")
    for i, entry in enumerate(scale):
        level = c.integer(f"level_scale[{i}]", entry, "level")
        if level != i:
            c.fail(f"level {level}", f"level_scale must count 0, 1, 2, … in order; expected {i}")
        c.text(f"level {level}", entry, "label")
        c.text(f"level {level}", entry, "description", required=False)


def validate(data, filename: str) -> dict:
    """Check a parsed pack and return its JSON-safe definition; ValueError names file and item."""
    from .questions import get_type, type_names

    c = _Checker(filename)
    if not isinstance(data, dict):
        c.fail("pack", "expected a mapping at the top level")
    definition = normalize(data)
    c.ident("pack", definition.get("id"))
    if not isinstance(definition.get("version"), str) or not definition["version"].strip():
        c.fail("pack", "'version' must be a quoted, non-empty string (e.g. \"2024.1\")")
    c.text("pack", definition, "title")
    c.text("pack", definition, "intro", required=False)

    if definition.get("options") is not None:
        _check_options(c, "pack options", definition["options"])
    if definition.get("level_scale") is not None:
        _check_level_scale(c, definition["level_scale"])
    spec = PackSpec(definition)

    part_ids, question_ids, numbers = set(), set(), set()
    for part in c.items("pack", definition.get("parts"), "parts"):
        part_id = c.ident("part", part.get("id"))
        where = f"part {part_id!r}"
        if part_id in part_ids:
            c.fail(where, "duplicate part id")
        part_ids.add(part_id)
        c.text(where, part, "title")
        for question in c.items(where, part.get("questions"), "questions"):
            question_id = c.ident(f"{where} question", question.get("id"))
            qwhere = f"question {question_id!r}"
            if question_id in question_ids:
                c.fail(qwhere, "duplicate question id")
            question_ids.add(question_id)
            number = c.integer(qwhere, question, "number")
            if number in numbers:
                c.fail(qwhere, f"duplicate question number {number}")
            numbers.add(number)
            c.text(qwhere, question, "text")
            for key in ("hint", "advice"):
                c.text(qwhere, question, key, required=False)
            try:
                qtype = get_type(question)
            except KeyError:
                c.fail(qwhere, f"unknown type {question.get('type')!r} (known: {', '.join(type_names())})")
            if question.get("options") is not None:
                if qtype.structured:
                    c.fail(qwhere, f"type {qtype.name} takes no options")
                _check_options(c, f"{qwhere} options", question["options"])
            for problem in qtype.check(spec, question):
                c.fail(qwhere, problem)

    scoring = definition.get("scoring")
    if not isinstance(scoring, dict):
        c.fail("pack", "'scoring' must be a mapping with a 'strategy'")
    unknown = scoring.get("unknown_option")
    if unknown is not None:
        for question in spec.questions:
            if spec.option(question, unknown) is None:
                c.fail(f"question {question['id']!r}", f"has no option {unknown!r} (scoring.unknown_option)")

    from .scoring import get_strategy

    try:
        strategy = get_strategy(scoring.get("strategy"))
    except KeyError:
        c.fail("scoring", f"unknown strategy {scoring.get('strategy')!r}")
    for item, message in strategy.validate(spec):
        c.fail(item, message)
    for key, validator in _SECTIONS.items():
        if key in definition:
            for item, message in validator(spec):
                c.fail(item, message)
    return definition
