"""The company's action list (対策リスト) and the reminders sent about it.

An ``Action`` is derived from the instruments' open items (see ``registry``) and then owned by
the people who work on it: the fields a user edits are flagged (``*_edited``) so that
regeneration never overwrites them. 担当者 is free text on purpose: the person doing the work is
often not a user of the platform (a staff member, the IT vendor, the adviser by name).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dxnavi.orgs.models import AdviserOrganization, Company


class Action(models.Model):
    class Status(models.TextChoices):
        # Contexts: "Done" and "In progress" already mean other things in other apps' catalogs.
        TODO = "todo", pgettext_lazy("action status", "Not started")
        DOING = "doing", pgettext_lazy("action status", "In progress")
        DONE = "done", pgettext_lazy("action status", "Done")
        NOT_APPLICABLE = "na", pgettext_lazy("action status", "Not applicable")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="actions")
    key = models.CharField(max_length=120)  # the candidate's topic, or its own key
    origin = models.CharField(_("origin"), max_length=32)  # the source key of the first source proposing it
    origins = models.JSONField(default=list)  # [[source key, link], …] of every source proposing it
    title = models.JSONField(default=dict)  # {"ja", "en"}
    detail = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=300, blank=True)
    priority = models.PositiveSmallIntegerField(default=2)
    owner = models.CharField(_("person in charge"), max_length=100, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.TODO)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    # What a person changed: regeneration keeps these fields as they are.
    owner_edited = models.BooleanField(default=False)
    due_edited = models.BooleanField(default=False)
    status_edited = models.BooleanField(default=False)
    # False once no source proposes the item any more (its cause is gone).
    source_present = models.BooleanField(default=True)
    # Set to DONE by regeneration (cause gone), not by a person: reopened if the cause returns.
    auto_resolved = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_by_org = models.ForeignKey(AdviserOrganization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [models.UniqueConstraint(fields=["company", "key"], name="uniq_action_key")]
        indexes = [models.Index(fields=["company", "status", "due"]), models.Index(fields=["status", "due"])]

    def __str__(self):
        return f"{self.company_id} {self.key}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.TODO, self.Status.DOING)


class ReminderPreference(models.Model):
    """A member's choice about reminder e-mails for one company (absent row: both on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    recheck = models.BooleanField(_("remind me to re-check the security self-check"), default=True)
    due = models.BooleanField(_("remind me of actions that are due"), default=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "company"], name="uniq_reminder_preference")]


class SentReminder(models.Model):
    """One reminder e-mail sent to one person for one due event; the unique key makes reruns send nothing."""

    class Kind(models.TextChoices):
        RECHECK = "recheck", _("Re-check the self-check")
        DUE = "due", _("Actions due")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    event = models.CharField(max_length=120)  # e.g. "assessment:42" or "action:7:2026-12-01"
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "user", "kind", "event"], name="uniq_sent_reminder")]
