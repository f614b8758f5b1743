"""Support records: reads through ``scoping`` and writes in one transaction each.

Who may write is decided by the views' ``company_view(need="adviser_edit")`` (an editor or owner of a
linked adviser organization); a record is changed or deleted only by its own organization
(``record_for_org`` → 404 for another's). The company reads every organization's records about it.
Each save and delete bumps the company's data stamp through the signal receivers
(``web.data_stamp``); nothing here writes around them.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from dxnavi.orgs.models import AdviserMembership
from dxnavi.orgs.scoping import scoped

from . import content
from .domain.periods import Period
from .models import SupportRecord

FIELDS = ("date", "kind", "topic", "notes", "next_action", "next_due", "minutes")


def _with_people(queryset):
    return queryset.select_related("organization", "recorded_by", "responsible")


def records_for_company(access):
    """Every record about the company, by every organization (the company's own page), newest first."""
    return _with_people(scoped(SupportRecord.objects, access)).order_by("-date", "-pk")


def records_of_org_for_company(access):
    """The adviser's own organization's records about this client, newest first."""
    return _with_people(scoped(SupportRecord.objects, access).filter(organization=access.organization)).order_by("-date", "-pk")


def record_for_org(access, record_id) -> SupportRecord:
    """One record of this company written by the adviser's organization (404 otherwise)."""
    return get_object_or_404(
        scoped(SupportRecord.objects.select_related("organization"), access).filter(organization=access.organization),
        pk=record_id,
    )


def staff_choices(organization) -> list[tuple[int, str]]:
    """Members of the organization who can be 担当者: (user id, name), by joining date."""
    rows = (
        AdviserMembership.objects.filter(organization=organization, user__is_active=True)
        .order_by("created", "pk")
        .values_list("user_id", "user__name", "user__email")
    )
    return [(pk, name or email) for pk, name, email in rows]


@transaction.atomic
def create_record(access, user, data: dict) -> SupportRecord:
    values = {name: data[name] for name in FIELDS}
    return SupportRecord.objects.create(
        organization=access.organization, company=access.company, recorded_by=user, updated_by=user,
        responsible_id=data.get("responsible") or user.pk, **values,
    )


@transaction.atomic
def update_record(record: SupportRecord, user, data: dict) -> SupportRecord:
    for name in FIELDS:
        setattr(record, name, data[name])
    record.responsible_id = data.get("responsible") or record.responsible_id or user.pk
    record.updated_by = user
    record.save()
    return record


@transaction.atomic
def delete_record(record: SupportRecord) -> None:
    record.delete()


# --- the organization's records over a period --------------------------------------------------


def records_for_org(organization, period: Period):
    return (
        SupportRecord.objects.filter(organization=organization, date__gte=period.start, date__lte=period.end)
        .select_related("company", "recorded_by", "responsible")
        .order_by("date", "pk")
    )


@dataclass(frozen=True)
class Summary:
    by_type: list  # (type id, label, count, minutes)
    by_month: list  # ((year, month), count, minutes)
    total_count: int
    total_minutes: int
    companies: int  # distinct companies supported


def summarize(organization, period: Period) -> Summary:
    """Counts and time by type and by month, and the distinct companies (three aggregate queries)."""
    base = SupportRecord.objects.filter(organization=organization, date__gte=period.start, date__lte=period.end)
    per_type = {row["kind"]: row for row in base.values("kind").annotate(n=Count("pk"), m=Sum("minutes")).order_by()}
    by_type = []
    for type_id, label in content.type_choices():
        row = per_type.pop(type_id, None)
        by_type.append((type_id, label, row["n"] if row else 0, row["m"] or 0 if row else 0))
    for type_id, row in sorted(per_type.items()):  # a kind no longer in the content file
        by_type.append((type_id, type_id, row["n"], row["m"] or 0))
    months = {}
    for month, count, minutes in (
        base.annotate(month=TruncMonth("date")).values("month").annotate(n=Count("pk"), m=Sum("minutes"))
        .order_by().values_list("month", "n", "m")
    ):
        months[(month.year, month.month)] = (count, minutes or 0)
    by_month = [(ym, *months.get(ym, (0, 0))) for ym in period.months()]
    companies = base.values("company_id").distinct().count()
    return Summary(
        by_type=by_type, by_month=by_month, total_count=sum(r[2] for r in by_type), total_minutes=sum(r[3] for r in by_type),
        companies=companies,
    )


def hours(minutes: int) -> float:
    """Minutes as hours with two decimals (the report's 時間 column)."""
    return round(minutes / 60, 2)


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
