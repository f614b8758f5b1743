"""Words for the numbers: estimate snapshots → what the pages, the PDF and the dashboard show.

Wording rule: an estimate is never a promise. Say "estimated subsidy" (補助額の試算) and that
subsidies are competitive (採択); never that the company will receive an amount
(tests/subsidies/test_wording.py).
"""

import datetime
from fractions import Fraction

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dxnavi.content.i18n import pick
from dxnavi.web.dashboard import view_for

from . import services
from .domain import ALMOST, MET, NOT, PlannedItem
from .domain.checklist import INFO, OK, WARN
from .forms import KIND_LABELS

STATUS_BADGES = {MET: "badge-ok", ALMOST: "badge-warn", NOT: "badge-bad", "info": ""}


def yen(value) -> str:
    return _("%(amount)s yen") % {"amount": number_format(int(value), force_grouping=True)}


def rate_text(value: str | None) -> str:
    return "" if value is None else str(Fraction(value))


def status_label(status: str) -> str:
    return {
        MET: _("Qualifies"),
        ALMOST: _("Almost: something is missing"),
        NOT: _("Does not apply"),
        "info": _("Not estimated"),
    }[status]


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def _kinds(kinds) -> str:
    return _(", ").join(kind_label(k) for k in kinds) if kinds else ""


def condition_text(condition: dict) -> str:
    """A rule condition in words, e.g. {"fact": "it_processes", "min": 4} → 業務プロセスが4つ以上."""
    if "all" in condition:
        return _(" and ").join(condition_text(c) for c in condition["all"])
    if "company" in condition:
        return _("the company is a small business") if condition["company"] == "small" else _("the company is an SME")
    if "status" in condition:
        return requirement_text(condition["status"], condition.get("min"))
    name, low, high = condition["fact"], condition.get("min"), condition.get("max")
    subject = {
        "it_processes": _("business processes the IT tool covers"),
        "invoice_functions": _("invoice functions of the software"),
        "employees": _("employees"),
    }[name]
    if low is not None and high is not None:
        return _("%(subject)s: %(min)d to %(max)d") % {"subject": subject, "min": low, "max": high}
    if low is not None:
        return _("%(subject)s: %(min)d or more") % {"subject": subject, "min": low}
    return _("%(subject)s: %(max)d or fewer") % {"subject": subject, "max": high}


def requirement_text(status: str, level=None) -> str:
    if status == "security_action":
        return (
            _("SECURITY ACTION ★★ (two stars) declared")
            if (level or 1) >= 2
            else _("SECURITY ACTION ★ (one star) or higher declared")
        )
    return {
        "gbizid_prime": _("a gBizID Prime account"),
        "invoice_registered": _("registration as a qualified invoice issuer"),
        "invoice_special": _("having been tax-exempt in the invoice special period"),
        "wage_plan": _("a wage-increase plan announced to employees"),
        "min_wage_near": _("30 percent or more of employees near the minimum wage"),
        "chamber_confirmation": _("the chamber of commerce's support plan (様式4)"),
        "loss_making": _("a loss in the last business year"),
        "large_wage_raise": _("a large wage increase"),
    }[status]


def line_view(line: dict) -> dict:
    reason = line["reason"]
    if reason == "counted":
        text = ""
    elif reason == "months_capped":
        text = _("Counted for %(counted)d of %(months)d months (the frame covers at most %(counted)d)") % {
            "counted": line["months_counted"],
            "months": line["months"],
        }
    elif reason == "unconfirmed":
        text = _("Not confirmed as eligible in this frame, so not counted; check the guidelines")
    else:
        text = _("Not an eligible cost in this frame")
    short = _("Counted") if line["counted"] else (_("Unconfirmed") if reason == "unconfirmed" else _("Not counted"))
    return {
        **line,
        "kind_label": kind_label(line["kind"]),
        "short": short,
        "reason_text": text,
        "note_text": pick(line.get("note")) if line.get("note") else "",
    }


def pool_view(pool: dict, rounding: str) -> dict:
    if pool["rate"] is not None:
        rate = rate_text(pool["rate"])
        why = {"small": _("rate for small businesses"), "raise": _("raised rate"), "base": ""}[pool["rate_reason"]]
    else:
        rate, why = "", ""
    parts = []
    for part in pool["parts"]:
        limit = _("up to %(limit)s of subsidy") % {"limit": yen(part["upto"])} if part["upto"] is not None else _("the rest")
        parts.append(
            {
                "limit": limit,
                "rate": rate_text(part["rate"]),
                "cost": yen(part["cost"]),
                "subsidy": yen(int(Fraction(part["subsidy"]))),
            }
        )
    calculated = int(Fraction(pool["calculated"]))
    return {
        **pool,
        "label_text": pick(pool["label"]),
        "rate_text": rate,
        "rate_why": why,
        "parts_view": parts,
        "calculated_yen": calculated,
        "tier_text": pick(pool["tier_label"]) if pool.get("tier_label") else "",
    }


