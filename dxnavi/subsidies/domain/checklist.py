"""The requirement-and-timing checklist for one frame (全国中小企業団体中央会「デジタル化ハンドブック」(2026), 「補助金の活用」 table).

Pure function over an estimate snapshot: it says, per check, whether the plan looks fine
("ok"), needs attention ("warn") or is a rule to keep in mind ("info"), with the numbers
the page shows. Wording lives in the content pack and the templates.
"""

import datetime
from dataclasses import dataclass, field

OK, WARN, INFO = "ok", "warn", "info"


@dataclass(frozen=True)
class Check:
    id: str
    state: str
    params: dict = field(default_factory=dict)


def _parse(value):
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def evaluate(result: dict, windows: list[dict], planned_order_date, today: datetime.date) -> list[Check]:
    """``result`` is a frame snapshot (FrameEstimate.to_dict()); ``windows`` are {label, deadline} dicts."""
    not_counted = [line for line in result["lines"] if not line["counted"]]
    checks = [Check("eligible_costs", WARN if not_counted else OK, {"not_counted": len(not_counted)})]
    checks.append(
        Check(
            "requirements",
            WARN if result["missing"] or result["blockers"] else OK,
            {"missing": len(result["missing"]), "blockers": len(result["blockers"])},
        )
    )
    upcoming = sorted(
        (w for w in windows if _parse(w.get("deadline")) and _parse(w["deadline"]) >= today), key=lambda w: w["deadline"]
    )
    planned = _parse(planned_order_date)
    next_deadline = _parse(upcoming[0]["deadline"]) if upcoming else None
    if not windows:
        schedule = Check("schedule", WARN, {"reason": "no_windows", "planned": planned})
    elif not upcoming:
        schedule = Check("schedule", WARN, {"reason": "all_past", "planned": planned})
    elif planned is None:
        schedule = Check("schedule", WARN, {"reason": "no_plan", "next_deadline": next_deadline})
    elif planned <= next_deadline:
        # Ordering on or before the application deadline means ordering before any grant decision.
        schedule = Check("schedule", WARN, {"reason": "too_early", "planned": planned, "next_deadline": next_deadline})
    else:
        schedule = Check("schedule", OK, {"reason": "after_deadline", "planned": planned, "next_deadline": next_deadline})
    checks.append(schedule)
    early = schedule.params.get("reason") == "too_early"
    checks.append(Check("no_order_before_decision", WARN if early else INFO, {"planned": planned}))
    checks.append(
        Check(
            "self_funding",
            INFO,
            {
                "cash_needed": result["cash_needed_before_reimbursement"],
                "subsidy": result["subsidy"],
                "out_of_pocket": result["out_of_pocket"],
            },
        )
    )
    return checks
