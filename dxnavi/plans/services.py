"""Saving maps and plans (each change in one transaction) and reading them for a company.

Views call these with the request's ``access`` (from ``scoping.company_view``); every company
query goes through ``scoping.scoped``. Validation errors (``MapError``/``PlanError``) are raised
before anything is written, and each function runs in one transaction, so nothing is half-saved.
"""

import datetime

from django.db import transaction
from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from dxnavi.orgs.scoping import scoped

from . import content
from .domain import maps, periods
from .domain import plans as plan_rules
from .models import Plan, PlanPhase, PlanRow, StrategyMap, StrategyMapVersion


def map_versions(access):
    return scoped(StrategyMapVersion.objects.select_related("created_by", "organization"), access, field="strategy_map__company")


def latest_map_version(access):
    return map_versions(access).order_by("-number").first()


def current_plan(access):
    return scoped(Plan.objects.all(), access).first()


def status(access) -> dict:
    return {"map_version": latest_map_version(access), "plan": current_plan(access)}


def latest_map_head(access):
    """``latest_map_version`` with its ``pk`` and ``number`` only (not the map's data): for links and badges."""
    versions = scoped(StrategyMapVersion.objects.only("pk", "number", "strategy_map"), access, field="strategy_map__company")
    return versions.order_by("-number").first()


def card_status(access) -> dict:
    """``status`` for the dashboard card: the map's version number (not its data) and the plan with ``row_count``."""
    plan = scoped(Plan.objects.annotate(row_count=Count("rows")), access).first()
    return {"map_version": latest_map_head(access), "plan": plan}


