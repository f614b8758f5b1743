"""The company's internet-facing domains and the checks run on them (attack-surface check, issue #15).

A ``Domain`` is checked only while ``status`` is VERIFIED: ownership is proven by the DNS TXT record
``_dxnavi-verify.<name>`` carrying ``dxnavi-verify=<token>``, and every run asks for it again first
(``probes.observe``); a record that disappeared turns the domain LOST and stops the checks. Each run is a
``CheckRun`` (history); the newest done run is the result shown.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxnavi.orgs.models import Company


class Domain(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Not verified yet")
        VERIFIED = "verified", _("Verified")
        LOST = "lost", _("Verification record removed")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="surface_domains")
    name = models.CharField(_("domain"), max_length=253)  # IDNA (ASCII), lower case, no final dot
    display_name = models.CharField(max_length=253)  # as the company reads it (Unicode)
    token = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    verified_at = models.DateTimeField(null=True, blank=True)
    verify_tried_at = models.DateTimeField(null=True, blank=True)
    last_checked = models.DateTimeField(null=True, blank=True)  # last run that reached the domain (the monthly schedule)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("checked domain")
        verbose_name_plural = _("checked domains")
        constraints = [models.UniqueConstraint(fields=["company", "name"], name="uniq_surface_domain")]
        indexes = [models.Index(fields=["status", "last_checked"])]

    def __str__(self):
        return self.display_name or self.name


class CheckRun(models.Model):
    class Status(models.TextChoices):
        DONE = "done", _("Check done")
        UNVERIFIED = "unverified", _("Not checked: ownership not confirmed")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Started by the company")
        SCHEDULED = "scheduled", _("Monthly re-check")

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="runs")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    started = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(default=0)
    findings = models.JSONField(default=list)  # [{"id", "severity", "params"}], most severe first
    observations = models.JSONField(default=dict)  # what was seen (records, open ports, headers…), no page texts
    high = models.PositiveSmallIntegerField(default=0)
    medium = models.PositiveSmallIntegerField(default=0)
    low = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("attack-surface check")
        verbose_name_plural = _("attack-surface checks")
        indexes = [models.Index(fields=["domain", "-started"]), models.Index(fields=["company", "-started"])]

    def __str__(self):
        return f"{self.domain_id} {self.started:%Y-%m-%d}"
