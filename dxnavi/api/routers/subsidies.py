"""Subsidy estimates: the current catalog's frames (not company data), and a company's saved estimates —
list (cursor, CSV), create from planned costs (the web's estimator forms validate: ``subsidies.forms``
``ItemFormSet`` + ``StatusForm``; ``services.save_estimate`` computes and stores every frame), the itemized
result per frame in the web's comparison order (``services.ranked``, words from ``subsidies.presenters``),
and delete (``services.delete_estimate``). Saving and deleting need an owner/editor and a write token, as
the web's estimator."""

import datetime
from typing import Literal

from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from dxnavi.subsidies import catalog_state, presenters, services
from dxnavi.subsidies.domain import parse_rules
from dxnavi.subsidies.domain.rules import ITEM_KINDS, MONTHLY_KINDS
from dxnavi.subsidies.forms import KIND_LABELS, MAX_ROWS, ItemForm, ItemFormSet, StatusForm

from ..access import check_id, company_operation
from ..csv_variant import CSV_OPENAPI, Column, csv_file, wants_csv
from ..idempotency import IDEMPOTENCY_OPENAPI, idempotent
from ..pagination import PageParams, paginate
from ..problems import Problem
from ..schemas import Text, text

PREFIX = ""
router = Router(tags=["subsidies"])

ORDERING = ("-created_at", "-id")
STATUS_NAMES = ("gbizid_prime", "invoice_registered", "invoice_special", "wage_plan", "min_wage_near",
                "large_wage_raise", "loss_making", "chamber_confirmation")


def _both(func, *args) -> dict:
    out = {}
    for language in ("ja", "en"):
        with translation.override(language):
            out[language] = str(func(*args))
    return out


# --- the catalog's frames ------------------------------------------------------------------------
class CatalogOut(Schema):
    id: int
    fiscal_year: int
    version: str
    as_of: str


class ItemKind(Schema):
    id: str
    label: Text
    monthly: bool = Field(description="A monthly fee: `amount` is per month and `months` is required.")


class Band(Schema):
    upto: int | None
    rate: str
    small_rate: str | None


class Cap(Schema):
    min: int
    max: int
    label: Text | None


class PoolOut(Schema):
    id: str
    label: Text
    kinds: list[str]
    rate: str | None = Field(description="Subsidy rate as a fraction `n/d`; null when amount bands apply.")
    small_rate: str | None
    bands: list[Band]
    caps: list[Cap] = Field(description="Minimum and maximum subsidy (yen) per tier.")


class CostTypeOut(Schema):
    kind: str
    eligible: Literal["yes", "no", "unconfirmed"]
    max_months: int | None


class FrameOut(Schema):
    program_id: str
    program_name: Text
    frame_id: str
    name: Text
    summary: Text
    official_url: str
    estimable: bool
    verified: bool
    as_of: str
    sme_only: bool
    small_only: bool
    min_subsidy: int
    rounding: str
    cost_types: list[CostTypeOut]
    pools: list[PoolOut]


class FramesOut(Schema):
    catalog: CatalogOut | None
    item_kinds: list[ItemKind]
    max_items: int
    frames: list[FrameOut]


def _rate(value) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def _frame(frame) -> dict:
    program = frame.program
    rules = parse_rules(frame.rules, rounding=program.rounding) if frame.estimable else None
    entry = {
        "program_id": program.program_id, "program_name": text(program.name), "frame_id": frame.frame_id,
        "name": text(frame.name), "summary": text(frame.summary), "official_url": frame.official_url,
        "estimable": frame.estimable, "verified": frame.verified, "as_of": frame.as_of,
        "sme_only": bool(rules and rules.sme), "small_only": bool(rules and rules.small),
        "min_subsidy": rules.min_subsidy if rules else 0, "rounding": program.rounding, "cost_types": [], "pools": [],
    }
    if rules is None:
        return entry
    eligible = {True: "yes", False: "no"}
    entry["cost_types"] = [
        {"kind": kind, "eligible": eligible.get(spec.eligible, "unconfirmed"), "max_months": spec.max_months}
        for kind, spec in rules.cost_types.items()
    ]
    entry["pools"] = [
        {
            "id": pool.id, "label": text(pool.label), "kinds": list(pool.kinds), "rate": _rate(pool.rate),
            "small_rate": _rate(pool.small_rate),
            "bands": [{"upto": b.upto, "rate": _rate(b.rate), "small_rate": _rate(b.small_rate)} for b in pool.bands],
            "caps": [{"min": t.min, "max": t.max, "label": text(t.label) if t.label else None} for t in pool.tiers],
        }
        for pool in rules.pools
    ]
    return entry


