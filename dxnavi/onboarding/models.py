"""An uploaded client list between its preview and its commit (the file itself is not kept)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking"  # the rows are being checked (a background job for a large file)
        CHECKED = "checked"  # the preview is ready; committable when error_count == 0
        COMMITTING = "committing"  # the commit job is queued or running
        COMMITTED = "committed"
        FAILED = "failed"  # a job failed: nothing was written, upload again

    organization = models.ForeignKey("orgs.AdviserOrganization", on_delete=models.CASCADE, related_name="import_batches")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=4)  # xlsx / csv
    encoding = models.CharField(max_length=12, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CHECKING)
    # [{"line", "cells": {column key: text}, "outcome", "errors": [{"column", "value", "reason"}]}]
    rows = models.JSONField(default=list)
    counts = models.JSONField(default=dict)
    error_count = models.PositiveIntegerField(default=0)
    # Where the invitation e-mails link to (a commit in a background job has no request).
    site_url = models.CharField(max_length=200)
    language = models.CharField(max_length=8, blank=True)
    # The tracked job checking or committing a large list (its page shows the progress). A plain id: a
    # foreign key would give the batch a path to a company's jobs (company data it is not).
    job_id = models.BigIntegerField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    committed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["organization", "-created"])]

    @property
    def committable(self) -> bool:
        return self.status == self.Status.CHECKED and self.error_count == 0 and bool(
            self.counts.get("invited") or self.counts.get("requested")
        )
