"""The vocabulary of a subsidy frame's rules, and their validation.

A frame's rules are plain data (a dict, stored as JSON on ``Frame.rules`` and written in
``content/subsidies/fy*.yaml``). ``parse_rules`` checks them and returns frozen objects the
estimator works on, so a broken YAML edit or admin edit is refused with the exact path of
the problem (``RuleError``) instead of producing a wrong estimate later.

Money is integer yen; rates are ``fractions.Fraction`` written as "1/2" in the data.
"""

from dataclasses import dataclass, field
from fractions import Fraction

# What a company can plan to buy. Monthly kinds are entered as a monthly fee × months.
ITEM_KINDS = ("software", "cloud", "implementation", "pc", "register", "security_service", "equipment", "other")
MONTHLY_KINDS = frozenset({"cloud", "security_service"})

# Yes/no statuses a company declares (or plans) in the estimate form.
BOOL_STATUSES = (
    "gbizid_prime",  # GビズIDプライム
    "invoice_registered",  # 適格請求書発行事業者の登録
    "invoice_special",  # 免税事業者からインボイス発行事業者へ転換（持続化補助金のインボイス特例）
    "wage_plan",  # 賃上げ計画を策定し従業員に表明する
    "min_wage_near",  # 最低賃金近傍の従業員が30%以上
    "chamber_confirmation",  # 商工会・商工会議所の事業支援計画書（様式4）
    "loss_making",  # 直近期が赤字
    "large_wage_raise",  # 大幅な賃上げ（補助上限の特例）
)
LEVEL_STATUSES = ("security_action",)  # 0 = none, 1 = ★, 2 = ★★
# Numbers about the planned tool that decide caps (業務プロセス数, インボイス機能数).
PLAN_FACTS = ("it_processes", "invoice_functions")
COMPANY_FACTS = ("employees",)
FACTS = PLAN_FACTS + COMPANY_FACTS
STATUSES = BOOL_STATUSES + LEVEL_STATUSES

ROUNDING = ("yen", "thousand")
BAND_BASES = ("subsidy", "cost")


class RuleError(ValueError):
    """A rule is malformed; ``path`` says where (e.g. ``pools[0].bands[1].rate``)."""

    def __init__(self, path: str, message: str):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


@dataclass(frozen=True)
class Condition:
    """``status`` (truthy, or ≥ ``min`` for a level), ``fact`` within [min, max], ``company`` size, or ``all`` of several."""

    kind: str  # "status" | "fact" | "company" | "all"
    name: str = ""
    min: int | None = None
    max: int | None = None
    parts: tuple["Condition", ...] = ()

    def holds(self, company, statuses) -> bool:
        if self.kind == "all":
            return all(part.holds(company, statuses) for part in self.parts)
        if self.kind == "company":
            return bool(company.is_small if self.name == "small" else company.is_sme)
        if self.kind == "status":
            value = getattr(statuses, self.name)
            return value >= (self.min or 1) if self.name in LEVEL_STATUSES else bool(value)
        value = company.employees if self.name in COMPANY_FACTS else getattr(statuses, self.name)
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def to_dict(self) -> dict:
        if self.kind == "all":
            return {"all": [p.to_dict() for p in self.parts]}
        data = {self.kind: self.name}
        if self.min is not None:
            data["min"] = self.min
        if self.max is not None:
            data["max"] = self.max
        return data


@dataclass(frozen=True)
class CostType:
    kind: str
    eligible: object  # True, False or "unconfirmed"
    max_months: int | None = None
    note: dict | None = None


@dataclass(frozen=True)
class Band:
    upto: int | None  # upper end of the band in yen (of the subsidy or of the cost, see band_basis); None = open
    rate: Fraction
    small_rate: Fraction | None = None


@dataclass(frozen=True)
class Tier:
    when: Condition | None
    min: int
    max: int
    label: dict | None = None


@dataclass(frozen=True)
class Addition:
    when: Condition
    add: int
    label: dict | None = None


@dataclass(frozen=True)
class Raise:
    when: Condition
    rate: Fraction


@dataclass(frozen=True)
class Pool:
    """Cost kinds sharing one rate schedule and one cap (e.g. the IT tool, or PCs)."""

    id: str
    label: dict
    kinds: tuple[str, ...]
    rate: Fraction | None = None
    small_rate: Fraction | None = None
    raises: tuple[Raise, ...] = ()
    bands: tuple[Band, ...] = ()
    band_basis: str = "subsidy"
    tiers: tuple[Tier, ...] = ()
    additions: tuple[Addition, ...] = ()


