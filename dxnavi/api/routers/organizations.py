"""Adviser organizations: the token's organizations, the client list with the web's filters, sorts, status
counts and export (``orgs.client_filters`` / ``client_list`` / ``client_columns`` / ``exporters``), and the
organization's aggregate report (``regional.services``: the stored, already suppressed report; recompute
as a tracked job). Members only (``@org_operation``), within the token's limit.

Unlike the web, which drops a filter value that is not among the choices, the API answers 422 naming the
parameter (in Japanese and English): an integration must learn that its filter did nothing.
"""

import datetime as dt
from datetime import datetime
from functools import wraps
from urllib.parse import urlencode
from typing import Literal

from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import create_model

from dxnavi.orgs import client_columns, client_list, exporters
from dxnavi.orgs.client_filters import PENDING, UNASSIGNED, ClientQuery, all_filters, all_sorts, filtered, status_choices
from dxnavi.orgs.models import AdviserMembership, AdviserOrganization, AuditEvent
from dxnavi.orgs.scoping import adviser_companies, audit_listed, audit_many
from dxnavi.regional import services as regional
from dxnavi.reports import spreadsheets

from .. import client_pages
from ..access import org_operation
from ..csv_variant import CSV_OPENAPI, MAX_ROWS, Column, csv_file, wants_csv
from ..idempotency import IDEMPOTENCY_OPENAPI, idempotent
from ..pagination import PageParams, add_header, paginate
from ..problems import Problem, both
from ..schemas import Text, text

PREFIX = "/organizations"
router = Router(tags=["organizations"])


def _both_text(lazy) -> dict:
    ja, en = both(lazy)
    return {"ja": ja, "en": en}


# --- the token's organizations -------------------------------------------------------------------


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str
    prefecture: str
    role: Literal["owner", "editor", "viewer"]


class OrganizationPage(Schema):
    items: list[OrganizationOut]
    next_cursor: str | None


class OrganizationFilters(Schema):
    format: Literal["json", "csv"] = Field("json", title="形式", description="`csv` for the whole list as one CSV file.")


def _organizations(request):
    token = request.auth.token
    if token.company_id is not None:
        return AdviserOrganization.objects.none()  # a company-limited token sees no organization
    found = AdviserOrganization.objects.filter(memberships__user=token.user).annotate(role=F("memberships__role"))
    if token.organization_id is not None:
        found = found.filter(pk=token.organization_id)
    return found


_ORG_ORDERING = ("name", "id")
_ORG_CSV = [
    Column("ID", lambda o: o.pk), Column("支援機関名", lambda o: o.name), Column("種別", lambda o: o.kind),
    Column("都道府県", lambda o: o.prefecture), Column("役割", lambda o: o.role),
]


@router.get("", response=OrganizationPage, summary="The adviser organizations the token's user belongs to", openapi_extra=CSV_OPENAPI)
def list_organizations(request, filters: Query[OrganizationFilters], page: Query[PageParams]):
    found = _organizations(request).only("pk", "name", "kind", "prefecture")
    if filters.format == "csv" or wants_csv(request):
        return csv_file(found, ordering=_ORG_ORDERING, columns=_ORG_CSV, name="organizations")
    item = lambda o: {"id": o.pk, "name": o.name, "kind": o.kind, "prefecture": o.prefecture, "role": o.role}  # noqa: E731
    return paginate(request, found, ordering=_ORG_ORDERING, page=page, item=item)


# --- the client list -----------------------------------------------------------------------------

_FIXED = ("q", "assignee", "status", "sort", "format", "limit", "cursor")


def _filter_fields() -> dict:
    """One optional query parameter per filter of the web's list (``client_filters.all_filters``: the list's
    own and those the instruments registered), titled in Japanese."""
    fields = {}
    for item in all_filters():
        with translation.override("ja"):
            title = str(item.title)
        with translation.override("en"):
            english = str(item.title)
        fields[item.key] = (str | None, Field(None, max_length=50, title=title, description=f"{english}: a value of `GET …/clients/filters`."))
    return fields


