"""The company's action list (対策リスト): the list with the web's filters (``actions.services.actions_for``),
its CSV for Excel (担当者, 期限, 状況, 対策, 出どころ), and a person's edit of 担当者 / 期限 / status / note through
``actions.services.update_action`` with the web form's validation and messages."""

import datetime
from typing import Literal

from django.db.models import DateField, Value
from django.db.models.functions import Coalesce
from django.forms.models import model_to_dict
from ninja import Field, Query, Router, Schema

from dxnavi.actions import registry, services
from dxnavi.actions.forms import ActionForm
from dxnavi.actions.models import Action
from dxnavi.content.i18n import pick
from dxnavi.orgs.scoping import scoped

from ..access import check_id, company_operation
from ..csv_variant import CSV_OPENAPI, Column, csv_file, wants_csv
from ..form_errors import valid_form
from ..pagination import PageParams, paginate
from ..problems import Problem, both
from ..schemas import Text

PREFIX = "/companies"  # {company_id} in each operation's own path: ninja reads path parameters from there
router = Router(tags=["actions"])

LANGUAGES = ("ja", "en")
NO_DUE = datetime.date(9999, 12, 31)
# The web's order (``actions_for``: status, due, priority, id) with "no due date" last on every database;
# keyset pagination needs non-NULL sort values.
ORDERING = ("status", "due_order", "priority", "id")

StatusValue = Literal["todo", "doing", "done", "na"]


class OriginOut(Schema):
    origin: str
    label: Text
    link: str


class ActionOut(Schema):
    id: int
    key: str
    title: Text
    detail: Text
    origin: str
    origin_label: Text
    origins: list[OriginOut]
    link: str
    priority: int
    owner: str = Field(description="担当者 (free text).")
    due: datetime.date | None = Field(description="期限")
    status: StatusValue
    status_label: Text
    note: str
    source_present: bool = Field(description="False once no diagnosis proposes the item any more.")
    auto_resolved: bool
    completed_at: datetime.datetime | None
    updated: datetime.datetime


class ActionPage(Schema):
    items: list[ActionOut]
    next_cursor: str | None


class ActionFilters(Schema):
    status: Literal["open", "todo", "doing", "done", "na", "all"] = Field(
        "open", title="状態", description="open (未着手・対応中, default), todo, doing, done, na or all — as the web's tabs.")
    origin: str | None = Field(None, max_length=32, title="出どころ", description="An origin key (e.g. `selfcheck`).")
    format: Literal["json", "csv"] = Field("json", title="形式", description="`csv` for the whole list as one CSV file.")


def _origin_label(key: str) -> dict:
    source = registry.source(key)
    if source is None:
        return {"ja": key, "en": key}
    ja, en = both(source.label)
    return {"ja": ja, "en": en}


def _status_label(action) -> dict:
    ja, en = both(Action.Status(action.status).label)
    return {"ja": ja, "en": en}


def _text(value) -> dict:
    return {lang: pick(value, lang) if value else "" for lang in LANGUAGES}


def item(action) -> dict:
    return {
        "id": action.pk, "key": action.key, "title": _text(action.title), "detail": _text(action.detail),
        "origin": action.origin, "origin_label": _origin_label(action.origin),
        "origins": [{"origin": key, "label": _origin_label(key), "link": link} for key, link in action.origins],
        "link": action.link, "priority": action.priority, "owner": action.owner, "due": action.due, "status": action.status,
        "status_label": _status_label(action), "note": action.note, "source_present": action.source_present,
        "auto_resolved": action.auto_resolved, "completed_at": action.completed_at, "updated": action.updated,
    }


CSV_COLUMNS = [
    Column("担当者", lambda a: a.owner),
    Column("期限", lambda a: a.due.isoformat() if a.due else ""),
    Column("状態", lambda a: _status_label(a)["ja"]),
    Column("対策", lambda a: pick(a.title, "ja")),
    Column("出どころ", lambda a: _origin_label(a.origin)["ja"]),
    Column("メモ", lambda a: a.note),
    Column("ID", lambda a: a.pk),
]


def _origin(value: str | None) -> str:
    if not value:
        return ""
    known = [s.key for s in registry.sources()]
    if value not in known:
        message = f"出どころは次のいずれかです：{'、'.join(known)}"
        raise Problem("validation_error", message, errors=[{
            "field": "origin", "field_ja": "出どころ", "message": f"Choose one of: {', '.join(known)}.", "message_ja": message}])
    return value


@router.get("/{company_id}/actions", response=ActionPage, summary="The action list (対策リスト), filtered as on the web",
            openapi_extra=CSV_OPENAPI)
@company_operation(need="view")
def list_actions(request, access, filters: Query[ActionFilters], page: Query[PageParams]):
    origin = _origin(filters.origin)
    services.refresh_if_stale(access.company)  # as the web's list: right straight after a new result
    actions = services.actions_for(access, status=filters.status, origin=origin).annotate(
        due_order=Coalesce("due", Value(NO_DUE), output_field=DateField()))
    if filters.format == "csv" or wants_csv(request):
        return csv_file(actions, ordering=ORDERING, columns=CSV_COLUMNS, name="actions")
    return paginate(request, actions, ordering=ORDERING, page=page, item=item)


class ActionPatch(Schema):
    """Fields to change; the others stay. Validated exactly as the web's inline edit."""

    owner: str | None = Field(None, title="担当者")
    due: str | None = Field(None, title="期限", description="YYYY-MM-DD (also 2026/12/01 or 2026年12月01日); null clears it.")
    status: str | None = Field(None, title="状態", description="todo, doing, done or na.")
    note: str | None = Field(None, title="メモ")


_LABELS_JA = {"owner": "担当者", "due": "期限", "status": "状態", "note": "メモ"}


@router.patch("/{company_id}/actions/{action_id}", response=ActionOut,
              summary="Edit 担当者, 期限, status or note (owners and editors, write scope)")
@company_operation(need="edit")
def patch_action(request, access, action_id: int, payload: ActionPatch):
    check_id(action_id)
    action = scoped(Action.objects.all(), access).filter(pk=action_id).first()
    if action is None:
        raise Problem("not_found")
    data = {name: ("" if value is None else str(value)) for name, value in model_to_dict(action, fields=list(_LABELS_JA)).items()}
    data["due"] = action.due.isoformat() if action.due else ""
    for name, value in payload.model_dump(exclude_unset=True).items():
        data[name] = "" if value is None else value
    form = valid_form(lambda: ActionForm(data), _LABELS_JA)
    clean = form.cleaned_data
    saved = services.update_action(
        action, user=request.auth.token.user, access=access, owner=clean["owner"].strip(), due=clean["due"], set_due=True,
        status=clean["status"], note=clean["note"].strip(),
    )
    return item(saved)
