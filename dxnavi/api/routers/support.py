"""支援記録 (``dxnavi.support``): the organization's records over a 年度 or dates (the web's ``org_records``,
CSV with the columns of its Excel export ``org_export``), and one client's records of the caller's organization
with creating one through the web's ``RecordForm``.

As on the web (``need="adviser"`` / ``"adviser_edit"``), a client's records are for the linked adviser
organization's members only: the company's own members get 404; only editors and owners write.
"""

import datetime as dt

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from dxnavi.support import content, exporters, services
from dxnavi.support.domain import periods
from dxnavi.support.forms import PeriodForm, RecordForm, period_error

from ..access import check_id, company_operation, org_operation
from ..csv_variant import CSV_OPENAPI, Column, csv_file, wants_csv
from ..form_errors import valid_form
from ..idempotency import IDEMPOTENCY_OPENAPI, idempotent
from ..pagination import PageParams, paginate
from ..problems import Problem, both
from ..schemas import Text

PREFIX = ""
router = Router(tags=["support-records"])

ORDERING = ("-date", "-id")


class Person(Schema):
    id: int
    name: str


class RecordOut(Schema):
    id: int
    company_id: int
    company_name: str
    date: dt.date
    kind: str
    kind_label: Text
    topic: str
    notes: str
    minutes: int
    next_action: str
    next_due: dt.date | None
    recorded_by: Person | None
    responsible: Person | None


class RecordPage(Schema):
    items: list[RecordOut]
    next_cursor: str | None


def _person(user):
    return {"id": user.pk, "name": user.name or user.email} if user is not None else None


def item(record) -> dict:
    return {
        "id": record.pk, "company_id": record.company_id, "company_name": record.company.name, "date": record.date,
        "kind": record.kind, "kind_label": {"ja": content.type_label(record.kind, "ja"), "en": content.type_label(record.kind, "en")},
        "topic": record.topic, "notes": record.notes, "minutes": record.minutes, "next_action": record.next_action,
        "next_due": record.next_due, "recorded_by": _person(record.recorded_by), "responsible": _person(record.responsible),
    }


def _csv_columns() -> list[Column]:
    """The web's 年度 Excel export's record sheet (``exporters.record_headers`` / ``record_rows``), one column each."""
    return [Column(header, lambda r, i=i: exporters.record_rows([r])[0][i]) for i, header in enumerate(exporters.record_headers())]


_PERIOD_LABELS_JA = {"fy": "年度", "start": "開始日", "end": "終了日"}


class OrgRecordFilters(Schema):
    fy: int | None = Field(None, title="年度", description="A 年度 (April–March), e.g. 2026. Default: the current one.")
    start: str | None = Field(None, max_length=20, title="開始日", description="Custom period: first date (YYYY-MM-DD), with `end`.")
    end: str | None = Field(None, max_length=20, title="終了日", description="Custom period: last date (YYYY-MM-DD), with `start`.")
    kind: str | None = Field(None, max_length=16, title="相談種別", description="A type id of the web's form.")
    responsible: int | None = Field(None, title="担当者", description="The user id of the person responsible for the next action.")
    format: str | None = Field(None, max_length=10, title="形式", description="`csv`: the web's 年度 export columns.")


def _period(filters: OrgRecordFilters) -> periods.Period:
    """The web's ``PeriodForm`` rules; unlike the web (which falls back to the current 年度), bad input is a 422."""
    data = {name: value for name in ("fy", "start", "end") if (value := getattr(filters, name)) is not None}
    if not data:
        return periods.fiscal_year(periods.fiscal_year_of(services.today()))
    form = valid_form(lambda: PeriodForm({k: str(v) for k, v in data.items()}), _PERIOD_LABELS_JA)
    clean = form.cleaned_data
    if clean.get("start") and clean.get("end"):
        try:
            return periods.custom(clean["start"], clean["end"])
        except periods.PeriodError as error:
            field, message = period_error(error.code)
            ja, en = both(message)
            raise Problem("validation_error", ja, errors=[{
                "field": field, "field_ja": _PERIOD_LABELS_JA[field], "message": en, "message_ja": ja,
            }]) from None
    if clean.get("fy"):
        return periods.fiscal_year(clean["fy"])
    return periods.fiscal_year(periods.fiscal_year_of(services.today()))