@router.get("/subsidies/frames", response=FramesOut, summary="The current subsidy catalog's frames (rates, caps, cost kinds)")
def get_frames(request):
    catalog = catalog_state.current().catalog
    frames = services.frames_of(catalog) if catalog else []
    return {
        "catalog": {"id": catalog.pk, "fiscal_year": catalog.fiscal_year, "version": catalog.version, "as_of": catalog.as_of}
        if catalog else None,
        "item_kinds": [{"id": k, "label": _both(lambda k=k: KIND_LABELS[k]), "monthly": k in MONTHLY_KINDS} for k in ITEM_KINDS],
        "max_items": MAX_ROWS,
        "frames": [_frame(f) for f in frames],
    }


# --- saved estimates -------------------------------------------------------------------------------
ESTIMATES = "/companies/{company_id}/subsidy-estimates"


class EstimateSummary(Schema):
    id: int
    title: str
    created_at: datetime.datetime
    fiscal_year: int
    planned_order_date: datetime.date | None
    total_cost: int
    best_subsidy: int
    best_frame: str
    provisional: bool
    by_adviser: bool


class EstimatePage(Schema):
    items: list[EstimateSummary]
    next_cursor: str | None


def _summary(row) -> dict:
    return {
        "id": row.pk, "title": row.title, "created_at": row.created_at, "fiscal_year": row.catalog.fiscal_year,
        "planned_order_date": row.planned_order_date, "total_cost": row.total_cost, "best_subsidy": row.best_subsidy,
        "best_frame": row.best_frame, "provisional": row.provisional, "by_adviser": row.on_behalf_org_id is not None,
    }


CSV_COLUMNS = [
    Column("ID", lambda e: e.pk),
    Column("名称", lambda e: e.title),
    Column("作成日時", lambda e: e.created_at.isoformat()),
    Column("年度", lambda e: e.catalog.fiscal_year),
    Column("発注予定日", lambda e: e.planned_order_date.isoformat() if e.planned_order_date else ""),
    Column("投資額（円）", lambda e: e.total_cost),
    Column("補助額の試算（最大、円）", lambda e: e.best_subsidy),
    Column("最大の枠", lambda e: e.best_frame),
    Column("暫定", lambda e: "はい" if e.provisional else "いいえ"),
]


def _listed(access):
    return services.estimates_for(access).defer(*services.ESTIMATE_SNAPSHOT_FIELDS)


@router.get(ESTIMATES, response=EstimatePage, summary="The company's saved subsidy estimates", openapi_extra=CSV_OPENAPI)
@company_operation(need="view")
def list_estimates(request, access, page: Query[PageParams]):
    if wants_csv(request):
        return csv_file(_listed(access), ordering=ORDERING, columns=CSV_COLUMNS, name="subsidy-estimates")
    return paginate(request, _listed(access), ordering=ORDERING, page=page, item=_summary)


class PlannedItemIn(Schema):
    kind: str = Field("", title="費用の種類", description=f"One of {', '.join(ITEM_KINDS)} (see /subsidies/frames).")
    description: str = Field("", title="内容")
    amount: int | str | None = Field(None, title="金額", description="Yen (per month for monthly fees); "
                                     "a text such as \"1,200,000円\" is read as the web form reads it.")
    months: int | str | None = Field(None, title="月数", description="Months, for monthly fees only.")


class EstimateIn(Schema):
    """The web estimator's input; validated by the same forms, with the same messages."""

    catalog_id: int | None = Field(None, title="補助金の年度", description="A catalog id; the current catalog by default.")
    title: str = Field("", title="この試算の名前")
    items: list[PlannedItemIn] = Field(title="計画している費用", description=f"1–{MAX_ROWS} rows; empty rows are skipped.")
    planned_order_date: str | None = Field(None, title="発注予定日", description="YYYY-MM-DD.")
    security_action: int = Field(0, title="SECURITY ACTION", description="Declared level: 0, 1 (★) or 2 (★★).")
    gbizid_prime: bool = Field(False, title="gBizIDプライム")
    invoice_registered: bool = Field(False, title="適格請求書発行事業者の登録")
    invoice_special: bool = Field(False, title="インボイス特例の対象")
    wage_plan: bool = Field(False, title="賃上げ計画")
    min_wage_near: bool = Field(False, title="最低賃金近傍の従業員が3割以上")
    large_wage_raise: bool = Field(False, title="大幅な賃上げ")
    loss_making: bool = Field(False, title="直近の事業年度が赤字")
    chamber_confirmation: bool = Field(False, title="商工会・商工会議所の事業支援計画書")
    it_processes: int = Field(1, title="ITツールが対応する業務プロセス数")
    invoice_functions: int = Field(0, title="インボイス対応機能の数")


