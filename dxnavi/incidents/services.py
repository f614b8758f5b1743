"""Incident response data: reads through ``scoping`` and every write in one transaction.

Who may write is decided by the views (``company_view(need="edit")``: members and linked advisers with
edit rights); rows are always looked up inside the request's company (``scoped`` → 404 otherwise).
Saves and deletes bump the company's data stamp through the signal receivers (no bulk writes here).
"""

import datetime

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dxnavi.actions import registry as actions
from dxnavi.orgs.scoping import scoped

from . import content
from .domain import deadlines
from .domain.drills import score
from .models import Contact, ContactRole, Drill, Incident, IncidentTask, TimelineEntry

INCIDENT_FIELDS = (
    "title", "kind", "discovered_at", "status", "summary", "affected_systems", "affected_data",
    "leak_sensitive", "leak_financial", "leak_malicious", "leak_over_1000",
)  # fmt: skip


def today() -> datetime.date:
    return timezone.localdate()


# --- contacts ----------------------------------------------------------------------------------


def contacts(access) -> dict:
    """{role: Contact} of the company, in the roles' order."""
    rows = {c.role: c for c in scoped(Contact.objects, access)}
    return {role: rows[role] for role, _label in ContactRole.choices if role in rows}


@transaction.atomic
def save_contacts(access, user, wanted: dict) -> None:
    """Make the stored contacts equal ``wanted`` ({role: (name, phone, note)}); unchanged rows are not written."""
    current = {c.role: c for c in scoped(Contact.objects.select_for_update(), access)}
    for role, contact in current.items():
        if role not in wanted:
            contact.delete()
    for role, (name, phone, note) in wanted.items():
        contact = current.get(role)
        if contact is None:
            Contact.objects.create(company=access.company, role=role, name=name, phone=phone, note=note, updated_by=user)
        elif (contact.name, contact.phone, contact.note) != (name, phone, note):
            contact.name, contact.phone, contact.note, contact.updated_by = name, phone, note, user
            contact.save()
    actions.result_changed(access.company.pk)


# --- the incident log --------------------------------------------------------------------------


def incidents(access):
    return scoped(Incident.objects, access).order_by("-discovered_at", "-pk")


def incident(access, incident_id) -> Incident:
    return get_object_or_404(scoped(Incident.objects, access), pk=incident_id)


def entries(incident_row):
    return TimelineEntry.objects.filter(incident=incident_row, company_id=incident_row.company_id).order_by("at", "pk")


def tasks(incident_row):
    return IncidentTask.objects.filter(incident=incident_row, company_id=incident_row.company_id).order_by("done", "due", "pk")


@transaction.atomic
def create_incident(access, user, data: dict) -> Incident:
    return Incident.objects.create(company=access.company, created_by=user, **{f: data[f] for f in INCIDENT_FIELDS})


@transaction.atomic
def update_incident(row: Incident, data: dict) -> Incident:
    for name in INCIDENT_FIELDS:
        setattr(row, name, data[name])
    row.save()
    return row


@transaction.atomic
def add_entry(access, row: Incident, user, data: dict) -> TimelineEntry:
    return TimelineEntry.objects.create(
        company=access.company, incident=row, at=data["at"], kind=data["kind"], text=data["text"], by=data["by"], created_by=user
    )


@transaction.atomic
def add_task(access, row: Incident, data: dict) -> IncidentTask:
    task = IncidentTask.objects.create(company=access.company, incident=row, title=data["title"], owner=data["owner"], due=data["due"])
    actions.result_changed(access.company.pk)
    return task


def task(access, row: Incident, task_id) -> IncidentTask:
    return get_object_or_404(scoped(IncidentTask.objects, access).filter(incident=row), pk=task_id)


@transaction.atomic
def set_task_done(access, task_row: IncidentTask, done: bool) -> None:
    if task_row.done != done:
        task_row.done = done
        task_row.save(update_fields=["done"])
        actions.result_changed(access.company.pk)


def discovered_date(row: Incident) -> datetime.date:
    """The local date (settings.TIME_ZONE) on which the incident was discovered."""
    return timezone.localdate(row.discovered_at)


def leak_deadlines(row: Incident) -> deadlines.LeakDeadlines | None:
    """The report deadlines of a personal-data leak (None for other kinds)."""
    if row.kind != "data_leak":
        return None
    return deadlines.leak_deadlines(discovered_date(row), row.leak_answers())


# --- drills ------------------------------------------------------------------------------------


def drills(access):
    return scoped(Drill.objects, access).order_by("-date", "-pk")


@transaction.atomic
def record_drill(access, user, scenario_id: str, data: dict, answers: dict) -> Drill:
    drill = content.drill(scenario_id)
    result = score(drill, answers)
    row = Drill.objects.create(
        company=access.company, date=data["date"], scenario=scenario_id, participants=data["participants"],
        participant_count=data["participant_count"], steps_done=result.done, steps_total=result.total,
        answers=answers, notes=data["notes"], recorded_by=user,
    )  # fmt: skip
    actions.result_changed(access.company.pk)
    return row
