"""中小企業者 / 小規模企業者 classification per 中小企業基本法 第2条 and the 政令 exceptions.

Pure function, no models, no database: ``classify()`` reads the rules from
``content/reference/sme_definitions.yaml`` (through ``dxnavi.content.reference``) and returns a
frozen ``SmeResult`` with localized reasons built from the YAML templates.

How the codes are resolved
  A company gives its 大分類 and, where it knows them, 中分類 and 小分類 (a 4-digit 細分類 is
  accepted too). Each rule (group mapping, 政令 exception, small-enterprise exception) lists JSIC
  codes; a code covers everything below it. For the company's most specific code a rule is
  - FULL when it covers the code and nothing excluded lies below it,
  - PARTIAL when only part of what lies below the code is covered,
  - NONE otherwise.
  When every rule is FULL or NONE the answer is certain. Otherwise the children of the code listed
  in ``jsic.yaml`` are resolved one by one; the possible outcomes are collected, the strictest one
  (lowest employee limit, then capital limit, then small-enterprise limit) is used, and
  ``needs_detail`` says which codes would settle it. Being strict means the platform never tells
  a company it is an SME on a guess.
"""

from dataclasses import dataclass
from functools import cache

from django.utils import translation

from dxnavi.content import reference
from dxnavi.content.i18n import pick

FULL, PARTIAL, NONE = "full", "partial", "none"


@dataclass(frozen=True)
class SmeResult:
    group: str  # industry group id: manufacturing_and_other / wholesale / retail / services
    group_reason: str
    is_sme: bool
    sme_reason: str
    is_small: bool
    small_reason: str
    rule_ids: tuple[str, ...]  # ids of the YAML rules applied (mapping, group, exceptions)
    needs_detail: str = ""  # non-empty when the codes given do not settle the thresholds
    capital_limit_yen: int = 0
    employee_limit: int = 0
    small_employee_limit: int = 0


@dataclass(frozen=True)
class _Outcome:
    mapping_id: str
    group_id: str
    exception_id: str | None
    small_exception_id: str | None
    capital_limit_yen: int
    employee_limit: int
    small_employee_limit: int

    @property
    def strictness(self):
        return (self.employee_limit, self.capital_limit_yen, self.small_employee_limit, self.rule_ids)

    @property
    def rule_ids(self):
        ids = (self.mapping_id, self.group_id, self.exception_id, self.small_exception_id)
        return tuple(i for i in ids if i)


class _Rules:
    """The SME rules joined with the JSIC tree, built once per process."""

    def __init__(self):
        self._outcomes = {}
        data = reference.sme_rules()
        self.index = reference.jsic_index()
        self.groups = {g["id"]: g for g in data["industry_groups"]}
        self.mapping = data["group_mapping"]
        self.default = data["default_group"]
        self.exceptions = data["sme_exceptions"]
        self.small_exceptions = data["small_exceptions"]
        self.children = {}
        for code, item in self.index.items():
            parent = item.get("major") or item.get("middle") or item.get("minor")
            if parent:
                self.children.setdefault(parent, []).append(code)

    # -- the JSIC tree -------------------------------------------------------------------------

    def parent(self, code):
        if len(code) == 1:
            return None
        if len(code) == 2:
            return self.index[code]["major"]
        return code[:-1] if len(code) == 4 else code[:2]

    def ancestors(self, code):
        """The code itself and every code above it, up to the 大分類."""
        chain = []
        while code:
            chain.append(code)
            code = self.parent(code)
        return chain

    def state(self, rule, code):
        """FULL, PARTIAL or NONE: how much of ``code`` the rule covers."""
        above = set(self.ancestors(code))

        def covered(codes):
            return any(c in above for c in codes)

        def below(codes):
            return any(c != code and code in self.ancestors(c) for c in codes)

        include, exclude, partial = rule.get("include") or (), rule.get("exclude") or (), rule.get("partial") or ()
        if covered(include):
            if covered(exclude):
                return NONE
            if below(exclude) or covered(partial) or below(partial):
                return PARTIAL
            return FULL
        return PARTIAL if below(include) else NONE

    # -- outcomes ------------------------------------------------------------------------------

    def compose(self, mapping, exceptions, small_exceptions):
        group = self.groups[mapping["group"]]
        exception = next((e for e in exceptions if e["group"] == group["id"]), None)
        small = small_exceptions[0] if small_exceptions else None
        return _Outcome(
            mapping_id=mapping["id"],
            group_id=group["id"],
            exception_id=exception["id"] if exception else None,
            small_exception_id=small["id"] if small else None,
            capital_limit_yen=(exception or group)["capital_limit_yen"],
            employee_limit=(exception or group)["employee_limit"],
            small_employee_limit=(small or group)["small_employee_limit"],
        )

    def states(self, code):
        return {
            "mapping": [(r, self.state(r, code)) for r in self.mapping],
            "exceptions": [(r, self.state(r, code)) for r in self.exceptions],
            "small": [(r, self.state(r, code)) for r in self.small_exceptions],
        }

    @staticmethod
    def _with(states, wanted):
        return [rule for rule, state in states if state in wanted]

    def outcomes(self, code):
        """Possible outcomes for ``code``, strictest first (one outcome when certain).

        Depends on the code alone (the rules are fixed for the process), so it is worked out once per
        code: a 大分類 alone walks every 中分類 below it (about 10 ms), for every company saved."""
        cached = self._outcomes.get(code)
        if cached is None:
            cached = self._outcomes[code] = tuple(self._work_out_outcomes(code))
        return list(cached)

    def _work_out_outcomes(self, code):
        states = self.states(code)
        is_partial = any(state == PARTIAL for pairs in states.values() for _, state in pairs)
        if is_partial and self.children.get(code):
            found = {o for child in self.children[code] for o in self.outcomes(child)}
            return sorted(found, key=lambda o: o.strictness)

        full_mapping = self._with(states["mapping"], {FULL})
        base_mapping = full_mapping[0] if full_mapping else self.default
        full_exc = self._with(states["exceptions"], {FULL})
        full_small = self._with(states["small"], {FULL})
        found = {self.compose(base_mapping, full_exc, full_small)}
        # No listed children to look at: each partly-covering rule may or may not apply.
        for rule in self._with(states["mapping"], {PARTIAL}):
            found.add(self.compose(rule, full_exc, full_small))
        for rule in self._with(states["exceptions"], {PARTIAL}):
            found.add(self.compose(base_mapping, [*full_exc, rule], full_small))
        for rule in self._with(states["small"], {PARTIAL}):
            found.add(self.compose(base_mapping, full_exc, [rule]))
        return sorted(found, key=lambda o: o.strictness)

    def partial_notes(self, code):
        states = self.states(code)
        rules = self._with(states["exceptions"], {PARTIAL}) + self._with(states["small"], {PARTIAL})
        return [rule["note"] for rule in rules]

    def by_id(self, rule_id):
        for rule in (*self.exceptions, *self.small_exceptions):
            if rule["id"] == rule_id:
                return rule
        raise KeyError(rule_id)


