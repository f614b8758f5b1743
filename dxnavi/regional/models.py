"""A computed aggregate report, stored already protected (never a raw count under the threshold)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class RegionalReport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    # Whose report: an adviser organization's (over its accepted clients) or a prefecture's
    # (operators, over every company of the prefecture on this instance).
    organization = models.ForeignKey(
        "orgs.AdviserOrganization", null=True, blank=True, on_delete=models.CASCADE, related_name="regional_reports"
    )
    prefecture = models.CharField(max_length=2, blank=True)
    parameters = models.JSONField(default=dict, blank=True)  # fiscal years and cut-offs it compares
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    data = models.JSONField(default=dict, blank=True)  # domain.report sections, suppressed already
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)  # how long the computation took

    class Meta:
        indexes = [
            models.Index(fields=["organization", "-requested_at"], name="regional_org_idx"),
            models.Index(fields=["prefecture", "-requested_at"], name="regional_pref_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False, prefecture="")
                | models.Q(organization__isnull=True) & ~models.Q(prefecture=""),
                name="regionalreport_one_scope",
            )
        ]

    def __str__(self):
        return f"regional report #{self.pk} ({self.status})"