class _ClientParams(Schema):
    q: str | None = Field(None, max_length=100, title="会社名・法人番号", description="Part of the name, or the whole 法人番号.")
    assignee: str | None = Field(None, max_length=20, title="担当者", description="`none` (unassigned) or a member's user id.")
    status: str | None = Field(None, max_length=40, title="状態", description="A status key of `GET …/clients/counts` (not `pending`).")
    sort: str | None = Field(None, max_length=40, title="並び順", description="A sort key of `GET …/clients/filters`; `-key` = descending.")
    format: Literal["json", "csv"] = Field("json", title="形式", description="`csv`: every matching client as one CSV (the web's Excel columns).")


ClientParams = create_model("ClientParams", __base__=_ClientParams, **_filter_fields())


class Cell(Schema):
    text: str
    date: dt.date | None = Field(None, description="When it was measured (local date).")


class Assignee(Schema):
    id: int
    name: str


class ClientOut(Schema):
    id: int
    name: str
    corporate_number: str
    industry_major: str
    prefecture: str
    employees: int
    is_sme: bool
    is_small: bool
    assignee: Assignee | None
    results: dict[str, Cell | None] = Field(description="Each instrument's latest result (keys: `GET …/clients/filters` columns).")


class ClientPage(Schema):
    items: list[ClientOut]
    next_cursor: str | None


_ALLOWED_MESSAGE = gettext_lazy("「%(value)s」 is not one of the choices. Choose one of: %(choices)s.")
_UNKNOWN_PARAMETER = gettext_lazy("This parameter is not known. Known: %(choices)s.")
_PENDING_STATUS = gettext_lazy("Requests waiting for consent are not clients yet; their number is in the counts.")


def _members(organization) -> list[tuple[int, str]]:
    rows = AdviserMembership.objects.filter(organization=organization).order_by("created", "pk")
    return [(user_id, name or email) for user_id, name, email in rows.values_list("user_id", "user__name", "user__email")]


def _choice_error(field: str, field_ja: str, value: str, choices) -> dict:
    listed = ", ".join(str(c) for c in choices)
    ja, en = both(_ALLOWED_MESSAGE, {"value": value, "choices": listed})
    return {"field": field, "field_ja": field_ja, "message": en, "message_ja": ja}


def client_query(request, members, memo) -> ClientQuery:
    """The request's filters as the web's ``ClientQuery``, or a 422 naming every parameter whose value is not
    among the web's choices (the web drops such values silently)."""
    params = request.GET
    errors = []
    known = {*_FIXED, *(item.key for item in all_filters())}
    for name in params:
        if name not in known:
            ja, en = both(_UNKNOWN_PARAMETER, {"choices": ", ".join(sorted(known))})
            errors.append({"field": name, "field_ja": name, "message": en, "message_ja": ja})
    for item in all_filters():
        value = params.get(item.key, "")
        if value:
            choices = [str(v) for v, _label in item.choices(memo)]
            if value not in choices:
                with translation.override("ja"):
                    errors.append(_choice_error(item.key, str(item.title), value, choices))
    assignee = params.get("assignee", "")
    if assignee and assignee != UNASSIGNED and assignee not in {str(pk) for pk, _name in members}:
        errors.append(_choice_error("assignee", "担当者", assignee, [UNASSIGNED, *(pk for pk, _name in members)]))
    status = params.get("status", "")
    statuses = [key for key, _title in status_choices() if key != PENDING]
    if status == PENDING:
        ja, en = both(_PENDING_STATUS)
        errors.append({"field": "status", "field_ja": "状態", "message": en, "message_ja": ja})
    elif status and status not in statuses:
        errors.append(_choice_error("status", "状態", status, statuses))
    sort = params.get("sort", "")
    if sort and sort.removeprefix("-") not in {s.key for s in all_sorts()}:
        errors.append(_choice_error("sort", "並び順", sort, [s.key for s in all_sorts()]))
    if errors:
        raise Problem("validation_error", errors=errors)
    return ClientQuery.from_params(params.dict(), [pk for pk, _name in members], memo)


def _cell(cell) -> dict | None:
    return None if cell is None else {"text": cell.text, "date": cell.local_date()}


def _client(company, cols, cells, names) -> dict:
    assignee = company.assignee_id
    return {
        "id": company.pk, "name": company.name, "corporate_number": company.corporate_number,
        "industry_major": company.industry_major, "prefecture": company.prefecture, "employees": company.employees,
        "is_sme": company.is_sme, "is_small": company.is_small,
        "assignee": {"id": assignee, "name": names.get(assignee, "")} if assignee is not None else None,
        "results": {col.key: _cell(cell) for col, cell in zip(cols, cells)},
    }  # fmt: skip