@cache
def _rules():
    return _Rules()


# ------------------------------------------------------------------------------- formatting


def format_yen(amount, lang):
    """3億円 / 5,000万円 / 1,234万5,678円 in Japanese; ¥300,000,000 otherwise."""
    if lang != "ja":
        return f"¥{amount:,}"
    oku, rest = divmod(amount, 100_000_000)
    man, yen = divmod(rest, 10_000)
    parts = [f"{oku:,}億" if oku else "", f"{man:,}万" if man else "", f"{yen:,}" if yen else ""]
    return ("".join(parts) or "0") + "円"


def _text(template_id, lang, **values):
    return pick(reference.sme_template(template_id), lang).format(**values)


def _industry_label(code, lang):
    rules = _rules()
    level = {1: "major", 2: "middle", 3: "minor", 4: "detail"}[len(code)]
    level_text = _text(f"level_{level}", lang)
    item = rules.index.get(code)
    if item:
        return _text("industry_label", lang, level=level_text, code=code, name=pick(item["name"], lang))
    return _text("industry_label_unnamed", lang, level=level_text, code=code, parent=_industry_label(rules.parent(code), lang))


def _outcome_label(outcome, lang):
    rules = _rules()
    if outcome.exception_id:
        return pick(rules.by_id(outcome.exception_id)["label"], lang)
    return pick(rules.groups[outcome.group_id]["label"], lang)


def _candidate_label(outcome, lang):
    label = _outcome_label(outcome, lang)
    if outcome.small_exception_id:
        small = pick(_rules().by_id(outcome.small_exception_id)["label"], lang)
        return _text("candidate_with_small", lang, label=label, small=small)
    return label


# ------------------------------------------------------------------------------- input checks


def _normalize_codes(major, middle, minor):
    """Validated (major, middle, minor) with blanks as None; ``ValueError`` on inconsistent codes."""
    rules = _rules()
    major = (major or "").strip().upper()
    middle = (middle or "").strip() or None
    minor = (minor or "").strip() or None
    if rules.index.get(major, {}).get("level") != "major":
        raise ValueError(f"unknown JSIC 大分類 {major!r}")
    if minor is not None:
        if not (minor.isascii() and minor.isdigit() and len(minor) in (3, 4)):
            raise ValueError(f"JSIC 小分類 must be 3 digits (or a 4-digit 細分類), got {minor!r}")
        if middle is None:
            middle = minor[:2]
        elif not minor.startswith(middle):
            raise ValueError(f"JSIC code {minor!r} is not under 中分類 {middle!r}")
    if middle is not None:
        item = rules.index.get(middle)
        if not item or item["level"] != "middle":
            raise ValueError(f"unknown JSIC 中分類 {middle!r}")
        if item["major"] != major:
            raise ValueError(f"JSIC 中分類 {middle!r} belongs to 大分類 {item['major']!r}, not {major!r}")
    return major, middle, minor


