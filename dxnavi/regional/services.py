"""Compute, store and find regional reports; start their computation.

An organization's report is computed by a tracked job of the organization
(``jobs.tracked.start(..., organization=org)``): its members follow it at ``jobs:org_detail`` and the
job links to the report page when done. A prefecture report (operators) belongs to no company and
no organization, which a ``TrackedJob`` requires; so it is computed by a plain ``jobs.enqueue`` and
its progress is the ``RegionalReport.status`` the page shows (queued → running → done/failed).
"""

import datetime
import time

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi import jobs
from dxnavi.assessments import pack_cache
from dxnavi.assessments.services import current_pack
from dxnavi.content.reference import jsic_major_choices
from dxnavi.jobs.models import STALL_AFTER
from dxnavi.jobs.tracked import start
from dxnavi.orgs.domain.size import SIZE_BANDS

from . import queries
from .domain import fiscal, report
from .models import RegionalReport

SA_LEVELS = ("0", "1", "2")  # SECURITY ACTION: none, ★, ★★
# How many computed reports of one scope are kept (the newest; older ones are deleted).
KEEP = 3


def _spec(family: str):
    pack = current_pack(family)
    return pack_cache.spec_for(pack.pk, lambda: pack.definition) if pack else None


def row_orders() -> dict:
    return {"industry": [code for code, _label in jsic_major_choices()], "size": [band for band, _lo, _hi in SIZE_BANDS]}


def compute(scope: queries.Scope, now) -> dict:
    """Every section of the report for ``scope`` as of ``now``, protected (see domain.report)."""
    with transaction.atomic():
        queries.reporting_session()
        return _compute(scope, now)


def _compute(scope: queries.Scope, now) -> dict:
    moments = fiscal.snapshots(timezone.localtime(now))
    cur, prev = moments["current_cutoff"], moments["previous_cutoff"]
    # "before 1 April" for the previous year: completed_at <= cutoff − 1 µs
    prev_incl = prev - datetime.timedelta(microseconds=1)
    orders = row_orders()
    sections = []
    for family, scale in ((queries.SELFCHECK, 1), (queries.DX_STAGE, None), (queries.DX_MATURITY, 100)):
        spec = _spec(family)
        if spec is None:
            continue
        cols = [band["id"] for band in spec.bands]
        parts = spec.part_ids if scale else []
        current, current_sums = queries.results(scope, family, cur, parts, now=True)
        previous, previous_sums = queries.results(scope, family, prev_incl, parts)
        extra = {"current_sums": current_sums, "previous_sums": previous_sums, "parts": parts, "scale": scale} if parts else {}
        sections.append(report.section(family, cols, current, previous, row_orders=orders, **extra))
    sections.append(
        report.section(
            "security_action", SA_LEVELS,
            queries.security_action_counts(scope, cur, now=True), queries.security_action_counts(scope, prev_incl),
            row_orders=orders,
        )  # fmt: skip
    )
    return {
        "fiscal_year": moments["fiscal_year"],
        "previous_fiscal_year": moments["previous_fiscal_year"],
        "current_cutoff": cur.isoformat(),
        "previous_cutoff": prev.isoformat(),
        "sections": sections,
    }


def _scope_of(stored: RegionalReport) -> queries.Scope:
    if stored.organization_id:
        return queries.Scope(organization_id=stored.organization_id)
    return queries.Scope(prefecture=stored.prefecture)


def run(stored: RegionalReport, progress=None) -> RegionalReport:
    """Compute the stored report's data now and keep it (older reports of the scope beyond KEEP go)."""
    RegionalReport.objects.filter(pk=stored.pk).update(status=RegionalReport.Status.RUNNING)
    began, now = time.monotonic(), timezone.now()
    if progress:
        progress(0, 1, _("Counting the results"))
    data = compute(_scope_of(stored), now)
    stored.data, stored.computed_at, stored.status = data, now, RegionalReport.Status.DONE
    stored.seconds = round(time.monotonic() - began, 3)
    stored.parameters = {k: data[k] for k in ("fiscal_year", "previous_fiscal_year", "current_cutoff", "previous_cutoff")}
    stored.save(update_fields=["data", "computed_at", "status", "seconds", "parameters"])
    same = RegionalReport.objects.filter(organization_id=stored.organization_id, prefecture=stored.prefecture)
    keep = same.filter(status=RegionalReport.Status.DONE).order_by("-computed_at", "-pk").values_list("pk", flat=True)[:KEEP]
    same.filter(status=RegionalReport.Status.DONE).exclude(pk__in=list(keep)).delete()
    same.exclude(status=RegionalReport.Status.DONE).filter(requested_at__lt=stored.requested_at).delete()
    return stored


def latest(*, organization=None, prefecture: str = "") -> RegionalReport | None:
    """The newest computed report of the scope."""
    reports = RegionalReport.objects.filter(status=RegionalReport.Status.DONE, prefecture=prefecture)
    reports = reports.filter(organization=organization) if organization else reports.filter(organization__isnull=True)
    return reports.order_by("-computed_at", "-pk").first()


def pending(*, organization=None, prefecture: str = "") -> RegionalReport | None:
    """A computation asked for and not finished (one older than the jobs' STALL_AFTER is given up:
    its worker was stopped, so 「再集計」 may start another)."""
    reports = RegionalReport.objects.filter(
        status__in=(RegionalReport.Status.QUEUED, RegionalReport.Status.RUNNING),
        prefecture=prefecture,
        requested_at__gte=timezone.now() - STALL_AFTER,
    )
    reports = reports.filter(organization=organization) if organization else reports.filter(organization__isnull=True)
    return reports.order_by("-requested_at", "-pk").first()


# --- starting -------------------------------------------------------------------------------


def start_org_report(organization, user, language: str):
    """Start the organization's report as a tracked job; returns the TrackedJob."""
    with transaction.atomic():
        stored = RegionalReport.objects.create(organization=organization, requested_by=user)
        return start(
            "dxnavi.regional.services.org_job",
            organization=organization,
            user=user,
            kind="regional_report",
            arguments={"report": stored.pk, "language": language},
        )


def org_job(job, progress) -> dict:
    """Tracked job: compute the organization's report; the job page then links to it."""
    stored = RegionalReport.objects.filter(pk=job.arguments["report"], organization_id=job.organization_id).first()
    if stored is None:
        return {}
    try:
        run(stored, progress)
    except Exception:
        RegionalReport.objects.filter(pk=stored.pk).update(status=RegionalReport.Status.FAILED)
        raise
    progress(1, 1, "")
    return {"url": reverse("regional:org_report", args=[job.organization_id]), "label": _("Open the aggregate report")}


def start_prefecture_report(prefecture: str, user) -> RegionalReport:
    """Start a prefecture report (operators): a plain job; the report row carries its status."""
    with transaction.atomic():
        stored = RegionalReport.objects.create(prefecture=prefecture, requested_by=user)
        jobs.enqueue("dxnavi.regional.services.prefecture_job", stored.pk)
    return stored


def prefecture_job(report_id: int) -> None:
    stored = RegionalReport.objects.filter(pk=report_id, status=RegionalReport.Status.QUEUED).first()
    if stored is None:
        return
    try:
        run(stored)
    except Exception:
        RegionalReport.objects.filter(pk=stored.pk).update(status=RegionalReport.Status.FAILED)
        raise
