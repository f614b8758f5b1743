"""Estimate one subsidy frame for a planned investment: pure functions, no ORM, no I/O.

``estimate(rules, company, items, statuses)`` returns a ``FrameEstimate``:
- one ``Line`` per planned item — counted or not, and why (cost type, months limit);
- one ``PoolResult`` per pool of cost kinds — rate applied (or the amount bands), the cap
  and the minimum that applied, the result in yen;
- totals, the eligibility verdict (``eligibility``) and the money the company must find.

Rules of the arithmetic (each one is a deliberate choice, see content/README.md):
- money is integer yen, rates are ``Fraction``; nothing is a float;
- a pool's subsidy is rounded down to the yen once, after its cap (1円未満切り捨て);
  a program whose rules say so rounds the frame total down to 1,000 yen;
- amount bands (e.g. インボイス枠: subsidy ≤ 50万円 at 3/4, the part above at 2/3) are
  filled in order: by default the band limits are amounts of *subsidy*, and the cost that
  fills a band is rounded up to the yen so no band pays more than its limit;
- out of pocket = total planned cost − estimated subsidy; cash needed before
  reimbursement = total planned cost, because these subsidies are paid after the project
  is finished and reported (精算払い).
"""

from dataclasses import asdict, dataclass, field, fields
from fractions import Fraction
from math import ceil, floor

from .rules import BOOL_STATUSES, MONTHLY_KINDS, FrameRules, Pool, Requirement, parse_rules

MET, ALMOST, NOT = "met", "almost", "not"


@dataclass(frozen=True)
class CompanyFacts:
    is_sme: bool
    is_small: bool
    employees: int


@dataclass(frozen=True)
class Statuses:
    security_action: int = 0
    gbizid_prime: bool = False
    invoice_registered: bool = False
    invoice_special: bool = False
    wage_plan: bool = False
    min_wage_near: bool = False
    chamber_confirmation: bool = False
    loss_making: bool = False
    large_wage_raise: bool = False
    it_processes: int = 0
    invoice_functions: int = 0

    @classmethod
    def from_dict(cls, data: dict) -> "Statuses":
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in (data or {}).items() if k in names}
        for name in BOOL_STATUSES:
            if name in values:
                values[name] = bool(values[name])
        return cls(**values)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class PlannedItem:
    kind: str
    amount_yen: int  # per month for monthly kinds (cloud, security service), else the price
    months: int | None = None
    description: str = ""

    @property
    def cost(self) -> int:
        return self.amount_yen * (self.months or 0) if self.kind in MONTHLY_KINDS else self.amount_yen

    @classmethod
    def from_dict(cls, data: dict) -> "PlannedItem":
        return cls(
            kind=data["kind"],
            amount_yen=int(data["amount_yen"]),
            months=data.get("months"),
            description=data.get("description", ""),
        )


@dataclass(frozen=True)
class Line:
    index: int  # 1-based row number, as the user entered it
    kind: str
    description: str
    cost: int
    eligible_cost: int
    counted: bool
    reason: str  # counted | months_capped | ineligible | unconfirmed | not_listed
    pool: str = ""
    months: int | None = None
    months_counted: int | None = None
    note: dict | None = None


@dataclass(frozen=True)
class BandPart:
    upto: int | None
    rate: Fraction
    cost: int
    subsidy: Fraction


@dataclass(frozen=True)
class PoolResult:
    id: str
    label: dict
    eligible_cost: int
    rate: Fraction | None  # the single rate applied; None when amount bands apply
    rate_reason: str  # base | small | raise | bands
    parts: tuple[BandPart, ...]
    calculated: Fraction  # before caps
    cap: int | None  # after any cap additions
    capped: bool
    minimum: int
    tier_label: dict | None
    subsidy: int  # rounded down to the yen, after the cap


@dataclass(frozen=True)
class Blocker:
    code: str  # not_sme | not_small | no_items | required_items | no_tier | below_min
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Missing:
    id: str
    status: str
    min: int | None
    label: dict | None
    source: str
    verified: bool


@dataclass(frozen=True)
class Eligibility:
    status: str  # met | almost | not
    missing: tuple[Missing, ...] = ()
    blockers: tuple[Blocker, ...] = ()


