"""DX certification (DX認定) readiness: which requirements an application could already show.

DX認定 is granted by the Minister of Economy, Trade and Industry after IPA's review; nothing
here certifies anything. ``readiness`` only says, from the DX maturity answers and the
company's security status, which requirements look prepared and what is still missing, with
what to write or do. The requirements, the maturity items they rest on and the thresholds are
content (the ``certification`` section of the dx_maturity pack), so they are versioned with the
items they refer to and stated with their source.

Check kinds:
- ``{item: DM01, min: 2}``: the item's current level is at least ``min``;
- ``{security: selfcheck, min_total: 70}``: the latest security self-check scored at least that;
- ``{security: secaction_two_star}``: the company is ready to declare SECURITY ACTION ★★.
"""

from collections.abc import Mapping
from dataclasses import dataclass

ITEM = "item"
SELFCHECK = "selfcheck"
SECACTION = "secaction_two_star"
SECURITY_KINDS = (SELFCHECK, SECACTION)


@dataclass(frozen=True)
class SecurityStatus:
    selfcheck_total: int | None  # the latest completed security self-check's points; None: not taken
    two_star: bool | None  # ready to declare SECURITY ACTION ★★; None: cannot be checked on this installation


@dataclass(frozen=True)
class CheckResult:
    kind: str  # ITEM, SELFCHECK or SECACTION
    met: bool
    required: int | None  # level or points asked for
    actual: int | None  # the company's level or points; None when unknown
    question: dict | None = None  # for ITEM checks


@dataclass(frozen=True)
class RequirementResult:
    requirement: dict
    checks: tuple[CheckResult, ...]

    @property
    def ready(self) -> bool:
        return all(c.met for c in self.checks)

    @property
    def missing(self) -> tuple[CheckResult, ...]:
        return tuple(c for c in self.checks if not c.met)


@dataclass(frozen=True)
class Readiness:
    requirements: tuple[RequirementResult, ...]

    @property
    def ready(self) -> bool:
        """Every requirement prepared: ready to prepare an application (never "certified")."""
        return all(r.ready for r in self.requirements)

    @property
    def ready_count(self) -> int:
        return sum(1 for r in self.requirements if r.ready)

    @property
    def total(self) -> int:
        return len(self.requirements)

    @property
    def missing(self) -> tuple[RequirementResult, ...]:
        return tuple(r for r in self.requirements if not r.ready)


def kind_of(check: Mapping) -> str | None:
    if "item" in check:
        return ITEM
    security = check.get("security")
    return security if security in SECURITY_KINDS else None


Levels = Mapping[str, int | None]  # item id -> current level (None: not answered)
Questions = Mapping[str, dict]


def evaluate(check: Mapping, levels: Levels, questions: Questions, security: SecurityStatus) -> CheckResult:
    kind = kind_of(check)
    if kind == ITEM:
        actual, need = levels.get(check["item"]), check["min"]
        return CheckResult(ITEM, actual is not None and actual >= need, need, actual, questions.get(check["item"]))
    if kind == SELFCHECK:
        actual, need = security.selfcheck_total, check["min_total"]
        return CheckResult(SELFCHECK, actual is not None and actual >= need, need, actual)
    if kind == SECACTION:
        # Unknown (the SECURITY ACTION module is not installed) counts as not shown yet.
        actual = None if security.two_star is None else int(security.two_star)
        return CheckResult(SECACTION, security.two_star is True, None, actual)
    raise ValueError(f"unknown check {dict(check)!r}")


def readiness(section: Mapping, levels: Levels, questions: Questions, security: SecurityStatus) -> Readiness:
    """Each requirement of ``section`` with its checks evaluated; ``levels``: item id -> current level."""
    return Readiness(
        tuple(
            RequirementResult(req, tuple(evaluate(check, levels, questions, security) for check in req["checks"]))
            for req in section["requirements"]
        )
    )


# --- validation of the pack section ----------------------------------------------------------


def _text(node, key) -> bool:
    value = node.get(key) if isinstance(node, Mapping) else None
    return isinstance(value, Mapping) and all(isinstance(value.get(lang), str) and value[lang].strip() for lang in ("ja", "en"))


def validate_section(spec) -> list[tuple[str, str]]:
    """Problems with a pack's ``certification`` section (registered with the engine's loader)."""
    section = spec.definition.get("certification")
    if not isinstance(section, Mapping):
        return [("certification", "must be a mapping")]
    problems = []
    for key in ("title", "note", "threshold_note"):
        if not _text(section, key):
            problems.append(("certification", f"{key!r} needs non-empty ja and en text"))
    for key in ("source", "as_of"):
        if not section.get(key):
            problems.append(("certification", f"needs {key!r}"))
    requirements = section.get("requirements")
    if not isinstance(requirements, list) or not requirements:
        return [*problems, ("certification", "needs a non-empty list of requirements")]
    seen = set()
    for i, req in enumerate(requirements):
        req_id = req.get("id") if isinstance(req, Mapping) else None
        where = f"requirement {req_id!r}" if isinstance(req_id, str) else f"certification.requirements[{i}]"
        if not isinstance(req_id, str) or not req_id or req_id in seen:
            problems.append((where, "missing or duplicate requirement id"))
            continue
        seen.add(req_id)
        for key in ("label", "requires", "todo"):
            if not _text(req, key):
                problems.append((where, f"{key!r} needs non-empty ja and en text"))
        for key in ("source", "as_of"):
            if not req.get(key):
                problems.append((where, f"needs {key!r}"))
        checks = req.get("checks")
        if not isinstance(checks, list) or not checks:
            problems.append((where, "needs a non-empty list of checks"))
            continue
        for check in checks:
            kind = kind_of(check) if isinstance(check, Mapping) else None
            if kind == ITEM:
                question = spec.question(check["item"])
                if question is None or question.get("type") != "level_target":
                    problems.append((where, f"item {check['item']!r} is not a level_target question of the pack"))
                if type(check.get("min")) is not int or check["min"] not in spec.levels:
                    problems.append((where, f"item {check['item']!r} needs 'min', a level of the scale {spec.levels}"))
            elif kind == SELFCHECK:
                if type(check.get("min_total")) is not int:
                    problems.append((where, "security: selfcheck needs a whole-number 'min_total'"))
            elif kind is None:
                problems.append((where, f"unknown check {check!r} (item, security: selfcheck or secaction_two_star)"))
    return problems
