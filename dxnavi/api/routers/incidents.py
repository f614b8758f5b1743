"""Incident response (``dxnavi.incidents``), read-only: the incident log (cursor, CSV, ``status`` filter) in the
web's order (``services.incidents``), one incident with its affected systems/data, timeline entries
(``services.entries``), tasks with 担当者 / 期限 / done (``services.tasks``) and — for a personal-data leak —
the report deadlines computed by ``domain.deadlines`` (``services.leak_deadlines``) with the cited rule
from the runbook content, and the company's own emergency contacts (``services.contacts``)."""

import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema

from dxnavi.incidents import content, services
from dxnavi.incidents.models import ContactRole, IncidentStatus, TimelineEntry

from ..access import check_id, company_operation
from ..csv_variant import CSV_OPENAPI, Column, csv_file, wants_csv
from ..pagination import PageParams, paginate
from ..schemas import Text, text
from ..texts import choice_label

PREFIX = "/companies"  # {company_id} in each operation's own path: ninja reads path parameters from there
router = Router(tags=["incidents"])

ORDERING = ("-discovered_at", "-id")  # the web's log order (``services.incidents``)
OTHER = {"ja": "その他", "en": "Other"}



def kind_label(kind: str) -> dict:
    found = content.scenario(kind)
    return text(found["title"]) if found is not None else dict(OTHER)


class IncidentItem(Schema):
    id: int
    title: str
    kind: str
    kind_label: Text
    status: Literal["open", "closed"]
    status_label: Text
    discovered_at: datetime.datetime


class IncidentPage(Schema):
    items: list[IncidentItem]
    next_cursor: str | None


class IncidentFilters(Schema):
    status: Literal["open", "closed"] | None = Field(None, title="状態", description="open (対応中) or closed (解決済み).")
    format: Literal["json", "csv"] = Field("json", title="形式", description="`csv` for the whole list as one CSV file.")


def item(row) -> dict:
    return {"id": row.pk, "title": row.title, "kind": row.kind, "kind_label": kind_label(row.kind), "status": row.status,
            "status_label": choice_label(IncidentStatus(row.status)), "discovered_at": row.discovered_at}


CSV_COLUMNS = [
    Column("発見日時", lambda r: r.discovered_at.isoformat()),
    Column("件名", lambda r: r.title),
    Column("種類", lambda r: kind_label(r.kind)["ja"]),
    Column("状態", lambda r: choice_label(IncidentStatus(r.status))["ja"]),
    Column("ID", lambda r: r.pk),
]


@router.get("/{company_id}/incidents", response=IncidentPage, summary="The incident log (インシデント記録)",
            openapi_extra=CSV_OPENAPI)
@company_operation(need="view")
def list_incidents(request, access, filters: Query[IncidentFilters], page: Query[PageParams]):
    rows = services.incidents(access)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.format == "csv" or wants_csv(request):
        return csv_file(rows, ordering=ORDERING, columns=CSV_COLUMNS, name="incidents")
    return paginate(request, rows, ordering=ORDERING, page=page, item=item)


class EntryOut(Schema):
    id: int
    at: datetime.datetime
    kind: Literal["event", "decision"]
    kind_label: Text
    text: str
    by: str = Field(description="By whom (free text).")


class TaskOut(Schema):
    id: int
    title: str
    owner: str = Field(description="担当者 (free text).")
    due: datetime.date | None = Field(description="期限")
    done: bool


class LeakCaseOut(Schema):
    id: str
    article: Text
    question: Text


class LeakOut(Schema):
    discovered: datetime.date = Field(description="The local day of discovery (day 0, 民法第140条).")
    required: bool = Field(description="A report to the 個人情報保護委員会 is required (a 第7条 case applies).")
    cases: list[LeakCaseOut]
    preliminary_from: datetime.date | None = Field(description="速報: from day 3 …")
    preliminary_to: datetime.date | None = Field(description="… to day 5 (規則第8条第1項, ガイドライン 3-5-3-3).")
    final_due: datetime.date | None = Field(description="確報 (規則第8条第2項): day 30, or day 60 for 第7条第3号.")
    final_days: int | None
    preliminary_text: Text
    final_text: Text
    counting_text: Text
    notice_text: Text
    source: str = Field(description="The rule cited.")
    as_of: str


class IncidentOut(IncidentItem):
    summary: str
    affected_systems: str
    affected_data: str
    leak_answers: dict[str, bool] = Field(description="施行規則第7条 第1号〜第4号: sensitive, financial, malicious, over_1000.")
    leak: LeakOut | None = Field(description="Report deadlines of a personal-data leak; null for other kinds.")
    entries: list[EntryOut]
    tasks: list[TaskOut]


def _leak(row) -> dict | None:
    result = services.leak_deadlines(row)
    if result is None:
        return None
    leak = content.runbook()["leak_report"]
    cases = {c["id"]: c for c in leak["cases"]}
    return {
        "discovered": result.discovered, "required": result.required,
        "cases": [{"id": c, "article": text(cases[c]["article"]), "question": text(cases[c]["question"])} for c in result.cases],
        "preliminary_from": result.preliminary_from, "preliminary_to": result.preliminary_to,
        "final_due": result.final_due, "final_days": result.final_days,
        "preliminary_text": text(leak["preliminary"]), "final_text": text(leak["final"]),
        "counting_text": text(leak["counting"]), "notice_text": text(leak["notice"]),
        "source": leak["source"], "as_of": str(leak.get("as_of", "")),
    }


@router.get("/{company_id}/incidents/{incident_id}", response=IncidentOut,
            summary="One incident with its timeline, tasks and (a leak) the report deadlines")
@company_operation(need="view")
def get_incident(request, access, incident_id: int):
    check_id(incident_id)
    row = services.incident(access, incident_id)
    return {
        **item(row), "summary": row.summary, "affected_systems": row.affected_systems, "affected_data": row.affected_data,
        "leak_answers": row.leak_answers(), "leak": _leak(row),
        "entries": [{"id": e.pk, "at": e.at, "kind": e.kind, "kind_label": choice_label(TimelineEntry.Kind(e.kind)),
                     "text": e.text, "by": e.by} for e in services.entries(row)],
        "tasks": [{"id": t.pk, "title": t.title, "owner": t.owner, "due": t.due, "done": t.done} for t in services.tasks(row)],
    }


class ContactOut(Schema):
    role: Literal["manager", "it_vendor", "insurer", "security"]
    role_label: Text
    name: str
    phone: str
    note: str
    updated: datetime.datetime


class ContactsOut(Schema):
    items: list[ContactOut]


@router.get("/{company_id}/incident-contacts", response=ContactsOut, summary="The company's own emergency contacts (緊急連絡先)")
@company_operation(need="view")
def list_incident_contacts(request, access):
    return {"items": [{"role": role, "role_label": choice_label(ContactRole(role)), "name": c.name, "phone": c.phone,
                       "note": c.note, "updated": c.updated} for role, c in services.contacts(access).items()]}