def blocker_text(blocker: dict) -> str:
    code, params = blocker["code"], blocker.get("params", {})
    if code == "not_sme":
        return _("Only SMEs (中小企業者) can apply; by the company profile this company is not one.")
    if code == "not_small":
        return _("Only small businesses (小規模事業者) can apply; by the company profile this company is not one.")
    if code == "no_items":
        return _("None of the planned costs is eligible in this frame.")
    if code == "required_items":
        return _("This frame needs at least one of: %(kinds)s.") % {"kinds": _kinds(params["kinds"])}
    if code == "no_tier":
        conditions = _(" or ").join(condition_text(c) for c in params.get("conditions", []))
        return _("The planned tool does not meet the condition for any cap: %(conditions)s.") % {"conditions": conditions}
    if code == "below_min":
        return _("The estimated subsidy (%(amount)s) is below the minimum of %(minimum)s.") % {
            "amount": yen(params["amount"]),
            "minimum": yen(params["minimum"]),
        }
    return code


def missing_view(missing: dict) -> dict:
    return {
        **missing,
        "text": pick(missing["label"]) if missing.get("label") else requirement_text(missing["status"], missing.get("min")),
    }


def result_view(entry: dict) -> dict:
    """Everything a template needs about one frame of a saved estimate."""
    view = {
        **entry,
        "program_name_text": pick(entry["program_name"]),
        "name_text": pick(entry["name"]),
        "summary_text": pick(entry["summary"]),
        "note_text": pick(entry["note"]) if entry.get("note") else "",
        "status_text": status_label(entry["status"]),
        "badge": STATUS_BADGES[entry["status"]],
    }
    result = entry["estimate"]
    if result:
        view.update(
            lines=[line_view(line) for line in result["lines"]],
            pools=[pool_view(pool, result["rounding"]) for pool in result["pools"] if pool["eligible_cost"] > 0],
            blockers=[blocker_text(b) for b in result["blockers"]],
            missing=[missing_view(m) for m in result["missing"]],
            total_cost=result["total_cost"],
            eligible_cost=result["eligible_cost"],
            subsidy=result["subsidy"],
            subsidy_if_eligible=result["subsidy_if_eligible"],
            out_of_pocket=result["out_of_pocket"],
            cash_needed=result["cash_needed_before_reimbursement"],
            thousand=result["rounding"] == "thousand",
        )
    return view


def results_view(estimate_row) -> dict:
    rows = [result_view(entry) for entry in services.ranked(estimate_row.results)]
    return {
        "rows": rows,
        "met": [r for r in rows if r["status"] == MET],
        "almost": [r for r in rows if r["status"] == ALMOST],
        "not_applicable": [r for r in rows if r["status"] == NOT],
        "info": [r for r in rows if r["status"] == "info"],
    }


def items_view(items: list[dict]) -> list[dict]:
    return [
        {**item, "row": i, "kind_label": kind_label(item["kind"]), "cost": PlannedItem.from_dict(item).cost}
        for i, item in enumerate(items, start=1)
    ]


def estimate_title(estimate_row) -> str:
    if estimate_row.title:
        return estimate_row.title
    return _("Estimate of %(date)s") % {
        "date": formats.date_format(timezone.localtime(estimate_row.created_at), "SHORT_DATE_FORMAT")
    }


def dashboard_card(view) -> dict:
    access = view_for(view).access
    latest = services.latest_estimate_brief(access)
    card = {
        "template": "subsidies/_card.html",
        "company": access.company,
        "latest": latest,
        "can_edit": access.can_edit,
        "new_url": reverse("subsidies:estimate_new", args=[access.company.pk]),
        "index_url": reverse("subsidies:index", args=[access.company.pk]),
    }
    if latest is not None:
        best = services.result_for(latest, latest.best_frame) if latest.best_frame else None
        card.update(
            title=estimate_title(latest),
            url=reverse("subsidies:estimate_detail", args=[access.company.pk, latest.pk]),
            best_name=f"{pick(best['program_name'])} {pick(best['name'])}" if best else "",
        )
    return card


