"""Upload → check (preview) → commit of a client list; large lists as tracked background jobs.

The commit is all or nothing: in one transaction the batch is locked, every row is checked again
against the database as it is now (the registration's rules; the form's checks of the cells, made
for the preview, stand), and only when no row has an error are the clients registered
through ``orgs.services.register_clients`` (the registration's rules, batched); the invitation
e-mails go out after the commit, one per new company. A committed batch commits nothing again,
and a row already registered by the organization is "unchanged": importing a file twice adds nothing.
"""

import hashlib

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi.jobs import tracked
from dxnavi.orgs import services as org_services

from . import checking, reading
from .models import ImportBatch

# Lists longer than this are checked and committed by a background job with a progress bar.
JOB_ROWS = 300


class Site:
    """``build_absolute_uri`` for the invitation links, from the site the file was uploaded on."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def build_absolute_uri(self, path: str) -> str:
        return self.base + path


def preview_url(batch) -> str:
    return reverse("onboarding:preview", args=[batch.organization_id, batch.pk])


def upload(*, organization, user, filename: str, content: bytes, site_url: str, language: str) -> ImportBatch:
    """Read the file (``reading.FileRefused`` when it cannot be) and store its rows; check them now, or
    in a job for a large file (``batch.job`` set)."""
    parsed = reading.read(content, filename)
    batch = ImportBatch(
        organization=organization, user=user, filename=filename[:200], sha256=hashlib.sha256(content).hexdigest(),
        kind=parsed.kind, encoding=parsed.encoding, site_url=site_url, language=language,
    )
    if len(parsed.rows) <= JOB_ROWS:
        rows = checking.check(organization, parsed.rows)
        batch.rows, batch.counts, batch.status = rows, checking.counts(rows), ImportBatch.Status.CHECKED
        batch.error_count = batch.counts["error"]
        batch.save()
    else:
        batch.rows = [[line, cells] for line, cells in parsed.rows]
        batch.save()
        batch.job_id = tracked.start(
            "dxnavi.onboarding.services.check_job", organization=organization, user=user, kind="client_import_check",
            arguments={"batch": batch.pk, "language": language},
        ).pk
        batch.save(update_fields=["job_id"])
    return batch


def check_batch(batch: ImportBatch, progress=None) -> ImportBatch:
    rows = checking.check(batch.organization, [(line, cells) for line, cells in batch.rows], progress=progress)
    _store(batch, rows, ImportBatch.Status.CHECKED)
    return batch


def _store(batch, rows, status, **fields):
    batch.rows = rows
    batch.counts = checking.counts(rows)
    batch.error_count = batch.counts["error"]
    batch.status = status
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.save(update_fields=["rows", "counts", "error_count", "status", *fields])


def check_job(job, progress):
    batch = ImportBatch.objects.select_related("organization").get(pk=job.arguments["batch"])
    progress(0, len(batch.rows), _("Checking the rows"))
    check_batch(batch, progress=progress)
    return {"url": preview_url(batch), "label": _("See the check result")}


def request_commit(batch: ImportBatch, *, user) -> ImportBatch:
    """Commit now (a small list) or start the commit job; refused (``CommitRefused``) unless committable."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().select_related("organization").get(pk=batch.pk)
        if not batch.committable:
            raise CommitRefused(refusal(batch))
        if len(batch.rows) > JOB_ROWS:
            batch.status = ImportBatch.Status.COMMITTING
            batch.job_id = tracked.start(
                "dxnavi.onboarding.services.commit_job", organization=batch.organization, user=user,
                kind="client_import_commit", arguments={"batch": batch.pk, "language": batch.language},
            ).pk
            batch.save(update_fields=["status", "job_id"])
            return batch
    return commit(batch.pk, user=user)


class CommitRefused(Exception):
    pass


def refusal(batch) -> str:
    if batch.status in (ImportBatch.Status.COMMITTED, ImportBatch.Status.COMMITTING):
        return _("This list has already been imported. Nothing was changed.")
    if batch.error_count:
        return _("Fix the rows with errors and upload the file again. Nothing was imported.")
    if batch.status != ImportBatch.Status.CHECKED:
        return _("This list is still being checked.")
    return _("Every row is unchanged: there is nothing to import.")


@transaction.atomic
def commit(batch_id: int, *, user, progress=None) -> ImportBatch:
    """Check every row against the database again and register the clients, all in one transaction; any
    error writes nothing (the rows are stored again with their errors for the preview)."""
    batch = ImportBatch.objects.select_for_update().select_related("organization").get(pk=batch_id)
    if batch.status not in (ImportBatch.Status.CHECKED, ImportBatch.Status.COMMITTING) or batch.error_count:
        raise CommitRefused(refusal(batch))
    total = len(batch.rows)
    if progress:
        progress(0, total * 2, _("Checking the rows again"))
    before = [(row["outcome"], len(row["errors"])) for row in batch.rows]
    rows, clients = checking.recheck(batch.organization, batch.rows)
    unchanged = before == [(row["outcome"], len(row["errors"])) for row in rows]
    if checking.counts(rows)["error"]:
        _store(batch, rows, ImportBatch.Status.CHECKED)
        return batch
    if progress:
        progress(total, total * 2, _("Registering the clients"))
    try:
        org_services.register_clients(organization=batch.organization, clients=clients, user=user, site=Site(batch.site_url))
    except org_services.ClientRegistrationRefused:  # the rows were checked in this transaction: cannot happen
        raise CommitRefused(_("The list changed while it was imported. Upload it again.")) from None
    if unchanged:  # as previewed: the (large) rows need not be written again
        batch.status, batch.committed = ImportBatch.Status.COMMITTED, timezone.now()
        batch.save(update_fields=["status", "committed"])
    else:
        _store(batch, rows, ImportBatch.Status.COMMITTED, committed=timezone.now())
    return batch


def commit_job(job, progress):
    batch_id = job.arguments["batch"]
    try:
        batch = commit(batch_id, user=job.user, progress=progress)
    except CommitRefused as refused:
        raise tracked.JobError(str(refused)) from None
    except Exception:
        # Nothing was written (one transaction); the preview offers the commit again.
        ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.COMMITTING).update(status=ImportBatch.Status.CHECKED)
        raise
    if batch.status != ImportBatch.Status.COMMITTED:
        # Rows became invalid since the preview (say, the same 法人番号 registered meanwhile): nothing written.
        return {"url": preview_url(batch), "label": _("See the rows to fix")}
    return {"url": preview_url(batch), "label": _("See the imported clients")}


def already_imported(batch: ImportBatch):
    """An earlier committed batch of the same file in this organization (for a notice), or None."""
    return (
        ImportBatch.objects.filter(organization_id=batch.organization_id, sha256=batch.sha256, status=ImportBatch.Status.COMMITTED)
        .exclude(pk=batch.pk)
        .only("pk", "committed")  # not its rows
        .order_by("-committed")
        .first()
    )
