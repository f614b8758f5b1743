"""Running checks in the background: the one a person starts (a tracked job with progress) and the monthly
re-checks (a daily job, ``actions.registry.register_daily``).

``check_due(today)`` picks the verified domains whose last check is ``SURFACE_RECHECK_DAYS`` old or more
(never checked first), at most ``SURFACE_BATCH_LIMIT`` per day, and checks them with a pool of
``SURFACE_WORKERS`` threads. The threads only do network I/O (``services.observe``: DNS, connect checks,
TLS, HTTP — each with its timeout); one ``RateLimiter`` caps new connections per second over all of them
(``SURFACE_CONNECTIONS_PER_SECOND``), and no new domain starts after ``SURFACE_JOB_SECONDS`` (under the job
queue's time limit; the rest stay due for the next day); the results are written by the calling thread, one transaction per
domain, so a failure in one leaves the others stored; each company's action list is regenerated once at the end. Every run asks for the ownership record again first.
"""

import datetime
import logging
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi.actions import registry as actions
from dxnavi.jobs.tracked import JobError

from . import probes, services
from .models import CheckRun, Domain

log = logging.getLogger(__name__)

JOB = "dxnavi.surface.scheduler.check_due"
KIND = "surface_check"
TRACKED = "dxnavi.surface.scheduler.check_job"


def due_domains(now: datetime.datetime, limit: int):
    cutoff = now - datetime.timedelta(days=settings.SURFACE_RECHECK_DAYS)
    return (
        Domain.objects.filter(status=Domain.Status.VERIFIED, company__deletion_pending=False)
        .filter(Q(last_checked__isnull=True) | Q(last_checked__lte=cutoff))
        .order_by("last_checked", "pk")
        .only("pk", "name", "token", "status")[:limit]
    )


@dataclass
class BatchReport:
    checked: int = 0
    unverified: int = 0
    failed: int = 0
    left: int = 0  # not started within the time budget: still due, taken by the next run
    seconds: float = 0.0
    per_domain_ms: list = field(default_factory=list)


def check_targets(targets, trigger: str, config: probes.ProbeConfig, workers: int, budget: float | None = None) -> BatchReport:
    """Check ``targets`` (``services.Target``) with at most ``workers`` at once; store each as it completes.

    No new domain is started once ``budget`` seconds have passed (the ones running finish): a job queue's
    time limit is never reached, and the rest stay due for the next run."""
    report = BatchReport()
    started = time.monotonic()
    queue = iter(targets)
    running: dict = {}

    def timed(target):
        begun = time.monotonic()
        observations = services.observe(target, config)
        return observations, (time.monotonic() - begun) * 1000

    # Each company's action list is regenerated once after the batch, not after each of its domains.
    with actions.changes_batched(), ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="surface") as pool:

        def fill():
            while len(running) < max(1, workers) and (budget is None or time.monotonic() - started < budget):
                target = next(queue, None)
                if target is None:
                    return
                running[pool.submit(timed, target)] = target

        fill()
        while running:
            finished, _pending = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                _record(report, running.pop(future), future, trigger)
            fill()
    report.left = sum(1 for _target in queue)
    report.seconds = time.monotonic() - started
    return report


def _record(report: BatchReport, target, future, trigger: str) -> None:
    try:
        observations, elapsed = future.result()
    except Exception:  # a bug in one probe must not stop the batch
        log.exception("surface check of domain %s failed", target.domain_id)
        report.failed += 1
        return
    report.per_domain_ms.append(elapsed)
    run = services.record_run(target.domain_id, observations, trigger)
    if run is None:
        return
    if run.status == CheckRun.Status.DONE:
        report.checked += 1
    elif run.status == CheckRun.Status.UNVERIFIED:
        report.unverified += 1
    else:
        report.failed += 1


def check_due(today: str | None = None) -> dict:
    """Daily job: the monthly re-checks that are due. Idempotent within the day (a checked domain is not due)."""
    now = timezone.now()
    targets = [services.target_of(d) for d in due_domains(now, settings.SURFACE_BATCH_LIMIT)]
    if not targets:
        return {"checked": 0, "unverified": 0, "failed": 0, "left": 0}
    limiter = probes.RateLimiter(settings.SURFACE_CONNECTIONS_PER_SECOND)
    config = probes.ProbeConfig.from_settings(limiter=limiter)
    report = check_targets(targets, CheckRun.Trigger.SCHEDULED, config, settings.SURFACE_WORKERS, settings.SURFACE_JOB_SECONDS)
    log.info("surface re-checks: %s checked, %s unverified, %s failed, %s left for the next run, in %.1f s",
             report.checked, report.unverified, report.failed, report.left, report.seconds)
    return {"checked": report.checked, "unverified": report.unverified, "failed": report.failed, "left": report.left}


def start(access, user, domain: Domain):
    """The company's 「今すぐチェック」: a tracked job (the job page shows its progress). Refused for a domain
    that is not verified (``services.NotVerified``) before anything is queued."""
    from django.utils.translation import get_language

    from dxnavi.jobs import tracked

    services.target_of(domain)
    return tracked.start(
        TRACKED, company=access.company, user=user, kind=KIND,
        arguments={"domain_id": domain.pk, "language": get_language()},
    )


def check_job(job, progress):
    domain = Domain.objects.filter(pk=job.arguments.get("domain_id"), company_id=job.company_id).first()
    if domain is None:
        raise JobError(_("This domain was removed."))
    progress(0, 2, _("Checking %(domain)s…") % {"domain": domain.display_name})
    try:
        target = services.target_of(domain)
    except services.NotVerified:
        raise JobError(_("Ownership of this domain is not confirmed, so it was not checked.")) from None
    limiter = probes.RateLimiter(settings.SURFACE_CONNECTIONS_PER_SECOND)
    observations = services.observe(target, probes.ProbeConfig.from_settings(limiter=limiter))
    progress(1, 2, _("Saving the result…"))
    run = services.record_run(domain.pk, observations, CheckRun.Trigger.MANUAL)
    if run is None:
        raise JobError(_("This domain was removed."))
    if run.status == CheckRun.Status.UNVERIFIED:
        raise JobError(_("The confirmation record was not found in DNS any more, so the domain was not checked."))
    progress(2, 2, "")
    return {"url": services.result_url(domain), "label": _("See the result")}
