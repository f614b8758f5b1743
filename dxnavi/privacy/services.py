"""Data export and company deletion: the rules. Views call these; jobs run ``build_export``
and ``send_notice``; ``purge_deleted_companies`` runs ``purge_due`` daily.

Deletion: the owner asks, typing the company name. From then on the company is *pending
deletion*: advisers lose access at once (``orgs.scoping`` filters pending companies out of
every adviser access and list), pending support requests are declined and unused invitations
expire. The company's own members keep their access (the owner can still export or cancel).
After ``DELETION_GRACE_DAYS`` the purge deletes the company and everything it owns in one
transaction, then its export files; users are kept (they may belong to other companies).
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi import jobs
from dxnavi.orgs.models import AuditEvent, Company, CompanyMembership, Invitation, Role, SupportLink
from dxnavi.orgs.scoping import scoped

from . import archive
from .models import DataExport, DeletionRecord, open_deletions

log = logging.getLogger(__name__)
RECENT_EXPORTS = 5


# --- Export --------------------------------------------------------------------------------


def exports_for(access):
    return scoped(DataExport.objects.all(), access)


def recent_exports(access) -> list[DataExport]:
    return list(exports_for(access)[:RECENT_EXPORTS])


@transaction.atomic
def request_export(access, user) -> DataExport:
    """Queue a new export, unless one is still being prepared (then that one is returned)."""
    pending = exports_for(access).filter(status=DataExport.Status.PENDING).first()
    if pending is not None:
        return pending
    export = DataExport.objects.create(company=access.company, requested_by=user)
    jobs.enqueue("dxnavi.privacy.services.build_export", export.pk)
    return export


def build_export(export_id: int) -> None:
    """Job: write the ZIP of an export and mark it ready (or failed)."""
    export = DataExport.objects.select_related("company").filter(pk=export_id, status=DataExport.Status.PENDING).first()
    if export is None:
        return  # deleted with its company, or already built
    try:
        file_name, size = archive.build(export.company, export.file_key, settings.EXPORT_VALID_DAYS)
    except Exception:
        log.exception("data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id).update(status=DataExport.Status.FAILED)
        return
    now = timezone.now()
    updated = DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING).update(
        status=DataExport.Status.READY, file_name=file_name, size=size, ready_at=now,
        expires_at=now + timedelta(days=settings.EXPORT_VALID_DAYS),
    )
    if not updated:  # the company was deleted meanwhile
        archive.remove(file_name)


def expire(export: DataExport) -> None:
    archive.remove(export.file_name)
    DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.EXPIRED, file_name="")
    export.status, export.file_name = DataExport.Status.EXPIRED, ""


def expire_exports(now=None) -> int:
    """Remove the files of exports past their expiry; the number of exports expired."""
    now = now or timezone.now()
    due = list(DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=now))
    for export in due:
        expire(export)
    return len(due)


def download_path(export: DataExport):
    """The file to send, or None when the export is not (or no longer) downloadable."""
    if export.status == DataExport.Status.READY and export.is_expired:
        expire(export)
    if not export.is_downloadable:
        return None
    path = archive.absolute(export.file_name)
    return path if path.is_file() else None


def download_name(export: DataExport) -> str:
    return f"dxnavi_company{export.company_id}_{timezone.localtime(export.ready_at):%Y%m%d}.zip"


# --- Deletion ------------------------------------------------------------------------------


def pending_deletion(company) -> DeletionRecord | None:
    """The company's open deletion, if any. ``company.deletion_pending`` is set exactly while one is open
    (``request_deletion`` / ``cancel_deletion``; privacy migration 0002 for older rows): without it, no query."""
    if not company.deletion_pending:
        return None
    return open_deletions().filter(company_ref=company.pk).first()


def grace_days() -> int:
    return settings.DELETION_GRACE_DAYS


def _owner_emails(company) -> list[str]:
    memberships = CompanyMembership.objects.filter(company=company, role=Role.OWNER).select_related("user")
    return sorted(m.user.email for m in memberships)


@transaction.atomic
def request_deletion(access, user, *, confirm_name: str, url: str = "") -> DeletionRecord:
    """Schedule the company's deletion (owner only; the caller checked ``access.is_owner``)."""
    company = Company.objects.select_for_update().get(pk=access.company.pk)
    if (confirm_name or "").strip() != company.name.strip():
        raise ValidationError(_("“Company name” does not match. Type the company name exactly as shown."))
    if pending_deletion(company) is not None:
        raise ValidationError(_("The deletion of this company has already been requested."))
    now = timezone.now()
    Company.objects.filter(pk=company.pk).update(deletion_pending=True)
    record = DeletionRecord.objects.create(
        company_ref=company.pk, requested_at=now, scheduled_for=now + timedelta(days=grace_days()), requested_by_role=access.role
    )
    # Requests nobody answered yet are closed: no adviser may gain access to a company about to go.
    pending = scoped(SupportLink.objects.filter(status=SupportLink.Status.PENDING), access)
    for link in pending.select_related("organization"):
        AuditEvent.objects.create(
            company=company, user=user, organization=link.organization, action=AuditEvent.Action.LINK,
            detail=SupportLink.Status.DECLINED,
        )
    pending.update(status=SupportLink.Status.DECLINED, decided=now, decided_by=user)
    scoped(Invitation.objects.filter(accepted__isnull=True, expires__gt=now), access).update(expires=now)
    _notify("requested", company, record, url)
    return record