def _kind(value: str) -> str:
    known = [type_id for type_id, _label in content.type_choices()]
    if value not in known:
        ja = f"相談種別：次のいずれかを指定してください：{'、'.join(known)}"
        raise Problem("validation_error", ja, errors=[{
            "field": "kind", "field_ja": "相談種別", "message": f"Type of support: choose one of {', '.join(known)}.", "message_ja": ja}])
    return value


@router.get("/organizations/{org_id}/support-records", response=RecordPage, openapi_extra=CSV_OPENAPI,
            summary="The organization's support records (支援記録) over a 年度 or dates, newest first")
@org_operation(need="view")
def list_org_records(request, access, filters: Query[OrgRecordFilters], page: Query[PageParams]):
    period = _period(filters)
    records = services.records_for_org(access.organization, period)
    if filters.kind is not None:
        records = records.filter(kind=_kind(filters.kind))
    if filters.responsible is not None:
        check_id(filters.responsible)
        records = records.filter(responsible_id=filters.responsible)
    if filters.format == "csv" or wants_csv(request):
        return csv_file(records, ordering=ORDERING, columns=_csv_columns(), name="support-records")
    return paginate(request, records, ordering=ORDERING, page=page, item=item)


# --- one client's records (the linked adviser organization only) ---------------------------------


def _adviser_only(access) -> None:
    """The web's ``need="adviser"``: the company's own members do not reach the organization's records."""
    if not access.is_adviser:
        raise Problem("not_found")


class CompanyRecordFilters(Schema):
    format: str | None = Field(None, max_length=10, title="形式", description="`csv`: every record as one CSV.")


@router.get("/companies/{company_id}/support-records", response=RecordPage, openapi_extra=CSV_OPENAPI,
            summary="Your organization's support records about this client (linked advisers only)")
@company_operation(need="view")
def list_company_records(request, access, filters: Query[CompanyRecordFilters], page: Query[PageParams]):
    _adviser_only(access)
    records = services.records_of_org_for_company(access).select_related("company")
    if filters.format == "csv" or wants_csv(request):
        return csv_file(records, ordering=ORDERING, columns=_csv_columns(), name="support-records")
    return paginate(request, records, ordering=ORDERING, page=page, item=item)


class RecordIn(Schema):
    """Validated exactly as the web's form (``support.forms.RecordForm``)."""

    date: str = Field(title="日付", max_length=20, description="YYYY-MM-DD (also 2026/12/01 or 2026年12月01日).")
    kind: str = Field(title="相談種別", max_length=50, description="A type id of the web's form.")
    topic: str = Field(title="相談内容（テーマ）", max_length=1000)
    notes: str = Field("", title="メモ", max_length=10000)
    minutes: int | str = Field(title="所要時間（分）")
    next_action: str = Field("", title="次のアクション", max_length=1000)
    next_due: str | None = Field(None, title="次のアクションの期限", max_length=20)
    responsible: int | None = Field(None, title="担当者", description="A member's user id; default: the token's user.")


_LABELS_JA = {
    "date": "日付", "kind": "相談種別", "topic": "相談内容（テーマ）", "notes": "メモ", "minutes": "所要時間（分）",
    "next_action": "次のアクション", "next_due": "次のアクションの期限", "responsible": "担当者",
}


@router.post("/companies/{company_id}/support-records", response={201: RecordOut}, openapi_extra=IDEMPOTENCY_OPENAPI,
             summary="Add a support record for this client (editors/owners of the linked organization, write scope)")
@company_operation(need="edit")
@idempotent
def create_company_record(request, access, payload: RecordIn):
    _adviser_only(access)
    user = request.auth.token.user
    staff = services.staff_choices(access.organization)
    data = {name: "" if value is None else str(value) for name, value in payload.model_dump().items()}
    if payload.responsible is None:
        data["responsible"] = str(user.pk)
    form = valid_form(lambda: RecordForm(data, staff=staff), _LABELS_JA)
    record = services.create_record(access, user, form.cleaned_data)
    record = services.records_of_org_for_company(access).select_related("company").get(pk=record.pk)
    return Status(201, item(record))