@dataclass(frozen=True)
class Requirement:
    id: str
    status: str
    min: int | None = None  # for level statuses (SECURITY ACTION ★ = 1, ★★ = 2)
    when_subsidy_at_least: int | None = None
    label: dict | None = None
    source: str = ""
    verified: bool = True


@dataclass(frozen=True)
class FrameRules:
    sme: bool
    small: bool
    cost_types: dict
    pools: tuple[Pool, ...]
    requirements: tuple[Requirement, ...] = ()
    required_kinds: tuple[str, ...] = ()
    min_subsidy: int = 0
    rounding: str = "yen"
    extra: dict = field(default_factory=dict)


# --- parsing -------------------------------------------------------------------------------


def _yen(path, value, *, allow_none=False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleError(path, f"must be a whole number of yen ≥ 0, not {value!r}")
    return value


def _count(path, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RuleError(path, f"must be a whole number ≥ 0, not {value!r}")
    return value


def parse_rate(path, value) -> Fraction:
    """ "1/2" → Fraction(1, 2). Floats are refused: 0.1 + 0.2 is not how money is counted."""
    if not isinstance(value, str):
        raise RuleError(path, f'must be a fraction written as a string like "1/2", not {value!r}')
    try:
        rate = Fraction(value.strip())
    except (ValueError, ZeroDivisionError):
        raise RuleError(path, f'{value!r} is not a fraction like "2/3"') from None
    if not 0 < rate <= 1:
        raise RuleError(path, f"{value} must be above 0 and at most 1")
    return rate


def _text(path, value, *, required=True):
    if value is None and not required:
        return None
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) and value[k].strip() for k in ("ja", "en")):
        raise RuleError(path, "needs text with both ja and en")
    return {"ja": value["ja"], "en": value["en"]}