def _form_data(payload: EstimateIn, default_catalog) -> dict:
    data = {"items-TOTAL_FORMS": str(len(payload.items)), "items-INITIAL_FORMS": "0"}
    for i, row in enumerate(payload.items):
        data[f"items-{i}-kind"] = row.kind
        data[f"items-{i}-description"] = row.description
        data[f"items-{i}-amount"] = "" if row.amount is None else str(row.amount)
        data[f"items-{i}-months"] = "" if row.months is None else str(row.months)
    catalog_id = payload.catalog_id if payload.catalog_id is not None else getattr(default_catalog, "pk", "")
    data.update(catalog=str(catalog_id), title=payload.title, planned_order_date=payload.planned_order_date or "",
                security_action=str(payload.security_action), it_processes=str(payload.it_processes),
                invoice_functions=str(payload.invoice_functions))
    for name in STATUS_NAMES:
        if getattr(payload, name):
            data[name] = "on"
    return data


def _forms(data, catalogs):
    return ItemFormSet(data, prefix="items"), StatusForm(data, catalogs=catalogs)


def _labels_ja() -> dict:
    with translation.override("ja"):
        return {name: str(field.label) for name, field in ItemForm.base_fields.items()}


_STATUS_FIELD = {"catalog": "catalog_id"}


def _errors(data, catalogs) -> list[dict]:
    """Every form error with its field (``items[2].amount``), Japanese label, and both messages."""
    found = {}
    for language in ("ja", "en"):
        with translation.override(language):
            formset, form = _forms(data, catalogs)
            formset.is_valid()
            form.is_valid()
            entries = []
            for index, item_form in enumerate(formset.forms):
                for name in ("kind", "amount", "months", "description"):
                    for message in item_form.errors.get(name, []):
                        entries.append((f"items[{index}].{name}", (index, name), message))
            for message in formset.non_form_errors():
                entries.append(("items", None, message))
            for name, messages in form.errors.items():
                for message in messages:
                    entries.append((_STATUS_FIELD.get(name, name if name != "__all__" else "body"), name, message))
            found[language] = entries
    item_labels = _labels_ja()
    status_labels = {name: field.title for name, field in EstimateIn.model_fields.items() if field.title}
    errors = []
    for i, (field, key, message_ja) in enumerate(found["ja"]):
        english = found["en"][i][2] if i < len(found["en"]) else message_ja
        if isinstance(key, tuple):
            label = f"{key[0] + 1}行目の{item_labels[key[1]]}"
        else:
            label = status_labels.get(field, "計画している費用" if field == "items" else field)
        errors.append({"field": field, "field_ja": label, "message": str(english), "message_ja": str(message_ja)})
    return errors


class LineOut(Schema):
    row: int = Field(description="The item's row, 1-based, as entered.")
    kind: str
    description: str
    cost: int
    eligible_cost: int
    counted: bool
    reason: Literal["counted", "months_capped", "ineligible", "unconfirmed", "not_listed"]
    reason_text: Text


class PoolResultOut(Schema):
    id: str
    label: Text
    eligible_cost: int
    rate: str | None
    cap: int | None
    capped: bool
    subsidy: int


class MissingOut(Schema):
    id: str
    status: str
    text: Text
    verified: bool


class FrameResultOut(Schema):
    program_id: str
    program_name: Text
    frame_id: str
    name: Text
    official_url: str
    as_of: str
    estimable: bool
    provisional: bool = Field(description="The frame's numbers are not verified against the official document.")
    status: Literal["met", "almost", "not", "info"]
    status_text: Text
    reasons: list[Text] = Field(description="Why the frame does not apply (empty when it does).")
    missing: list[MissingOut] = Field(description="Requirements the company does not meet yet.")
    total_cost: int | None
    eligible_cost: int | None
    subsidy: int | None = Field(description="The estimated subsidy (yen); 0 when the frame does not apply.")
    subsidy_if_eligible: int | None
    self_pay: int | None = Field(description="Total cost minus the estimated subsidy (yen).")
    cash_needed_first: int | None = Field(description="Paid before reimbursement (yen): the whole cost.")
    lines: list[LineOut]
    pools: list[PoolResultOut]


class PlannedItemOut(Schema):
    row: int
    kind: str
    kind_label: Text
    description: str
    amount_yen: int
    months: int | None
    cost: int


