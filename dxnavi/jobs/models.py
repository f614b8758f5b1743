"""A job someone waits for: status and progress shown on its page (``dxnavi.jobs.tracked``)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Working")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Could not be completed")


# A job not finished this long after it was asked for is shown as failed (its server thread or worker
# was stopped, e.g. by a restart): the page stops polling and offers to make it again.
STALL_AFTER = datetime.timedelta(minutes=15)


class TrackedJob(models.Model):
    # Whose job it is: a company's (its job page is under the company, members and linked advisers),
    # or an adviser organization's (e.g. a bulk import or a regional report: its members only).
    company = models.ForeignKey("orgs.Company", null=True, blank=True, on_delete=models.CASCADE, related_name="tracked_jobs")
    organization = models.ForeignKey(
        "orgs.AdviserOrganization", null=True, blank=True, on_delete=models.CASCADE, related_name="tracked_jobs"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=40)  # what the job page calls it (see tracked.KINDS)
    function = models.CharField(max_length=200)  # dotted path, called as function(job, progress)
    arguments = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)  # the step being worked on, shown to the user
    error = models.CharField(max_length=300, blank=True)  # shown to the user when failed
    result = models.JSONField(default=dict, blank=True)
    document = models.ForeignKey(
        "reports.RenderedDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["company", "-created_at"]),
            models.Index(fields=["organization", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(company__isnull=False, organization__isnull=True)
                | models.Q(company__isnull=True, organization__isnull=False),
                name="trackedjob_one_owner",
            )
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (Status.DONE, Status.FAILED)

    @property
    def stalled(self) -> bool:
        return not self.finished and timezone.now() - self.created_at > STALL_AFTER

    @property
    def percent(self) -> int:
        if self.status == Status.DONE:
            return 100
        return self.done * 100 // self.total if self.total else 0