@dataclass(frozen=True)
class FrameEstimate:
    lines: tuple[Line, ...]
    pools: tuple[PoolResult, ...]
    total_cost: int
    eligible_cost: int
    calculated: int  # before caps, rounded down
    subsidy_if_eligible: int  # after caps, minimums not applied
    subsidy: int  # the estimate: 0 when the frame does not apply
    rounding: str
    status: str
    missing: tuple[Missing, ...]
    blockers: tuple[Blocker, ...]
    unverified_requirements: tuple[str, ...]

    @property
    def out_of_pocket(self) -> int:
        return self.total_cost - self.subsidy

    @property
    def cash_needed_before_reimbursement(self) -> int:
        # 精算払い: everything is paid first, the subsidy comes after the completion report.
        return self.total_cost

    def to_dict(self) -> dict:
        """JSON-safe snapshot (Fractions as "n/d" strings) kept with a saved estimate."""
        data = _jsonable(asdict(self))
        data["out_of_pocket"] = self.out_of_pocket
        data["cash_needed_before_reimbursement"] = self.cash_needed_before_reimbursement
        return data


def _jsonable(value):
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


# --- lines ---------------------------------------------------------------------------------


def _lines(rules: FrameRules, items) -> list[Line]:
    pool_of = {kind: pool.id for pool in rules.pools for kind in pool.kinds}
    lines = []
    for index, item in enumerate(items, start=1):
        cost_type = rules.cost_types.get(item.kind)
        common = {"index": index, "kind": item.kind, "description": item.description, "cost": item.cost, "months": item.months}
        if cost_type is None:
            lines.append(Line(**common, eligible_cost=0, counted=False, reason="not_listed"))
        elif cost_type.eligible is not True:
            reason = "unconfirmed" if cost_type.eligible == "unconfirmed" else "ineligible"
            lines.append(Line(**common, eligible_cost=0, counted=False, reason=reason, note=cost_type.note))
        elif item.kind in MONTHLY_KINDS and cost_type.max_months and (item.months or 0) > cost_type.max_months:
            counted_months = cost_type.max_months
            lines.append(
                Line(
                    **common,
                    eligible_cost=item.amount_yen * counted_months,
                    counted=True,
                    reason="months_capped",
                    pool=pool_of[item.kind],
                    months_counted=counted_months,
                    note=cost_type.note,
                )
            )
        else:
            lines.append(
                Line(
                    **common,
                    eligible_cost=item.cost,
                    counted=item.cost > 0,
                    reason="counted",
                    pool=pool_of[item.kind],
                    months_counted=item.months if item.kind in MONTHLY_KINDS else None,
                    note=cost_type.note,
                )
            )
    return lines


# --- pools ---------------------------------------------------------------------------------


def _single_rate(pool: Pool, company: CompanyFacts, statuses: Statuses) -> tuple[Fraction, str]:
    rate, reason = pool.rate, "base"
    if company.is_small and pool.small_rate is not None and pool.small_rate > rate:
        rate, reason = pool.small_rate, "small"
    for rate_raise in pool.raises:
        if rate_raise.when.holds(company, statuses) and rate_raise.rate > rate:
            rate, reason = rate_raise.rate, "raise"
    return rate, reason


def _fill_bands(pool: Pool, cost: int, company: CompanyFacts) -> list[BandPart]:
    """Split ``cost`` over the bands in order; each band's limit is of subsidy or of cost (band_basis)."""
    parts, remaining, previous = [], cost, 0
    for band in pool.bands:
        if remaining <= 0:
            break
        rate = band.small_rate if company.is_small and band.small_rate is not None else band.rate
        if band.upto is None:
            parts.append(BandPart(None, rate, remaining, remaining * rate))
            break
        room = band.upto - previous
        if pool.band_basis == "subsidy":
            # The cost that fills the band, rounded up to the yen; the band never pays more than its room.
            take = min(remaining, ceil(Fraction(room) / rate))
            subsidy = min(take * rate, Fraction(room))
        else:
            take = min(remaining, room)
            subsidy = take * rate
        parts.append(BandPart(band.upto, rate, take, subsidy))
        remaining -= take
        previous = band.upto
    return parts