@transaction.atomic
def cancel_deletion(access, *, url: str = "") -> DeletionRecord:
    record = open_deletions().select_for_update().filter(company_ref=access.company.pk).first()
    if record is None:
        raise ValidationError(_("No deletion of this company is pending."))
    Company.objects.filter(pk=access.company.pk).update(deletion_pending=False)
    record.cancelled_at = timezone.now()
    record.cancelled_by_role = access.role
    record.save(update_fields=["cancelled_at", "cancelled_by_role"])
    _notify("cancelled", access.company, record, url)
    return record


def _notify(kind: str, company, record: DeletionRecord, url: str = "", emails: list[str] | None = None) -> None:
    jobs.enqueue(
        "dxnavi.privacy.services.send_notice", kind, emails if emails is not None else _owner_emails(company),
        company.name, record.scheduled_for.isoformat(), url,
    )


def send_notice(kind: str, emails: list[str], company_name: str, scheduled_for: str, url: str = "") -> None:
    """Job: tell the owners that deletion was requested, cancelled or executed.

    Takes plain values: after the purge the company and its memberships no longer exist.
    """
    if not emails:
        return
    context = {"company_name": company_name, "scheduled_for": datetime.fromisoformat(scheduled_for), "url": url}
    send_mail(
        render_to_string(f"privacy/email/deletion_{kind}_subject.txt", context).strip(),
        render_to_string(f"privacy/email/deletion_{kind}_body.txt", context),
        None,
        emails,
    )


def due_deletions(now=None):
    return open_deletions().filter(scheduled_for__lte=now or timezone.now()).order_by("scheduled_for", "pk")


def purge_company(record_id: int, now=None) -> DeletionRecord | None:
    """Delete one company whose grace period has passed, in one transaction, then its files.

    Returns the executed record, or None when the record was cancelled meanwhile.
    """
    now = now or timezone.now()
    with transaction.atomic():
        record = open_deletions().select_for_update().filter(pk=record_id, scheduled_for__lte=now).first()
        if record is None:
            return None
        company = Company.objects.filter(pk=record.company_ref).first()
        counts, emails, name = {}, [], ""
        if company is not None:
            emails, name = _owner_emails(company), company.name
            _total, per_model = company.delete()  # cascades to everything the company owns
            counts = {label.lower(): n for label, n in sorted(per_model.items()) if n}
        record.executed_at = now
        record.deleted_counts = counts
        record.save(update_fields=["executed_at", "deleted_counts"])
        if company is not None:
            jobs.enqueue("dxnavi.privacy.services.send_notice", "executed", emails, name, record.scheduled_for.isoformat(), "")
    # Files only after the rows are gone for good: a rolled-back purge keeps everything.
    removed = archive.remove_company_files(record.company_ref)
    if removed:
        DeletionRecord.objects.filter(pk=record.pk).update(deleted_files=removed)
        record.deleted_files = removed
    return record


def purge_due(now=None) -> tuple[list[DeletionRecord], list[tuple[int, str]]]:
    """Purge every company whose grace period has passed: (executed records, failures)."""
    done, failed = [], []
    for record_id in list(due_deletions(now).values_list("pk", flat=True)):
        try:
            record = purge_company(record_id, now)
        except (ProtectedError, RestrictedError) as error:
            log.error("deletion record %s: company could not be deleted: %s", record_id, error)
            failed.append((record_id, str(error)))
            continue
        if record is not None:
            done.append(record)
    return done, failed
