"""Subsidy catalogs (loaded from content/subsidies/*.yaml) and a company's saved estimates.

Precedence between the YAML and the admin: the YAML is the source. An operator may correct
a frame in the Django admin; that marks the row ``locally_modified`` (who, when), and a
reload keeps the local edit and reports it, until ``manage.py load_subsidies --force``
overwrites it with the YAML again (or the admin action "Use the YAML again" is applied).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxnavi.orgs.models import AdviserOrganization, Company


def as_of_date(value: str) -> datetime.date:
    """ "2024-10" → 2024-10-01; "2024-10-15" → that day (age is counted from the start of a month)."""
    parts = [int(p) for p in str(value).split("-")]
    return datetime.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


class SubsidyCatalog(models.Model):
    fiscal_year = models.PositiveSmallIntegerField(_("program year"))
    version = models.CharField(_("version"), max_length=20)
    as_of = models.CharField(_("information as of"), max_length=10)
    as_of_date = models.DateField(editable=False)
    title = models.JSONField(default=dict)
    source = models.TextField(blank=True)
    note = models.JSONField(default=dict, blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("subsidy catalog")
        verbose_name_plural = _("subsidy catalogs")
        ordering = ["-fiscal_year", "-loaded_at"]
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "version"], name="uniq_subsidy_catalog_version")]

    def __str__(self):
        return f"FY{self.fiscal_year} v{self.version}"

    def save(self, *args, **kwargs):
        self.as_of_date = as_of_date(self.as_of)
        super().save(*args, **kwargs)


class Program(models.Model):
    catalog = models.ForeignKey(SubsidyCatalog, on_delete=models.CASCADE, related_name="programs")
    program_id = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    name = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    official_url = models.URLField(max_length=300)
    rounding = models.CharField(max_length=10, default="yen")
    windows = models.JSONField(default=list, blank=True)
    source = models.TextField()
    as_of = models.CharField(max_length=10)

    class Meta:
        verbose_name = _("subsidy program")
        verbose_name_plural = _("subsidy programs")
        ordering = ["catalog", "position"]
        constraints = [models.UniqueConstraint(fields=["catalog", "program_id"], name="uniq_subsidy_program")]

    def __str__(self):
        return f"{self.catalog} {self.name.get('ja', self.program_id)}"


class Frame(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="frames")
    frame_id = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    name = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    official_url = models.URLField(max_length=300)
    source = models.TextField()
    as_of = models.CharField(max_length=10)
    verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Checked against the official document named in the source.")
    )
    estimable = models.BooleanField(default=True, help_text=_("Off for frames that cannot be estimated for one company."))
    note = models.JSONField(default=dict, blank=True)
    rules = models.JSONField(default=dict)
    content_hash = models.CharField(max_length=64, editable=False, blank=True)
    locally_modified = models.BooleanField(
        _("edited here"), default=False, help_text=_("Edited in the admin: a reload keeps this row until forced.")
    )
    modified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    modified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subsidy frame")
        verbose_name_plural = _("subsidy frames")
        ordering = ["program__position", "position"]
        constraints = [models.UniqueConstraint(fields=["program", "frame_id"], name="uniq_subsidy_frame")]

    def __str__(self):
        return f"{self.program.name.get('ja', '')} {self.name.get('ja', self.frame_id)}"


class SavedEstimate(models.Model):
    """One estimate a company (or its adviser) saved: the inputs and the full result.

    ``results`` is the snapshot of every frame's computation as shown, so the page and the
    PDF keep their numbers when the catalog is edited or reloaded later.
    """

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="subsidy_estimates")
    catalog = models.ForeignKey(SubsidyCatalog, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=120, blank=True)
    items = models.JSONField(default=list)
    statuses = models.JSONField(default=dict)
    company_facts = models.JSONField(default=dict)
    results = models.JSONField(default=list)
    planned_order_date = models.DateField(_("planned order date"), null=True, blank=True)
    total_cost = models.BigIntegerField(default=0)
    best_subsidy = models.BigIntegerField(default=0)
    best_frame = models.CharField(max_length=40, blank=True)
    provisional = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    on_behalf_org = models.ForeignKey(
        AdviserOrganization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Set when an adviser made the estimate on the company's behalf."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("subsidy estimate")
        verbose_name_plural = _("subsidy estimates")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["company", "-created_at"])]

    def __str__(self):
        return self.title or f"#{self.pk}"


class JGrantsCandidate(models.Model):
    """A program read from the Digital Agency's jGrants public API, waiting for an operator.

    ``manage.py import_jgrants`` creates or updates one row per jGrants subsidy id: new ones and
    ones whose fields changed since the last review go (back) to ``pending``. An operator accepts
    (the parsed fields are copied to ``accepted`` and the finder lists it as a round of
    ``program_id``) or rejects it in the admin. These rows are not touched by ``load_content``,
    so accepted rounds survive reloading the YAML catalog.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    class Kind(models.TextChoices):
        NEW = "new", _("new program")
        CHANGED = "changed", _("changed program")

    jgrants_id = models.CharField(_("jGrants id"), max_length=18, unique=True)
    name = models.CharField(_("jGrants number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=300)
    raw = models.JSONField(default=dict, help_text=_("The detail response as received."))
    parsed = models.JSONField(default=dict)
    diff = models.JSONField(default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    program_id = models.CharField(
        _("catalog program"), max_length=40, blank=True, help_text=_("The catalog program this is a round of (e.g. it).")
    )
    accepted = models.JSONField(default=dict, blank=True, help_text=_("The fields as accepted; shown in the finder."))
    fetched_at = models.DateTimeField(_("fetched at"), default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("jGrants candidate")
        verbose_name_plural = _("jGrants review queue")
        ordering = ["status", "-fetched_at", "pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.title
