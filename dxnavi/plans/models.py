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


# --- five-step projects, quotes, KPIs (issue #9 items 4-6) ----------------------------------
#
# ``Project``: one per plan row, walking the five steps of ``content/plans/steps.yaml``. It keeps
# its own ``company`` FK so ``scoping.scoped(Project.objects, access)`` works directly. Tasks are
# copied from the content when the project is made (title kept as shown then). Payback figures are
# never stored: ``domain.payback.compute`` derives them from the inputs below on every view.

MAX_YEN = 10**12  # "absurd" amounts are refused above this
STEP_COUNT = 5
DEFAULT_REIMBURSEMENT_LAG_MONTHS = 3


class Project(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="plan_projects")
    row = models.OneToOneField(PlanRow, on_delete=models.CASCADE, related_name="project")
    title = models.CharField(_("project"), max_length=200)
    current_step = models.PositiveSmallIntegerField(_("current step"), default=1)
    # step 1: 課題と目的
    problem = models.TextField(_("problem to solve"), blank=True, max_length=2000)
    purpose = models.TextField(_("what success looks like"), blank=True, max_length=2000)
    # step 3: 実行計画 (いつまで・誰が・いくらで・どこまで)
    plan_until = models.DateField(_("by when"), null=True, blank=True)
    plan_owner = models.CharField(_("who"), max_length=100, blank=True)
    plan_budget = models.BigIntegerField(_("for how much (yen)"), null=True, blank=True)
    plan_scope = models.TextField(_("how far"), blank=True, max_length=2000)
    planned_order_date = models.DateField(_("planned order date"), null=True, blank=True)
    planned_completion_date = models.DateField(_("planned completion date"), null=True, blank=True)
    # subsidy link
    estimate = models.ForeignKey(
        "subsidies.SavedEstimate", null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_projects"
    )
    subsidy_frame_id = models.CharField(max_length=40, blank=True)
    expected_decision_date = models.DateField(_("expected grant decision (交付決定) date"), null=True, blank=True)
    # payback inputs (integer yen; hours with one decimal)
    running_cost_monthly = models.BigIntegerField(_("running cost per month (yen)"), default=0)
    hours_saved_monthly = models.DecimalField(_("hours saved per month"), max_digits=7, decimal_places=1, default=0)
    hourly_labour_cost = models.BigIntegerField(_("labour cost per hour (yen)"), default=0)
    cost_reduction_monthly = models.BigIntegerField(_("cost reductions per month (yen)"), default=0)
    extra_profit_monthly = models.BigIntegerField(_("extra gross profit per month (yen)"), default=0)
    reimbursement_lag_months = models.PositiveSmallIntegerField(
        _("months from completion to the subsidy payment"), default=DEFAULT_REIMBURSEMENT_LAG_MONTHS
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(current_step__gte=1, current_step__lte=STEP_COUNT), name="plans_project_step_range"
            ),
        ]

    def __str__(self):
        return self.title


class TaskStatus(models.TextChoices):
    TODO = "todo", _("Not started")
    DOING = "doing", _("Under way")
    DONE = "done", _("Finished")


class ProjectTask(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    step = models.PositiveSmallIntegerField()
    task_id = models.CharField(max_length=40)
    title = models.JSONField(default=dict)
    position = models.PositiveSmallIntegerField(default=0)
    owner = models.CharField(_("owner"), max_length=100, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.TODO)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("project task")
        verbose_name_plural = _("project tasks")
        ordering = ["step", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "task_id"], name="uniq_plans_task")]

    def __str__(self):
        return f"{self.project_id}:{self.task_id}"


class Quote(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="quotes")
    vendor = models.CharField(_("vendor"), max_length=120)
    tool = models.CharField(_("tool"), max_length=120)
    amount = models.BigIntegerField(_("amount (yen)"))
    items = models.TextField(_("what the quote covers"), blank=True, max_length=2000)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    chosen = models.BooleanField(_("chosen"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["project"], condition=models.Q(chosen=True), name="uniq_plans_chosen_quote"),
            models.CheckConstraint(condition=models.Q(amount__gte=0, amount__lte=MAX_YEN), name="plans_quote_amount_range"),
        ]

    def __str__(self):
        return f"{self.vendor} {self.amount}"


class Kpi(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("KPI name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(target_date__gt=models.F("baseline_date")), name="plans_kpi_dates"),
        ]

    def __str__(self):
        return self.name


class KpiActual(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="actuals")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("actual"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("KPI actual")
        verbose_name_plural = _("KPI actuals")
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(fields=["kpi", "date"], name="uniq_plans_kpi_actual_date")]

    def __str__(self):
        return f"{self.kpi_id}@{self.date}={self.value}"