def _clients_csv(request, access, query: ClientQuery, names: dict):
    organization = access.organization
    user = request.auth.token.user
    found = client_list.clients(user, organization, query).values_list(*client_list.EXPORT_FIELDS, named=True)
    companies = list(found[: MAX_ROWS + 1])
    if len(companies) > MAX_ROWS:
        raise Problem("too_many_rows", f"{MAX_ROWS:,}件を超えています。条件で絞り込んでください。（over {MAX_ROWS:,} rows: filter the list）")
    cols, rows = client_columns.rows(companies)
    headers, lines = exporters.clients_table(cols, rows, names)
    # As the web's Excel export: every exported company has an EXPORT row in its access log.
    audit_many(companies, user, organization, AuditEvent.Action.EXPORT, request.get_full_path())
    filename = f"{organization.name}_{timezone.localdate():%Y%m%d}.csv"
    return spreadsheets.csv_response([headers, *lines], ascii_name="clients.csv", filename=filename)


@router.get(
    "/{org_id}/clients", response=ClientPage, openapi_extra=CSV_OPENAPI,
    summary="The organization's clients, with the web's filters and sorts",
    description="The same filters, sorts and results as the organization's page in the web; a value that is not among "
    "the choices (`GET …/clients/filters`) is a 422 naming the parameter. `?format=csv`: the web's Excel columns.",
)  # fmt: skip
@org_operation(need="view")
def list_clients(request, access, params: Query[ClientParams], page: Query[PageParams]):
    organization = access.organization
    memo = {}
    members = _members(organization)
    names = dict(members)
    query = client_query(request, members, memo)
    if params.format == "csv" or wants_csv(request):
        return _clients_csv(request, access, query, names)
    user = request.auth.token.user
    companies = client_pages.keyed(filtered(adviser_companies(user, organization), organization, query), query)
    if page.cursor:
        companies = companies.filter(client_pages.after(client_pages.decode(page.cursor, query), query))
    fields = dict.fromkeys([*client_list.EXPORT_FIELDS, *client_pages.key_fields(query)])
    found = list(companies.values_list(*fields, named=True)[: page.limit + 1])
    next_cursor = None
    if len(found) > page.limit:
        found = found[: page.limit]
        next_cursor = client_pages.encode(found[-1], query)
        link = {k: v for k, v in request.GET.items() if k != "cursor"} | {"cursor": next_cursor}
        add_header(request, "Link", f'<{request.path}?{urlencode(link)}>; rel="next"')
    cols, rows = client_columns.rows(found)
    # Listing a client's results is a read of its data, counted as the web list counts it.
    audit_listed([company.pk for company in found], user, organization, path=request.get_full_path())
    return {"items": [_client(company, cols, cells, names) for company, cells in rows], "next_cursor": next_cursor}


class StatusCount(Schema):
    key: str
    title: Text
    count: int


class ClientCounts(Schema):
    items: list[StatusCount]


@router.get("/{org_id}/clients/counts", response=ClientCounts, summary="How many clients have each status (the web's tabs)")
@org_operation(need="view")
def client_counts(request, access):
    organization = access.organization
    waiting = len(client_list.pending_links(organization).waiting)
    counts = client_list.status_counts(request.auth.token.user, organization, waiting)
    return {"items": [{"key": key, "title": _both_text(title), "count": counts.get(key, 0)} for key, title in status_choices()]}


class Choice(Schema):
    value: str
    label: Text


class FilterOut(Schema):
    key: str
    title: Text
    choices: list[Choice]


class KeyTitle(Schema):
    key: str
    title: Text


class ClientFilterChoices(Schema):
    filters: list[FilterOut]
    assignees: list[Choice] = Field(description="`assignee` values: `none` and the members' user ids.")
    statuses: list[KeyTitle]
    sorts: list[KeyTitle]
    columns: list[KeyTitle] = Field(description="The keys of each client's `results`.")


