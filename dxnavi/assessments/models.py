"""Questionnaire packs (versioned content) and a company's assessments against them.

Derived values (scores, band, peer-group keys, ``is_latest``) are written only by
``services`` (``recompute`` and ``complete``); the admin shows them read-only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxnavi.orgs.models import AdviserOrganization, Company

from . import pack_cache
from .domain.packs import PackSpec


class PackManager(models.Manager):
    """Packs without their definition: the parsed spec comes from ``pack_cache`` (once per process)."""

    def get_queryset(self):
        return super().get_queryset().defer("definition")


class QuestionnairePack(models.Model):
    """One version of a questionnaire pack, exactly as loaded from content/questionnaires/.

    Rows are never changed: a changed pack must come with a new version, stored beside the old,
    so every assessment keeps the wording and scoring it was answered with.
    """

    pack_id = models.CharField(_("pack"), max_length=64, db_index=True)
    version = models.CharField(_("version"), max_length=32)
    definition = models.JSONField(_("definition"))
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    source_file = models.CharField(_("file"), max_length=300, blank=True)
    loaded = models.DateTimeField(_("loaded"), default=timezone.now)

    objects = PackManager()
    all_fields = models.Manager()

    class Meta:
        base_manager_name = "objects"  # `assessment.pack` without select_related: no definition either
        verbose_name = _("questionnaire pack")
        verbose_name_plural = _("questionnaire packs")
        constraints = [models.UniqueConstraint(fields=["pack_id", "version"], name="uniq_pack_version")]

    def __str__(self):
        return f"{self.pack_id} {self.version}"

    @property
    def spec(self) -> PackSpec:
        return pack_cache.spec_for(self.pk, lambda: self.definition)


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        COMPLETED = "completed", _("Completed")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="assessments")
    pack = models.ForeignKey(QuestionnairePack, on_delete=models.PROTECT, related_name="assessments")
    # The pack's stable id (any version): peers and history compare across versions of one pack.
    pack_family = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    started = models.DateTimeField(_("started"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Who filled it in last; on_behalf_org is set when an adviser did so for the company.
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    on_behalf_org = models.ForeignKey(AdviserOrganization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    # Derived by services.recompute() only.
    total_score = models.IntegerField(_("total score"), null=True, blank=True, editable=False)
    band_id = models.CharField(_("band"), max_length=32, blank=True, editable=False)
    part_scores = models.JSONField(_("part scores"), default=dict, blank=True, editable=False)
    score_details = models.JSONField(default=dict, blank=True, editable=False)

    # Peer-group keys copied from the company at completion, plus the company's latest flag:
    # the latest results make up the peer histograms (PeerHistogram, peer_histograms.py).
    industry_major = models.CharField(max_length=1, blank=True, editable=False)
    size_band = models.CharField(max_length=16, blank=True, editable=False)
    prefecture = models.CharField(max_length=2, blank=True, editable=False)
    is_latest = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            # One draft per company and pack: starting again resumes it.
            models.UniqueConstraint(fields=["company", "pack_family"], condition=Q(status="draft"), name="uniq_assessment_draft"),
            models.UniqueConstraint(
                fields=["company", "pack_family"], condition=Q(is_latest=True), name="uniq_assessment_latest"
            ),
        ]
        indexes = [
            models.Index(
                fields=["pack_family", "is_latest", "industry_major", "size_band", "prefecture", "total_score"],
                name="assessment_peer_idx",
            ),
            models.Index(fields=["company", "pack_family", "status", "completed_at"], name="assessment_history_idx"),
        ]

    def __str__(self):
        return f"{self.company} – {self.pack} ({self.get_status_display()})"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def spec(self) -> PackSpec:
        """The parsed pack this was answered with, from the per-process cache (no join, no definition)."""
        return pack_cache.spec_for(self.pack_id)

    @property
    def band(self) -> dict | None:
        return self.spec.band(self.band_id) if self.band_id else None


class Answer(models.Model):
    """The answer to one question; saved on every change (autosave).

    A choice question stores the chosen option in ``option_id``; a structured question
    (``level_target``: current and target level, evidence, next action) stores its dict in
    ``value`` and leaves ``option_id`` empty. Read both through ``services.answers_of``.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=32)
    option_id = models.CharField(max_length=32, blank=True)
    value = models.JSONField(null=True, blank=True)
    # False while a structured answer is half given (a level chosen, the target not yet):
    # kept so autosave loses nothing, but not counted as answered.
    is_complete = models.BooleanField(default=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    on_behalf_org = models.ForeignKey(AdviserOrganization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["assessment", "question_id"], name="uniq_answer_question")]

    def __str__(self):
        return f"{self.question_id}: {self.option_id or self.value}"


class PeerHistogram(models.Model):
    """How many companies' latest results of a pack family have each total score, per peer group.

    One row per (pack family, peer level, group keys, total score); the keys a level does not
    use are blank. A level's peer counts are then sums over at most the score range of one
    group's rows, whatever the size of the group (``services.peer_comparison``).
    Derived data: written only by ``peer_histograms`` (the completion's delta in the same
    transaction, a deleted latest result, and ``rebuild``); no foreign key, no company data.
    """

    pack_family = models.CharField(max_length=64)
    level = models.CharField(max_length=32)  # one of domain.peers.LEVELS' names
    industry_major = models.CharField(max_length=1, blank=True)
    size_band = models.CharField(max_length=16, blank=True)
    prefecture = models.CharField(max_length=2, blank=True)
    total_score = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("peer score histogram")
        verbose_name_plural = _("peer score histograms")
        constraints = [
            models.UniqueConstraint(
                fields=["pack_family", "level", "industry_major", "size_band", "prefecture", "total_score"],
                name="uniq_peer_histogram_bucket",
            ),
        ]

    def __str__(self):
        group = f"{self.industry_major}/{self.size_band}/{self.prefecture}"
        return f"{self.pack_family} {self.level} {group} {self.total_score}: {self.count}"