class EstimateDetail(EstimateSummary):
    catalog: CatalogOut
    items: list[PlannedItemOut]
    statuses: dict
    is_sme: bool
    is_small: bool
    frames: list[FrameResultOut] = Field(description="Every frame, in the web's comparison order.")


def _frame_result(entry: dict) -> dict:
    result = entry["estimate"]
    out = {
        "program_id": entry["program_id"], "program_name": text(entry["program_name"]), "frame_id": entry["frame_id"],
        "name": text(entry["name"]), "official_url": entry["official_url"], "as_of": entry["as_of"],
        "estimable": entry["estimable"], "provisional": entry["provisional"], "status": entry["status"],
        "status_text": _both(presenters.status_label, entry["status"]), "reasons": [], "missing": [],
        "total_cost": None, "eligible_cost": None, "subsidy": None, "subsidy_if_eligible": None, "self_pay": None,
        "cash_needed_first": None, "lines": [], "pools": [],
    }
    if not result:
        return out
    out.update(
        reasons=[_both(presenters.blocker_text, b) for b in result["blockers"]],
        missing=[{"id": m["id"], "status": m["status"], "verified": m["verified"],
                  "text": _both(lambda m=m: presenters.missing_view(m)["text"])} for m in result["missing"]],
        total_cost=result["total_cost"], eligible_cost=result["eligible_cost"], subsidy=result["subsidy"],
        subsidy_if_eligible=result["subsidy_if_eligible"], self_pay=result["out_of_pocket"],
        cash_needed_first=result["cash_needed_before_reimbursement"],
        lines=[{
            "row": line["index"], "kind": line["kind"], "description": line["description"], "cost": line["cost"],
            "eligible_cost": line["eligible_cost"], "counted": line["counted"], "reason": line["reason"],
            "reason_text": _both(lambda line=line: presenters.line_view(line)["reason_text"]),
        } for line in result["lines"]],
        pools=[{
            "id": p["id"], "label": text(p["label"]), "eligible_cost": p["eligible_cost"], "rate": p["rate"], "cap": p["cap"],
            "capped": p["capped"], "subsidy": p["subsidy"],
        } for p in result["pools"] if p["eligible_cost"] > 0],
    )
    return out


def _detail(row) -> dict:
    catalog = row.catalog
    items = presenters.items_view(row.items)
    return {
        **_summary(row),
        "catalog": {"id": catalog.pk, "fiscal_year": catalog.fiscal_year, "version": catalog.version, "as_of": catalog.as_of},
        "items": [{
            "row": item["row"], "kind": item["kind"], "kind_label": _both(presenters.kind_label, item["kind"]),
            "description": item.get("description", ""), "amount_yen": item["amount_yen"], "months": item["months"],
            "cost": item["cost"],
        } for item in items],
        "statuses": row.statuses, "is_sme": bool(row.company_facts.get("is_sme")),
        "is_small": bool(row.company_facts.get("is_small")),
        "frames": [_frame_result(entry) for entry in services.ranked(row.results)],
    }


def _estimate(access, estimate_id: int):
    check_id(estimate_id)
    row = services.estimates_for(access).filter(pk=estimate_id).first()
    if row is None:
        raise Problem("not_found")
    return row


@router.post(ESTIMATES, response={201: EstimateDetail}, summary="Estimate every frame from planned costs and save it",
             openapi_extra=IDEMPOTENCY_OPENAPI)
@company_operation(need="edit")
@idempotent
def create_estimate(request, access, payload: EstimateIn):
    catalogs = services.catalog_choices()
    data = _form_data(payload, catalogs[0] if catalogs else None)
    formset, form = _forms(data, catalogs)
    if not (formset.is_valid() & form.is_valid()):
        raise Problem("validation_error", errors=_errors(data, catalogs))
    estimate = services.save_estimate(
        access, user=request.auth.token.user, catalog=form.cleaned_data["catalog"], items=formset.items(),
        statuses=form.statuses(), planned_order_date=form.cleaned_data["planned_order_date"],
        title=form.cleaned_data["title"].strip(),
    )
    return Status(201, _detail(_estimate(access, estimate.pk)))


@router.get(ESTIMATES + "/{estimate_id}", response=EstimateDetail, summary="One saved estimate: the itemized result per frame")
@company_operation(need="view")
def get_estimate(request, access, estimate_id: int):
    return _detail(_estimate(access, estimate_id))


@router.delete(ESTIMATES + "/{estimate_id}", response={204: None}, summary="Delete a saved estimate (owners and editors, write scope)")
@company_operation(need="edit")
def delete_estimate(request, access, estimate_id: int):
    services.delete_estimate(_estimate(access, estimate_id))
    return Status(204, None)