# ------------------------------------------------------------------------------- classify


def classify(
    *,
    industry_major: str,
    industry_middle: str | None,
    industry_minor: str | None,
    capital_yen: int | None,
    employees: int,
    is_sole_proprietor: bool = False,
    lang: str | None = None,
) -> SmeResult:
    """Classify a business as 中小企業者 / 小規模企業者 and explain why.

    ``capital_yen`` is ignored for a sole proprietor (no capital: judged by employees only) and,
    when ``None`` for a company, the employee test alone is used and the reason says so.
    ``lang`` defaults to the active language. Raises ``ValueError`` for unknown or inconsistent
    JSIC codes and for negative numbers.
    """
    if isinstance(employees, bool) or not isinstance(employees, int) or employees < 0:
        raise ValueError(f"employees must be a non-negative integer, got {employees!r}")
    if capital_yen is not None and (isinstance(capital_yen, bool) or not isinstance(capital_yen, int) or capital_yen < 0):
        raise ValueError(f"capital_yen must be a non-negative integer or None, got {capital_yen!r}")
    lang = (lang or translation.get_language() or "ja")[:2]
    major, middle, minor = _normalize_codes(industry_major, industry_middle, industry_minor)
    code = minor or middle or major

    rules = _rules()
    outcomes = rules.outcomes(code)
    chosen = outcomes[0]
    group = rules.groups[chosen.group_id]
    industry = _industry_label(code, lang)
    group_label = pick(group["label"], lang)

    # group_reason / needs_detail
    needs_detail = ""
    if len(outcomes) > 1:
        assumed = _candidate_label(chosen, lang)
        group_reason = _text("group_assumed", lang, industry=industry, assumed=assumed)
        separator = _text("list_separator", lang)
        candidates = separator.join(dict.fromkeys(_candidate_label(o, lang) for o in outcomes))
        if len(code) <= 2:
            next_level = _text("level_middle" if len(code) == 1 else "level_minor", lang)
            needs_detail = _text(
                "needs_detail_next_level", lang, industry=industry, next_level=next_level, candidates=candidates, assumed=assumed
            )
        else:
            needs_detail = _text("needs_detail_activity", lang, industry=industry, candidates=candidates, assumed=assumed)
        if len(code) >= 2:
            notes = [pick(note, lang) for note in rules.partial_notes(code)]
            needs_detail = " ".join([needs_detail, *notes])
    elif chosen.exception_id:
        exception_label = _outcome_label(chosen, lang)
        group_reason = _text("group_exception", lang, industry=industry, group=group_label, exception=exception_label)
    else:
        group_reason = _text("group_definite", lang, industry=industry, group=group_label)

    # 中小企業者: capital <= limit OR employees <= limit
    criterion = _text(
        "sme_criterion",
        lang,
        label=_outcome_label(chosen, lang),
        capital_limit=format_yen(chosen.capital_limit_yen, lang),
        employee_limit=f"{chosen.employee_limit:,}",
    )
    employees_ok = employees <= chosen.employee_limit
    values = {"criterion": criterion, "employees": f"{employees:,}"}
    if is_sole_proprietor or capital_yen is None:
        is_sme = employees_ok
        suffix = "sole_proprietor" if is_sole_proprietor else "capital_unknown"
        sme_reason = _text(f"sme_{'meets' if is_sme else 'fails'}_{suffix}", lang, **values)
    else:
        capital_ok = capital_yen <= chosen.capital_limit_yen
        is_sme = capital_ok or employees_ok
        key = {(True, True): "sme_meets_both", (True, False): "sme_meets_capital", (False, True): "sme_meets_employees"}
        template = key.get((capital_ok, employees_ok), "sme_fails")
        sme_reason = _text(template, lang, capital=format_yen(capital_yen, lang), **values)

    # 小規模企業者: employees <= small limit (only meaningful for an SME)
    if chosen.small_exception_id:
        small_label = pick(rules.by_id(chosen.small_exception_id)["label"], lang)
    else:
        small_label = pick(group["small_label"], lang)
    if not is_sme:
        is_small = False
        small_reason = _text("small_not_sme", lang)
    else:
        is_small = employees <= chosen.small_employee_limit
        small_criterion = _text("small_criterion", lang, label=small_label, small_limit=f"{chosen.small_employee_limit:,}")
        template = "small_meets" if is_small else "small_fails"
        small_reason = _text(template, lang, criterion=small_criterion, employees=f"{employees:,}")

    return SmeResult(
        group=chosen.group_id,
        group_reason=group_reason,
        is_sme=is_sme,
        sme_reason=sme_reason,
        is_small=is_small,
        small_reason=small_reason,
        rule_ids=chosen.rule_ids,
        needs_detail=needs_detail,
        capital_limit_yen=chosen.capital_limit_yen,
        employee_limit=chosen.employee_limit,
        small_employee_limit=chosen.small_employee_limit,
    )