@transaction.atomic
def save_map(access, data, *, user) -> StrategyMapVersion:
    """Validate and store the map as a new version (earlier versions stay)."""
    clean = maps.validate(data)
    strategy_map, _created = StrategyMap.objects.get_or_create(company=access.company)
    strategy_map = StrategyMap.objects.select_for_update().get(pk=strategy_map.pk)  # serialise version numbers
    number = (strategy_map.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return StrategyMapVersion.objects.create(
        strategy_map=strategy_map,
        number=number,
        data=clean,
        content_version=content.content_version(),
        created_by=user,
        organization=access.organization,
    )


def plan_rows(plan):
    """The plan's rows in order with their phases: two queries whatever the number of rows."""
    phases = Prefetch("phases", queryset=PlanPhase.objects.order_by("period"))
    return list(plan.rows.order_by("position", "pk").prefetch_related(phases))


_ROW_COLUMNS = tuple(f.attname for f in PlanRow._meta.concrete_fields)


def plan_rows_with_phases(plan) -> tuple[list[PlanRow], dict[int, dict[int, str]]]:
    """``plan_rows`` for the plan page in one query (rows LEFT JOIN phases): the rows in order and
    ``{row pk: {period: phase}}`` in period order (the prefetch of ``plan_rows`` costs two queries and
    more to build)."""
    rows, phases = [], {}
    joined = plan.rows.order_by("position", "pk", "phases__period").values_list(*_ROW_COLUMNS, "phases__period", "phases__phase")
    for values in joined:
        pk = values[0]
        if pk not in phases:
            rows.append(PlanRow.from_db(None, _ROW_COLUMNS, values[:-2]))
            phases[pk] = {}
        if values[-2] is not None:
            phases[pk][values[-2]] = values[-1]
    return rows, phases


def _touch(plan, user):
    plan.updated_at = timezone.now()
    plan.updated_by = user
    plan.save(update_fields=["updated_at", "updated_by"])


def _create_rows(plan, new_rows, first_position):
    rows = PlanRow.objects.bulk_create(
        PlanRow(plan=plan, position=first_position + i, **{k: v for k, v in r.items() if k != "phases"})
        for i, r in enumerate(new_rows)
    )
    if not all(row.pk for row in rows):  # backends without RETURNING: read the ids back
        keys = [r["activity_key"] for r in new_rows]
        by_key = {row.activity_key: row for row in plan.rows.filter(activity_key__in=keys)}
        rows = [by_key[k] for k in keys]
    PlanPhase.objects.bulk_create(
        PlanPhase(row=row, period=period, phase=phase)
        for row, spec in zip(rows, new_rows)
        for period, phase in spec["phases"].items()
    )
    return rows


@transaction.atomic
def build_plan(access, version: StrategyMapVersion, *, user, today: datetime.date | None = None) -> tuple[Plan, int]:
    """Create the plan from a map version, or add the version's new activities to the existing plan.

    Rows already in the plan (same activity key) are left exactly as the user edited them; rows whose
    activity left the map stay too (the user deletes them). Returns (plan, number of rows added)."""
    plan = scoped(Plan.objects.select_for_update(), access).first()
    if plan is None:
        year, half = periods.next_half(today or timezone.localdate())
        plan = Plan.objects.create(company=access.company, start_year=year, start_half=half, periods=4, updated_by=user)
    existing = list(plan.rows.values_list("activity_key", flat=True))
    new_rows = plan_rules.rows_from_map(version.data, existing_keys=existing, first_index=len(existing), periods=plan.periods)
    plan_rules.check_row_count(len(existing) + len(new_rows))
    last = plan.rows.aggregate(p=Max("position"))["p"]
    _create_rows(plan, new_rows, 0 if last is None else last + 1)
    plan.map_version = version
    plan.updated_at = timezone.now()
    plan.updated_by = user
    plan.save(update_fields=["map_version", "updated_at", "updated_by"])
    return plan, len(new_rows)


def _used_periods(plan) -> int:
    last = PlanPhase.objects.filter(row__plan=plan).exclude(phase="").aggregate(p=Max("period"))["p"]
    return 0 if last is None else last + 1


@transaction.atomic
def update_settings(plan, values, *, user) -> Plan:
    clean = plan_rules.validate_settings(values, used_periods=_used_periods(plan))
    for key, value in clean.items():
        setattr(plan, key, value)
    plan.updated_at = timezone.now()
    plan.updated_by = user
    plan.save()
    return plan


def plan_labels(plan) -> list[str]:
    return periods.labels(plan.start_year, plan.start_half, plan.periods)


@transaction.atomic
def save_row(plan, row: PlanRow, post, *, user) -> PlanRow:
    """Replace a row's fields and its phases (periods not posted keep their phase)."""
    data = plan_rules.validate_row(post, periods=plan.periods, labels=plan_labels(plan))
    for key, value in data.values.items():
        setattr(row, key, value)
    row.save()
    _set_phases(row, data.phases)
    _touch(plan, user)
    return row


def _set_phases(row, phases: dict):
    clear = [period for period, phase in phases.items() if not phase]
    if clear:
        row.phases.filter(period__in=clear).delete()
    current = {p.period: p for p in row.phases.all()}
    create, update = [], []
    for period, phase in phases.items():
        if not phase:
            continue
        if period in current:
            if current[period].phase != phase:
                current[period].phase = phase
                update.append(current[period])
        else:
            create.append(PlanPhase(row=row, period=period, phase=phase))
    PlanPhase.objects.bulk_create(create)
    if update:
        PlanPhase.objects.bulk_update(update, ["phase"])


@transaction.atomic
def add_row(plan, post, *, user) -> PlanRow:
    data = plan_rules.validate_row(post, periods=plan.periods, labels=plan_labels(plan))
    plan_rules.check_row_count(plan.rows.count() + 1)
    last = plan.rows.aggregate(p=Max("position"))["p"]
    row = PlanRow.objects.create(plan=plan, position=0 if last is None else last + 1, activity_key=maps.new_key(), **data.values)
    _set_phases(row, data.phases)
    _touch(plan, user)
    return row


@transaction.atomic
def move_row(plan, row: PlanRow, direction: str, *, user) -> None:
    """Swap the row with its neighbour above ("up") or below ("down"), priorities included (the order is
    how the plan ranks its rows); positions are renumbered 0..n-1."""
    rows = list(plan.rows.select_for_update().order_by("position", "pk"))
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(rows):
        rows[index].priority, rows[other].priority = rows[other].priority, rows[index].priority
        rows[index], rows[other] = rows[other], rows[index]
    for position, r in enumerate(rows):
        r.position = position
    PlanRow.objects.bulk_update(rows, ["position", "priority"])
    _touch(plan, user)


@transaction.atomic
def delete_row(plan, row: PlanRow, *, user) -> None:
    row.delete()
    _touch(plan, user)


def row_or_none(plan, row_id):
    return plan.rows.filter(pk=row_id).first()