def _mapping(path, value, allowed):
    if not isinstance(value, dict):
        raise RuleError(path, f"must be a mapping, not {type(value).__name__}")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise RuleError(path, f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")
    return value


def parse_condition(path, value) -> Condition:
    value = _mapping(path, value, {"status", "fact", "company", "all", "min", "max"})
    kinds = [k for k in ("status", "fact", "company", "all") if k in value]
    if len(kinds) != 1:
        raise RuleError(path, "needs exactly one of status, fact, company, all")
    kind = kinds[0]
    if kind == "all":
        parts = value["all"]
        if not isinstance(parts, list) or not parts:
            raise RuleError(path + ".all", "must be a non-empty list")
        return Condition("all", parts=tuple(parse_condition(f"{path}.all[{i}]", p) for i, p in enumerate(parts)))
    name = value[kind]
    if kind == "company":
        if name not in ("sme", "small"):
            raise RuleError(path + ".company", "must be sme or small")
        return Condition("company", name)
    known = STATUSES if kind == "status" else FACTS
    if name not in known:
        raise RuleError(f"{path}.{kind}", f"unknown {kind} {name!r} (known: {', '.join(known)})")
    low = _count(path + ".min", value["min"]) if "min" in value else None
    high = _count(path + ".max", value["max"]) if "max" in value else None
    if kind == "status" and name in BOOL_STATUSES and (low is not None or high is not None):
        raise RuleError(path, f"{name} is yes/no; min/max do not apply")
    if kind == "fact" and low is None and high is None:
        raise RuleError(path, "a fact condition needs min and/or max")
    if low is not None and high is not None and low > high:
        raise RuleError(path, "min is above max")
    return Condition(kind, name, low, high)


def _pool(path, raw, cost_types) -> Pool:
    raw = _mapping(
        path,
        raw,
        {
            "id",
            "label",
            "kinds",
            "rate",
            "small_rate",
            "rate_raises",
            "bands",
            "band_basis",
            "tiers",
            "min",
            "max",
            "cap_additions",
        },
    )
    pool_id = raw.get("id")
    if not isinstance(pool_id, str) or not pool_id.isascii() or not pool_id:
        raise RuleError(path + ".id", "needs an ASCII id")
    kinds = raw.get("kinds")
    if not isinstance(kinds, list) or not kinds:
        raise RuleError(path + ".kinds", "must list the cost kinds of the pool")
    for i, kind in enumerate(kinds):
        if kind not in cost_types or cost_types[kind].eligible is not True:
            raise RuleError(f"{path}.kinds[{i}]", f"{kind!r} is not an eligible cost type of this frame")
    has_rate, has_bands = "rate" in raw, "bands" in raw
    if has_rate == has_bands:
        raise RuleError(path, "needs either rate or bands")
    bands = ()
    basis = raw.get("band_basis", "subsidy")
    if basis not in BAND_BASES:
        raise RuleError(path + ".band_basis", f"must be one of {', '.join(BAND_BASES)}")
    if has_bands:
        if not isinstance(raw["bands"], list) or len(raw["bands"]) < 2:
            raise RuleError(path + ".bands", "needs at least two bands (otherwise use rate)")
        parsed = []
        for i, band in enumerate(raw["bands"]):
            where = f"{path}.bands[{i}]"
            band = _mapping(where, band, {"upto", "rate", "small_rate"})
            last = i == len(raw["bands"]) - 1
            upto = _yen(where + ".upto", band.get("upto"), allow_none=last)
            if upto is None and not last:
                raise RuleError(where + ".upto", "only the last band may be open-ended")
            if parsed and upto is not None and parsed[-1].upto is not None and upto <= parsed[-1].upto:
                raise RuleError(where + ".upto", "bands must go up")
            small = parse_rate(where + ".small_rate", band["small_rate"]) if "small_rate" in band else None
            parsed.append(Band(upto, parse_rate(where + ".rate", band.get("rate")), small))
        bands = tuple(parsed)
        if "rate_raises" in raw or "small_rate" in raw:
            raise RuleError(path, "with bands, give small_rate per band; rate_raises do not apply")
    raises = []
    for i, item in enumerate(_list(path + ".rate_raises", raw.get("rate_raises", []))):
        where = f"{path}.rate_raises[{i}]"
        item = _mapping(where, item, {"when", "rate"})
        raises.append(Raise(parse_condition(where + ".when", item.get("when")), parse_rate(where + ".rate", item.get("rate"))))
    tiers = []
    if "tiers" in raw:
        if "min" in raw or "max" in raw:
            raise RuleError(path, "give either tiers or min/max")
        for i, tier in enumerate(_list(path + ".tiers", raw["tiers"])):
            where = f"{path}.tiers[{i}]"
            tier = _mapping(where, tier, {"when", "min", "max", "label"})
            low, high = _yen(where + ".min", tier.get("min", 0)), _yen(where + ".max", tier.get("max"))
            if low > high:
                raise RuleError(where, "min is above max")
            when = parse_condition(where + ".when", tier["when"]) if "when" in tier else None
            tiers.append(Tier(when, low, high, _text(where + ".label", tier.get("label"), required=False)))
    elif "max" in raw or "min" in raw:
        low, high = _yen(path + ".min", raw.get("min", 0)), _yen(path + ".max", raw.get("max"))
        if low > high:
            raise RuleError(path, "min is above max")
        tiers.append(Tier(None, low, high))
    additions = []
    for i, add in enumerate(_list(path + ".cap_additions", raw.get("cap_additions", []))):
        where = f"{path}.cap_additions[{i}]"
        add = _mapping(where, add, {"when", "add", "label"})
        additions.append(
            Addition(
                parse_condition(where + ".when", add.get("when")),
                _yen(where + ".add", add.get("add")),
                _text(where + ".label", add.get("label"), required=False),
            )
        )
    if additions and not tiers:
        raise RuleError(path + ".cap_additions", "raise a cap: the pool needs a max or tiers")
    return Pool(
        id=pool_id,
        label=_text(path + ".label", raw.get("label")),
        kinds=tuple(kinds),
        rate=parse_rate(path + ".rate", raw["rate"]) if has_rate else None,
        small_rate=parse_rate(path + ".small_rate", raw["small_rate"]) if "small_rate" in raw else None,
        raises=tuple(raises),
        bands=bands,
        band_basis=basis,
        tiers=tuple(tiers),
        additions=tuple(additions),
    )


def _list(path, value):
    if not isinstance(value, list):
        raise RuleError(path, "must be a list")
    return value


def parse_rules(raw, *, rounding: str = "yen") -> FrameRules:
    """Validate a frame's rules dict and return ``FrameRules``; raises ``RuleError`` naming the path."""
    raw = _mapping("", raw, {"company", "cost_types", "pools", "requirements", "required_items", "min_subsidy"})
    if rounding not in ROUNDING:
        raise RuleError("rounding", f"must be one of {', '.join(ROUNDING)}")
    company = _mapping("company", raw.get("company", {}), {"sme", "small"})
    cost_types = {}
    for kind, spec in _mapping("cost_types", raw.get("cost_types"), set(ITEM_KINDS)).items():
        where = f"cost_types.{kind}"
        spec = _mapping(where, spec, {"eligible", "max_months", "note"})
        eligible = spec.get("eligible")
        if not (eligible is True or eligible is False or eligible == "unconfirmed"):
            raise RuleError(where + ".eligible", "must be true, false or unconfirmed")
        max_months = spec.get("max_months")
        if max_months is not None:
            if kind not in MONTHLY_KINDS:
                raise RuleError(where + ".max_months", f"only monthly kinds ({', '.join(sorted(MONTHLY_KINDS))}) have months")
            if _count(where + ".max_months", max_months) == 0:
                raise RuleError(where + ".max_months", "must be at least 1")
        cost_types[kind] = CostType(kind, eligible, max_months, _text(where + ".note", spec.get("note"), required=False))
    pools_raw = _list("pools", raw.get("pools"))
    if not pools_raw:
        raise RuleError("pools", "needs at least one pool")
    pools = tuple(_pool(f"pools[{i}]", p, cost_types) for i, p in enumerate(pools_raw))
    ids = [p.id for p in pools]
    if len(set(ids)) != len(ids):
        raise RuleError("pools", "pool ids must be unique")
    pooled = [k for p in pools for k in p.kinds]
    if len(set(pooled)) != len(pooled):
        raise RuleError("pools", "a cost kind may belong to one pool only")
    orphans = sorted(k for k, ct in cost_types.items() if ct.eligible is True and k not in pooled)
    if orphans:
        raise RuleError("pools", f"eligible cost type(s) {', '.join(orphans)} belong to no pool")
    requirements = []
    seen = set()
    for i, req in enumerate(_list("requirements", raw.get("requirements", []))):
        where = f"requirements[{i}]"
        req = _mapping(where, req, {"id", "status", "min", "when_subsidy_at_least", "label", "source", "verified"})
        req_id, status = req.get("id"), req.get("status")
        if not isinstance(req_id, str) or not req_id.isascii() or req_id in seen:
            raise RuleError(where + ".id", "needs a unique ASCII id")
        seen.add(req_id)
        if status not in STATUSES:
            raise RuleError(where + ".status", f"unknown status {status!r} (known: {', '.join(STATUSES)})")
        low = req.get("min")
        if status in LEVEL_STATUSES:
            low = _count(where + ".min", 1 if low is None else low)
        elif low is not None:
            raise RuleError(where + ".min", f"{status} is yes/no")
        if not isinstance(req.get("source"), str) or not req["source"].strip():
            raise RuleError(where + ".source", "every requirement needs its source")
        verified = req.get("verified", True)
        if not isinstance(verified, bool):
            raise RuleError(where + ".verified", "must be true or false")
        requirements.append(
            Requirement(
                id=req_id,
                status=status,
                min=low,
                when_subsidy_at_least=_yen(where + ".when_subsidy_at_least", req.get("when_subsidy_at_least"), allow_none=True),
                label=_text(where + ".label", req.get("label"), required=False),
                source=req["source"],
                verified=verified,
            )
        )
    required_kinds = tuple(_list("required_items", raw.get("required_items", [])))
    for i, kind in enumerate(required_kinds):
        if kind not in pooled:
            raise RuleError(f"required_items[{i}]", f"{kind!r} is not in any pool of this frame")
    sme, small = company.get("sme", True), company.get("small", False)
    if not isinstance(sme, bool) or not isinstance(small, bool):
        raise RuleError("company", "sme and small must be true or false")
    return FrameRules(
        sme=sme,
        small=small,
        cost_types=cost_types,
        pools=pools,
        requirements=tuple(requirements),
        required_kinds=required_kinds,
        min_subsidy=_yen("min_subsidy", raw.get("min_subsidy", 0)),
        rounding=rounding,
    )