def _pool_result(pool: Pool, lines, company, statuses) -> tuple[PoolResult, list[Blocker]]:
    cost = sum(line.eligible_cost for line in lines if line.counted and line.pool == pool.id)
    if pool.bands:
        parts = _fill_bands(pool, cost, company)
        rate, reason = None, "bands"
        calculated = sum((p.subsidy for p in parts), Fraction(0))
    else:
        rate, reason = _single_rate(pool, company, statuses)
        parts = []
        calculated = cost * rate
    blockers = []
    cap, minimum, label = None, 0, None
    if pool.tiers and cost > 0:
        extra = sum(a.add for a in pool.additions if a.when.holds(company, statuses))
        available = [t for t in pool.tiers if t.when is None or t.when.holds(company, statuses)]
        if not available:
            blockers.append(Blocker("no_tier", {"pool": pool.id, "conditions": [t.when.to_dict() for t in pool.tiers if t.when]}))
        else:
            # The tier paying the most among those whose minimum is reached; else report the lowest minimum.
            scored = [(min(calculated, Fraction(t.max + extra)), t) for t in available]
            valid = [(amount, t) for amount, t in scored if amount >= t.min]
            if valid:
                best_amount, best = max(valid, key=lambda pair: pair[0])
            else:
                best_amount, best = min(scored, key=lambda pair: pair[1].min)
                blockers.append(Blocker("below_min", {"pool": pool.id, "minimum": best.min, "amount": floor(best_amount)}))
            cap, minimum, label = best.max + extra, best.min, best.label
    capped = cap is not None and calculated > cap
    subsidy = floor(min(calculated, Fraction(cap)) if cap is not None else calculated)
    return (
        PoolResult(
            id=pool.id,
            label=pool.label,
            eligible_cost=cost,
            rate=rate,
            rate_reason=reason,
            parts=tuple(parts),
            calculated=calculated,
            cap=cap,
            capped=capped,
            minimum=minimum,
            tier_label=label,
            subsidy=subsidy,
        ),
        blockers,
    )


# --- eligibility ---------------------------------------------------------------------------


def _requirement_met(req: Requirement, statuses: Statuses) -> bool:
    value = getattr(statuses, req.status)
    return value >= req.min if req.min is not None else bool(value)


def eligibility(rules: FrameRules, company: CompanyFacts, statuses: Statuses, lines, pools, structural=()) -> Eligibility:
    """met, almost (what is missing: statuses the company can still obtain) or not (blockers)."""
    blockers = list(structural)
    if rules.sme and not company.is_sme:
        blockers.insert(0, Blocker("not_sme"))
    if rules.small and not company.is_small:
        blockers.insert(0, Blocker("not_small"))
    counted = [line for line in lines if line.counted]
    if not counted:
        blockers.append(Blocker("no_items"))
    elif rules.required_kinds and not any(line.kind in rules.required_kinds for line in counted):
        blockers.append(Blocker("required_items", {"kinds": list(rules.required_kinds)}))
    subsidy = sum(p.subsidy for p in pools)
    if counted and rules.min_subsidy and subsidy < rules.min_subsidy:
        blockers.append(Blocker("below_min", {"pool": "", "minimum": rules.min_subsidy, "amount": subsidy}))
    missing = tuple(
        Missing(req.id, req.status, req.min, req.label, req.source, req.verified)
        for req in rules.requirements
        if (req.when_subsidy_at_least is None or subsidy >= req.when_subsidy_at_least) and not _requirement_met(req, statuses)
    )
    if blockers:
        return Eligibility(NOT, missing, tuple(blockers))
    return Eligibility(ALMOST if missing else MET, missing, ())


# --- the estimate --------------------------------------------------------------------------


def estimate(frame_rules, company: CompanyFacts, items, statuses: Statuses) -> FrameEstimate:
    """Estimate one frame. ``frame_rules`` is a ``FrameRules`` or the raw rules dict."""
    rules = frame_rules if isinstance(frame_rules, FrameRules) else parse_rules(frame_rules)
    items = [item if isinstance(item, PlannedItem) else PlannedItem.from_dict(item) for item in items]
    lines = _lines(rules, items)
    pools, structural = [], []
    for pool in rules.pools:
        result, blockers = _pool_result(pool, lines, company, statuses)
        pools.append(result)
        structural.extend(blockers)
    verdict = eligibility(rules, company, statuses, lines, pools, structural)
    subsidy = sum(p.subsidy for p in pools)
    if rules.rounding == "thousand":
        subsidy = subsidy // 1000 * 1000
    applies = [req for req in rules.requirements if not req.verified]
    return FrameEstimate(
        lines=tuple(lines),
        pools=tuple(pools),
        total_cost=sum(item.cost for item in items),
        eligible_cost=sum(p.eligible_cost for p in pools),
        calculated=floor(sum((p.calculated for p in pools), Fraction(0))),
        subsidy_if_eligible=subsidy,
        subsidy=0 if verdict.status == NOT else subsidy,
        rounding=rules.rounding,
        status=verdict.status,
        missing=verdict.missing,
        blockers=verdict.blockers,
        unverified_requirements=tuple(req.id for req in applies),
    )
