"""Action-list use cases: regeneration from the registered sources, edits, reading.

Public functions:
- ``regenerate(company)``: merge every source's candidates into the company's actions (the
  only writer of derived fields); ``regenerate_by_id`` is the job entry point.
- ``update_action(action, *, user, access, **fields)``: a person's edit (flags what was edited).
- ``actions_for(access, status=…, origin=…)``, ``counts(access)``, ``next_due(access)``.

Merge rules (docs/architecture.md, "Action list"):
1. Candidates with the same ``action_key`` (topic, else key) become one action; its origin is the
   first source in registry order, ``origins`` lists every source with its link; the highest
   priority and the earliest suggested due date win; it is "done" only when every source says so.
2. A new key creates an action (未着手, or 完了 when the source says it is done).
3. An existing action takes the latest title, advice, link and priority; 担当者 and 期限 follow the
   suggestion only until a person edits them; a status a person set is never changed.
4. An action no source proposes any more (the cause is gone: a self-check item now answered
   実施している) gets ``source_present=False`` and, unless a person set its status, is resolved
   (完了, ``auto_resolved``). If the cause comes back, an auto-resolved action is reopened.
5. A source that raises is skipped and its actions are left exactly as they are: a broken source
   must never resolve a whole list.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from dxnavi.orgs import data_stamp
from dxnavi.orgs.models import Company
from dxnavi.orgs.scoping import scoped

from . import registry
from .models import Action

log = logging.getLogger(__name__)

OPEN = (Action.Status.TODO, Action.Status.DOING)
CLOSED = (Action.Status.DONE, Action.Status.NOT_APPLICABLE)


@dataclass
class Merged:
    key: str
    origin: str
    candidate: registry.ActionCandidate
    origins: list = field(default_factory=list)
    priority: int = registry.PRIORITY_NORMAL
    due: datetime.date | None = None
    owner: str = ""
    done: bool = True


@dataclass(frozen=True)
class Summary:
    created: int = 0
    updated: int = 0
    resolved: int = 0
    reopened: int = 0
    failed_sources: tuple = ()


def collect(company) -> tuple[dict[str, Merged], set[str]]:
    """Every source's candidates merged by action key, and the keys of sources that failed."""
    merged: dict[str, Merged] = {}
    failed = set()
    with registry.collecting():
        _collect_into(company, merged, failed)
    return merged, failed


def _collect_into(company, merged: dict, failed: set) -> None:
    for source in registry.sources():
        try:
            candidates = list(source.collect(company))
        except Exception:  # one broken instrument must not stop (or empty) the whole list
            log.exception("action source %s failed for company %s", source.key, company.pk)
            failed.add(source.key)
            continue
        for c in candidates:
            m = merged.get(c.action_key)
            if m is None:
                m = merged[c.action_key] = Merged(c.action_key, source.key, c, priority=c.priority, due=c.due, owner=c.owner)
            else:
                m.priority = min(m.priority, c.priority)
                m.due = min((d for d in (m.due, c.due) if d), default=None)
                m.owner = m.owner or c.owner
            if all(o[0] != source.key for o in m.origins):
                m.origins.append([source.key, c.link])
            m.done = m.done and c.done


def _apply(action: Action, m: Merged, now) -> str:
    """Update one existing action from its merged candidate; returns "reopened", "resolved" or ""."""
    c = m.candidate
    action.origin, action.origins = m.origin, m.origins
    action.title, action.detail, action.link, action.priority = c.title, c.detail, c.link, m.priority
    action.source_present = True
    if not action.owner_edited:
        action.owner = m.owner
    if not action.due_edited:
        action.due = m.due
    if action.status_edited:
        return ""
    if m.done and action.status in OPEN:
        action.status, action.auto_resolved, action.completed_at = Action.Status.DONE, True, now
        return "resolved"
    if not m.done and action.auto_resolved:
        action.status, action.auto_resolved, action.completed_at = Action.Status.TODO, False, None
        return "reopened"
    return ""


DERIVED_FIELDS = [
    "origin", "origins", "title", "detail", "link", "priority", "owner", "due",
    "status", "auto_resolved", "completed_at", "source_present", "updated",
]  # fmt: skip


def _derived(action: Action) -> tuple:
    return tuple(getattr(action, name) for name in DERIVED_FIELDS[:-1])


def _changed_fields(before: tuple, after: tuple) -> set[str]:
    return {name for name, old, new in zip(DERIVED_FIELDS, before, after) if old != new}


