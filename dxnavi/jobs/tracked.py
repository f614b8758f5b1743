"""Jobs a person waits for: a ``TrackedJob`` row with status and progress, shown on the job page.

``start("dotted.path", company=…, user=…, kind=…, arguments={…})`` records the job (queued) and runs
it after the commit: on RQ in the worker, in-process on a background thread of the server (so the
request answers at once and the page polls the progress), or with ``JOBS_BACKEND = "sync"`` (tests)
in the caller's thread. The function is called as ``function(job, progress)``; it reports with
``progress(done, total, message)`` and returns a ``reports.RenderedDocument`` (offered for download),
a dict (kept in ``job.result``) or None. ``JobError("…")`` fails the job with that message; any other
exception fails it with a general message (the details go to the log).
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import _resolve, queue
from .models import Status, TrackedJob

log = logging.getLogger(__name__)


class JobError(Exception):
    """A failure to tell the user in these words."""


def start(
    path: str, *, company=None, organization=None, user, kind: str, arguments: dict | None = None
) -> TrackedJob:
    """Record and start a job of a company or (``organization=``) of an adviser organization.

    An organization's job shows its progress at ``jobs:org_detail``; when done, the page offers
    ``job.result["url"]`` (where the function put its outcome) with ``result["label"]``."""
    if (company is None) == (organization is None):
        raise ValueError("a tracked job belongs to a company or to an adviser organization")
    _resolve(path)  # fail now, in the caller, on a typo
    job = TrackedJob.objects.create(
        company=company, organization=organization, user=user, kind=kind, function=path, arguments=arguments or {}
    )
    backend = settings.JOBS_BACKEND
    if backend == "rq":
        transaction.on_commit(lambda: queue().enqueue(run_tracked, job.pk))
    elif backend == "sync":
        transaction.on_commit(lambda: run_tracked(job.pk))
    else:
        transaction.on_commit(lambda: threading.Thread(target=_in_thread, args=(job.pk,), daemon=True).start())
    return job


def _in_thread(job_id: int):
    try:
        close_old_connections()
        run_tracked(job_id)
    finally:
        connections.close_all()


def _save(job_id: int, **fields):
    TrackedJob.objects.filter(pk=job_id).update(**fields)


def run_tracked(job_id: int):
    """Entry point of the worker / thread: run the job's function and record how it went."""
    job = TrackedJob.objects.filter(pk=job_id, status=Status.QUEUED).select_related("company", "organization", "user").first()
    if job is None:  # the company was deleted meanwhile, or the job already ran
        return
    _save(job.pk, status=Status.RUNNING, started_at=timezone.now())

    def progress(done: int, total: int | None = None, message: str = ""):
        job.done, job.total = done, job.total if total is None else total
        _save(job.pk, done=job.done, total=job.total, message=str(message)[:200])

    from dxnavi.reports.models import RenderedDocument

    try:
        with _language(job):
            outcome = _resolve(job.function)(job, progress)
    except JobError as exc:
        _save(job.pk, status=Status.FAILED, error=str(exc)[:300], finished_at=timezone.now())
        return
    except Exception:
        log.exception("tracked job %s (%s) failed", job.pk, job.function)
        with _language(job):
            message = _("This could not be completed. Please try again; if it fails again, contact us.")
        _save(job.pk, status=Status.FAILED, error=message, finished_at=timezone.now())
        return
    fields = {"status": Status.DONE, "finished_at": timezone.now(), "done": max(job.done, job.total)}
    if isinstance(outcome, RenderedDocument):
        fields["document"] = outcome
    elif isinstance(outcome, dict):
        fields["result"] = outcome
    _save(job.pk, **fields)


def _language(job):
    from django.utils import translation

    return translation.override(job.arguments.get("language") or settings.LANGUAGE_CODE)