@router.get("/{org_id}/clients/filters", response=ClientFilterChoices, summary="The values the client list's parameters accept")
@org_operation(need="view")
def client_filter_choices(request, access):
    memo = {}
    labels = {}
    for language in ("ja", "en"):
        with translation.override(language):
            labels[language] = {item.key: [(str(v), str(label)) for v, label in item.choices(memo)] for item in all_filters()}
    filters = [
        {"key": item.key, "title": _both_text(item.title), "choices": [
            {"value": value, "label": {"ja": label, "en": english}}
            for (value, label), (_v, english) in zip(labels["ja"][item.key], labels["en"][item.key])]}
        for item in all_filters()
    ]  # fmt: skip
    unassigned = _both_text(gettext_lazy("No person in charge"))
    assignees = [{"value": UNASSIGNED, "label": unassigned}] + [
        {"value": str(pk), "label": text(name)} for pk, name in _members(access.organization)
    ]
    return {
        "filters": filters, "assignees": assignees,
        "statuses": [{"key": key, "title": _both_text(title)} for key, title in status_choices() if key != PENDING],
        "sorts": [{"key": s.key, "title": _both_text(s.title)} for s in all_sorts()],
        "columns": [{"key": c.key, "title": _both_text(c.title)} for c in client_columns.columns()],
    }  # fmt: skip


# --- the aggregate report ------------------------------------------------------------------------


class StoredReport(Schema):
    id: int
    computed_at: datetime
    parameters: dict = Field(description="Fiscal years and cut-offs compared.")
    data: dict = Field(description="The report's sections, already protected: every count under 10 suppressed (null).")


class PendingReport(Schema):
    id: int
    status: Literal["queued", "running"]
    requested_at: datetime


class OrgReport(Schema):
    report: StoredReport | None = Field(description="The newest computed report; null before the first computation.")
    pending: PendingReport | None = Field(description="A computation under way, if any.")


def _pending(stored) -> dict | None:
    if stored is None:
        return None
    return {"id": stored.pk, "status": stored.status, "requested_at": stored.requested_at}


@router.get("/{org_id}/report", response=OrgReport, summary="The organization's aggregate report (stored, suppressed)")
@org_operation(need="view")
def get_report(request, access):
    organization = access.organization
    stored = regional.latest(organization=organization)
    report = None
    if stored is not None:
        report = {"id": stored.pk, "computed_at": stored.computed_at, "parameters": stored.parameters, "data": stored.data}
    return {"report": report, "pending": _pending(regional.pending(organization=organization))}


def _write_scope(func):
    """Any member may recompute (the web's 「再集計」 is ``org_view()``), but only with a write token."""

    @wraps(func)
    def wrapper(request, access, *args, **kwargs):
        if not request.auth.token.can_write:
            raise Problem("insufficient_scope")
        return func(request, access, *args, **kwargs)

    return wrapper


class Recompute(Schema):
    report_id: int
    status: Literal["queued", "running", "done", "failed"]
    requested_at: datetime
    started: bool = Field(description="false when a computation was already under way (its state is given).")
    job_id: int | None
    status_url: str = Field(description="GET it for the report and the computation's state.")
    web_url: str | None = Field(description="The job's page in the web.")


@router.post(
    "/{org_id}/report", response={202: Recompute}, openapi_extra=IDEMPOTENCY_OPENAPI,
    summary="Recompute the aggregate report (any member, as the web's 「再集計」; write scope)",
)  # fmt: skip
@org_operation(need="view")
@_write_scope
@idempotent
def recompute_report(request, access):
    organization = access.organization
    status_url = f"/api/v1/organizations/{organization.pk}/report"
    under_way = regional.pending(organization=organization)
    if under_way is not None:
        body = {**_pending(under_way), "report_id": under_way.pk, "started": False, "job_id": None, "web_url": None}
        body.pop("id")
        return Status(202, {**body, "status_url": status_url})
    job = regional.start_org_report(organization, request.auth.token.user, get_language())
    stored = organization.regional_reports.get(pk=job.arguments["report"])
    add_header(request, "Location", status_url)
    return Status(202, {
        "report_id": stored.pk, "status": stored.status, "requested_at": stored.requested_at, "started": True,
        "job_id": job.pk, "status_url": status_url, "web_url": reverse("jobs:org_detail", args=[organization.pk, job.pk]),
    })  # fmt: skip