def statuses_view(statuses: dict) -> list[tuple[str, str]]:
    """The declared statuses as (label, value) pairs, for the result page and the PDF."""
    yes, no = _("Yes"), _("No")
    level = statuses.get("security_action", 0)
    rows = [
        (_("SECURITY ACTION"), {0: _("Not declared"), 1: _("★ One star"), 2: _("★★ Two stars")}.get(level, str(level))),
        (_("gBizID Prime"), yes if statuses.get("gbizid_prime") else no),
        (_("Qualified invoice issuer"), yes if statuses.get("invoice_registered") else no),
        (_("Tax-exempt in the invoice special period"), yes if statuses.get("invoice_special") else no),
        (_("Wage-increase plan"), yes if statuses.get("wage_plan") else no),
        (_("Employees near the minimum wage (30 percent or more)"), yes if statuses.get("min_wage_near") else no),
        (_("Large wage increase"), yes if statuses.get("large_wage_raise") else no),
        (_("Loss-making last year"), yes if statuses.get("loss_making") else no),
        (_("Chamber of commerce support plan (様式4)"), yes if statuses.get("chamber_confirmation") else no),
        (_("Business processes the IT tool covers"), str(statuses.get("it_processes", 0))),
        (_("Invoice functions of the software"), str(statuses.get("invoice_functions", 0))),
    ]
    return rows


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def checklist_view(checks, entry: dict, content: dict) -> list[dict]:
    """The five checks with their content text, state badge and what applies to this plan."""
    result = entry["estimate"]
    texts = {item["id"]: item for item in content["items"]}
    badges = {OK: ("badge-ok", _("OK")), WARN: ("badge-warn", _("Check")), INFO: ("badge", _("Keep in mind"))}
    views = []
    for check in checks:
        item = texts[check.id]
        details, extra = [], []
        params = check.params
        if check.id == "eligible_costs":
            lines = [line_view(line) for line in result["lines"]]
            extra = lines
            if params["not_counted"]:
                details.append(
                    _("%(count)d of the planned costs are not counted in this frame.") % {"count": params["not_counted"]}
                )
            else:
                details.append(_("All planned costs are eligible in this frame."))
        elif check.id == "requirements":
            extra = [
                missing_view(m)["text"] + ("" if m["verified"] else " " + _("(requirement not verified)"))
                for m in result["missing"]
            ] + [blocker_text(b) for b in result["blockers"]]
            if extra:
                details.append(_("Still missing or not met:"))
            else:
                details.append(_("By what you entered, the requirements are met. The business plan is still reviewed."))
        elif check.id == "schedule":
            reason = params["reason"]
            windows = [
                {
                    "label": pick(w["label"]),
                    "deadline": _date(datetime.date.fromisoformat(w["deadline"])),
                    "verified": w["verified"],
                }
                for w in entry.get("windows", [])
            ]
            extra = windows
            if reason == "no_windows":
                details.append(
                    _("The catalog has no application deadlines for this program. Check the official site for the current round.")
                )
            elif reason == "all_past":
                details.append(
                    _("Every application deadline in this catalog has passed. Check the official site for the next round.")
                )
            elif reason == "no_plan":
                details.append(
                    _("The next deadline is %(deadline)s. Enter when you plan to order to compare it with your schedule.")
                    % {"deadline": _date(params["next_deadline"])}
                )
            elif reason == "too_early":
                details.append(
                    _(
                        "You plan to order on %(planned)s, on or before the next deadline (%(deadline)s): that is before any grant decision."
                    )
                    % {"planned": _date(params["planned"]), "deadline": _date(params["next_deadline"])}
                )
            else:
                details.append(
                    _(
                        "You plan to order on %(planned)s, after the next deadline (%(deadline)s). Order only once the grant decision has been issued."
                    )
                    % {"planned": _date(params["planned"]), "deadline": _date(params["next_deadline"])}
                )
        elif check.id == "no_order_before_decision":
            details.append(
                _("Getting quotations is fine; ordering, signing and paying must wait for the grant decision (交付決定).")
            )
        else:
            details.append(
                _(
                    "Cash you need before reimbursement: %(cash)s. The estimated subsidy of %(subsidy)s would be paid only after completion and reporting; your own share in the end: %(own)s."
                )
                % {"cash": yen(params["cash_needed"]), "subsidy": yen(params["subsidy"]), "own": yen(params["out_of_pocket"])}
            )
        badge, label = badges[check.state]
        views.append(
            {
                "id": check.id,
                "title": pick(item["title"]),
                "text": pick(item["text"]),
                "source": item["source"],
                "state": check.state,
                "badge": badge,
                "state_text": label,
                "details": details,
                "extra": extra,
            }
        )
    return views
