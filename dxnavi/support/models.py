"""支援記録: what an adviser organization did for a client company, and the reminders about it.

A ``SupportRecord`` is written by the linked adviser organization's editors and owners (never by the
company's own members) and read by the company: everything recorded is visible to the company, there
are no internal-only notes (the form says so). The kind is a stable id from
``content/support/types.yaml``. ``responsible`` is the 担当者 of the next action, a member of the
organization (default: the author); the daily job e-mails them when it is due (``reminders``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxnavi.orgs.models import AdviserOrganization, Company

MAX_MINUTES = 24 * 60


class SupportRecord(models.Model):
    organization = models.ForeignKey(AdviserOrganization, on_delete=models.CASCADE, related_name="support_records")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="support_records")
    date = models.DateField(_("date"))
    kind = models.CharField(_("type of support"), max_length=16)
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    next_action = models.CharField(_("next action"), max_length=300, blank=True)
    next_due = models.DateField(_("next action due"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("time spent (minutes)"), validators=[MaxValueValidator(MAX_MINUTES)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("person responsible for the next action"),
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("support record")
        verbose_name_plural = _("support records")
        indexes = [
            models.Index(fields=["organization", "date"]),
            models.Index(fields=["company", "date"]),
            models.Index(fields=["next_due"]),
        ]

    def __str__(self):
        return f"{self.date} {self.topic}"


class SupportReminderOptOut(models.Model):
    """An adviser staff member who turned off next-action reminders for one organization (no row: on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(AdviserOrganization, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="uniq_support_reminder_optout")]


class SentSupportReminder(models.Model):
    """One next-action reminder sent to one person for one due date; the unique key makes reruns send nothing."""

    record = models.ForeignKey(SupportRecord, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "user", "due"], name="uniq_sent_support_reminder")]


class RecheckInterval(models.Model):
    """How many months after its last self-check the company wants the re-check reminder (no row: the default).

    Chosen by the company's owners and editors on ``support:recheck_interval``; read by the re-check reminder
    through ``actions.registry.recheck_intervals`` (this app registers the provider).
    """

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="+")
    months = models.PositiveSmallIntegerField(_("re-check interval (months)"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated = models.DateTimeField(auto_now=True)
