"""IT戦略マップ (strategy map) and 導入プラン (adoption plan) of a company.

- ``StrategyMap``: one per company; its content lives in ``StrategyMapVersion`` rows. A save
  is always a new version (never edited), so every earlier map stays viewable.
- ``StrategyMapVersion.data`` is the whole map as JSON, validated by ``domain.maps.validate``
  before it is written::

      {"goals": [{"id": "<goal id>", "viewpoints": [{"id": "<viewpoint id>", "activities": [
          {"key": "<8 hex>", "text": "<取り組むこと>", "tool": "<tool category id>"}]}]}]}

  Goal, viewpoint and tool ids are content ids (``content/plans/*.yaml``); ``key`` is stable
  across versions so a plan row can be matched to the activity it came from.
- ``Plan``: one per company; half-year periods from ``start_year``/``start_half``
  (1 = 上期 April–September, 2 = 下期 October–March) for ``periods`` periods.
- ``PlanRow``: one line of the plan (priority, 経営課題, 業務上の視点, 取り組むこと, ITソリューション),
  ordered by ``position``. Goal/viewpoint labels are stored as shown when the row was made,
  so a content change never rewrites a plan the company already agreed on.
- ``PlanPhase``: the phase (調査／試行／導入) of a row in one period (0-based index < plan.periods).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxnavi.orgs.models import AdviserOrganization, Company

MAX_PERIODS = 12  # six years of half-years is already a long plan
MAX_ROWS = 60


class StrategyMap(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="strategy_maps")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("IT strategy map")
        verbose_name_plural = _("IT strategy maps")
        constraints = [models.UniqueConstraint(fields=["company"], name="uniq_plans_map_company")]

    def __str__(self):
        return f"map {self.company_id}"


class StrategyMapVersion(models.Model):
    strategy_map = models.ForeignKey(StrategyMap, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(default=dict)
    content_version = models.CharField(max_length=20)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey(
        AdviserOrganization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Set when an adviser saved this version on the company's behalf."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("IT strategy map version")
        verbose_name_plural = _("IT strategy map versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["strategy_map", "number"], name="uniq_plans_map_version")]

    def __str__(self):
        return f"map {self.strategy_map_id} v{self.number}"


class Plan(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="adoption_plans")
    map_version = models.ForeignKey(
        StrategyMapVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The map version the plan was last filled from."),
    )
    start_year = models.PositiveIntegerField(_("first year"))
    start_half = models.PositiveSmallIntegerField(_("first half-year"), choices=[(1, _("first half")), (2, _("second half"))])
    periods = models.PositiveSmallIntegerField(_("number of half-years"))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("adoption plan")
        verbose_name_plural = _("adoption plans")
        constraints = [
            models.UniqueConstraint(fields=["company"], name="uniq_plans_plan_company"),
            models.CheckConstraint(condition=models.Q(periods__gte=1, periods__lte=MAX_PERIODS), name="plans_plan_periods_range"),
            models.CheckConstraint(condition=models.Q(start_half__in=[1, 2]), name="plans_plan_start_half"),
        ]

    def __str__(self):
        return f"plan {self.company_id}"


class PlanRow(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(default=0)
    priority = models.PositiveSmallIntegerField(_("priority"), default=1)
    goal_id = models.CharField(max_length=40, blank=True)
    goal_text = models.CharField(_("management goal"), max_length=200)
    viewpoint_id = models.CharField(max_length=40, blank=True)
    viewpoint_text = models.CharField(_("business viewpoint"), max_length=200)
    activity = models.CharField(_("what to do"), max_length=200)
    tool_category = models.CharField(_("tool category"), max_length=40, blank=True)
    solution = models.CharField(_("IT solution"), max_length=120, blank=True)
    activity_key = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = _("plan row")
        verbose_name_plural = _("plan rows")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["plan", "position"])]

    def __str__(self):
        return f"{self.priority}. {self.activity}"


class Phase(models.TextChoices):
    RESEARCH = "research", _("Research")
    TRIAL = "trial", _("Trial")
    ADOPTION = "adoption", _("Adoption")


class PlanPhase(models.Model):
    row = models.ForeignKey(PlanRow, on_delete=models.CASCADE, related_name="phases")
    period = models.PositiveSmallIntegerField()
    phase = models.CharField(max_length=10, choices=Phase.choices)

    class Meta:
        verbose_name = _("plan phase")
        verbose_name_plural = _("plan phases")
        ordering = ["period"]
        constraints = [
            models.UniqueConstraint(fields=["row", "period"], name="uniq_plans_phase_period"),
            models.CheckConstraint(condition=models.Q(period__lt=MAX_PERIODS), name="plans_phase_period_range"),
        ]

    def __str__(self):
        return f"{self.row_id}@{self.period}={self.phase}"