@transaction.atomic
def regenerate(company) -> Summary:
    """Bring the company's action list up to date with every instrument (see the module docstring)."""
    # Serialize regenerations of one company (two results finishing at once) on the company row.
    Company.objects.select_for_update().filter(pk=company.pk).first()
    # Cleared before reading: a result committed from now on marks the list stale again.
    registry.clear_stale(company.pk)
    merged, failed = collect(company)
    now = timezone.now()
    existing = {a.key: a for a in Action.objects.filter(company=company)}
    created, changed = [], []
    changed_fields: set[str] = set()  # written for every changed action (each one's value, changed or not)
    counts = {"resolved": 0, "reopened": 0}
    for key, m in merged.items():
        action = existing.get(key)
        if action is None:
            c = m.candidate
            created.append(
                Action(
                    company=company, key=key, origin=m.origin, origins=m.origins, title=c.title, detail=c.detail,
                    link=c.link, priority=m.priority, owner=m.owner, due=m.due,
                    status=Action.Status.DONE if m.done else Action.Status.TODO,
                    auto_resolved=m.done, completed_at=now if m.done else None,
                )
            )
            continue
        before = _derived(action)
        outcome = _apply(action, m, now)
        if outcome:
            counts[outcome] += 1
        fields = _changed_fields(before, _derived(action))
        if fields:  # an unchanged action is not written (nor its ``updated`` moved)
            action.updated = now
            changed.append(action)
            changed_fields |= fields
    for key, action in existing.items():
        if key in merged or action.origin in failed or not action.source_present and action.status in CLOSED:
            continue
        before = _derived(action)
        action.source_present = False
        if action.status in OPEN and not action.status_edited:
            action.status, action.auto_resolved, action.completed_at = Action.Status.DONE, True, now
            counts["resolved"] += 1
        fields = _changed_fields(before, _derived(action))
        if fields:
            action.updated = now
            changed.append(action)
            changed_fields |= fields
    if created:
        Action.objects.bulk_create(created, batch_size=500)
    if changed:
        # Only the columns that changed somewhere (a new self-check moves links and due dates,
        # seldom texts): bulk_update builds one CASE per column and row, costly in Python.
        columns = [name for name in DERIVED_FIELDS if name in changed_fields] + ["updated"]
        Action.objects.bulk_update(changed, columns, batch_size=500)
    if created or changed:
        data_stamp.bump(company.pk)  # bulk writes send no signals
    return Summary(len(created), len(changed), counts["resolved"], counts["reopened"], tuple(sorted(failed)))


def regenerate_by_id(company_id: int) -> Summary | None:
    """Job entry point (``dxnavi.jobs``): plain id, the company may have been deleted since."""
    company = Company.objects.filter(pk=company_id).first()
    return regenerate(company) if company is not None else None


def refresh_if_stale(company) -> None:
    """Regenerate now when a result changed and the background job has not run yet (RQ backend):
    for the pages that show the list, so it is right straight after a submission."""
    if registry.is_stale(company.pk):
        regenerate(company)


# --- a person's edit ------------------------------------------------------------------------


@transaction.atomic
def update_action(action: Action, *, user, access, owner=None, due=None, status=None, note=None, set_due=False) -> Action:
    """Store what a person changed and flag it, so regeneration keeps it.

    ``owner``/``status``/``note`` None: unchanged. ``due`` is applied when ``set_due`` is true
    (None then clears the date). Only fields whose value actually changes are flagged.
    """
    locked = scoped(Action.objects.select_for_update(), access).get(pk=action.pk)
    fields = ["updated", "updated_by", "updated_by_org"]
    if owner is not None and owner != locked.owner:
        locked.owner, locked.owner_edited = owner, True
        fields += ["owner", "owner_edited"]
    if set_due and due != locked.due:
        locked.due, locked.due_edited = due, True
        fields += ["due", "due_edited"]
    if status is not None and status != locked.status:
        locked.status, locked.status_edited, locked.auto_resolved = status, True, False
        locked.completed_at = timezone.now() if status == Action.Status.DONE else None
        fields += ["status", "status_edited", "auto_resolved", "completed_at"]
    if note is not None and note != locked.note:
        locked.note = note
        fields.append("note")
    locked.updated_by = user
    locked.updated_by_org = access.organization if access.is_adviser else None
    locked.save(update_fields=fields)
    return locked


# --- reading --------------------------------------------------------------------------------

STATUS_FILTERS = {
    "open": Q(status__in=OPEN),
    "todo": Q(status=Action.Status.TODO),
    "doing": Q(status=Action.Status.DOING),
    "done": Q(status=Action.Status.DONE),
    "na": Q(status=Action.Status.NOT_APPLICABLE),
    "all": Q(),
}


def actions_for(access, *, status: str = "open", origin: str = ""):
    """The company's actions, open first by due date (no date last), then priority."""
    qs = scoped(Action.objects.select_related("updated_by", "updated_by_org"), access)
    qs = qs.filter(STATUS_FILTERS.get(status, STATUS_FILTERS["open"]))
    if origin:
        qs = qs.filter(origin=origin)
    return qs.order_by("status", "due", "priority", "pk")


def counts(access) -> dict[str, int]:
    """Number of actions per status plus "open" and "overdue", in one query."""
    today = timezone.localdate()
    # Grouped by status (at most four rows): a cheaper query to build than one filtered COUNT per status.
    groups = (
        scoped(Action.objects, access)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today)))
    )
    row = dict.fromkeys(("todo", "doing", "done", "na", "overdue"), 0)
    keys = {Action.Status.TODO: "todo", Action.Status.DOING: "doing", Action.Status.DONE: "done",
            Action.Status.NOT_APPLICABLE: "na"}  # fmt: skip
    for status, n, overdue in groups:
        if status in keys:
            row[keys[status]] = n
        if status in OPEN:
            row["overdue"] += overdue
    row["open"] = row["todo"] + row["doing"]
    row["all"] = row["open"] + row["done"] + row["na"]
    return row


def next_due(access, limit: int = 3) -> list[Action]:
    """The open actions due next: their date and title only (the dashboard card and the summary show no more)."""
    qs = scoped(Action.objects, access).filter(status__in=OPEN, due__isnull=False).only("company", "due", "title")
    return list(qs.order_by("due", "priority", "pk")[:limit])
