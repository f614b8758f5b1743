"""A company's data exports, and the trail of company deletions.

``DataExport`` belongs to the company (deleted with it). ``DeletionRecord`` deliberately has
no foreign key to the company: it outlives the deletion and holds no personal data — only the
former company id, the dates, the requester's role and how many rows were deleted per model.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxnavi.orgs.models import Company, Role


def _file_key():
    return secrets.token_urlsafe(24)


class DataExport(models.Model):
    """One ZIP of all the company's data, built by a job and downloadable until ``expires_at``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="data_exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    # Random part of the file name under MEDIA_ROOT/private/: not guessable, never served statically.
    file_key = models.CharField(max_length=64, unique=True, default=_file_key)
    file_name = models.CharField(max_length=300, blank=True)  # relative to MEDIA_ROOT; "" once removed
    size = models.PositiveBigIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"export {self.pk} of company {self.company_id}"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.EXPIRED or (
            self.status == self.Status.READY and self.expires_at is not None and timezone.now() >= self.expires_at
        )

    @property
    def is_downloadable(self) -> bool:
        return self.status == self.Status.READY and not self.is_expired and bool(self.file_name)

    @property
    def display_status(self) -> str:
        return self.Status.EXPIRED.label if self.is_expired else self.get_status_display()


class DeletionRecord(models.Model):
    """A company owner's request to delete the company, and what happened to it.

    Open (neither cancelled nor executed) means the company is pending deletion: advisers lose
    access at once (``orgs.scoping``) and ``purge_deleted_companies`` deletes it after
    ``scheduled_for``. No names, e-mail addresses, company name or 法人番号 are stored here.
    """

    company_ref = models.PositiveBigIntegerField(_("former company id"), db_index=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    scheduled_for = models.DateTimeField(_("deletion date"))
    requested_by_role = models.CharField(_("requested by (role)"), max_length=8, choices=Role.choices)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by_role = models.CharField(_("cancelled by (role)"), max_length=8, choices=Role.choices, blank=True)
    executed_at = models.DateTimeField(_("executed"), null=True, blank=True)
    deleted_counts = models.JSONField(_("deleted rows per model"), default=dict, blank=True)
    deleted_files = models.PositiveIntegerField(_("deleted files"), default=0)

    class Meta:
        verbose_name = _("deletion record")
        verbose_name_plural = _("deletion records")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company_ref"],
                condition=Q(cancelled_at__isnull=True, executed_at__isnull=True),
                name="uniq_open_deletion_per_company",
            )
        ]

    def __str__(self):
        return f"deletion of company {self.company_ref}"

    @property
    def is_open(self) -> bool:
        return self.cancelled_at is None and self.executed_at is None


def open_deletions():
    return DeletionRecord.objects.filter(cancelled_at__isnull=True, executed_at__isnull=True)

