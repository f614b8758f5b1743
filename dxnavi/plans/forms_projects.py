"""Forms of the five-step projects, quotes and KPIs.

Every error names its field (「金額」: …) so it can be read out of context. Amounts are whole yen
only: commas, full-width digits and a trailing 円 are accepted; words such as 約 or 万 are not
(a guess would put a wrong number into the payback). Dates outside the calendar are refused by
Django's DateField and reported with the field's name.
"""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxnavi.subsidies.forms import DATE_INPUT_FORMATS, parse_yen

from .models import MAX_YEN, STEP_COUNT, TaskStatus

MAX_HOURS = Decimal(100000)
MAX_LAG_MONTHS = 24


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label, required=False):
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUT_FORMATS, widget=DateInput())


class YenField(forms.CharField):
    """A whole number of yen between 0 and 10^12 (1兆円)."""

    def __init__(self, *, allow_zero=True, **kwargs):
        self.allow_zero = allow_zero
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="numeric", autocomplete="off", maxlength="24")

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        amount = parse_yen(text) if len(text) <= 24 else None
        if amount is None and text.strip().startswith(("-", "−", "－", "▲")):
            raise forms.ValidationError(_("The amount cannot be negative."), code="negative")
        if amount is None:
            raise forms.ValidationError(
                _("Write the amount as a whole number of yen, e.g. 500000 or 500,000 (not 「約50万」)."), code="not_yen"
            )
        if amount > MAX_YEN:
            raise forms.ValidationError(_("The amount is over 1 trillion yen; check the number of digits."), code="too_large")
        if amount == 0 and not self.allow_zero:
            raise forms.ValidationError(_("The amount must be more than 0 yen."), code="zero")
        return amount

    def prepare_value(self, value):
        return "" if value is None else value


class NamedErrorsMixin:
    """Prefix each field error with the field's label: 「金額」：… ."""

    def full_clean(self):
        super().full_clean()
        for name, errors in list(self._errors.items()):
            if name == forms.forms.NON_FIELD_ERRORS or name not in self.fields:
                continue
            label = self.fields[name].label
            self._errors[name] = self.error_class(
                [_("「%(label)s」: %(message)s") % {"label": label, "message": message} for message in errors]
            )


class TaskForm(NamedErrorsMixin, forms.Form):
    owner = forms.CharField(label=_("Person in charge"), max_length=100, required=False)
    due = _date(_("Due date"))
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StepForm(forms.Form):
    step = forms.IntegerField(min_value=1, max_value=STEP_COUNT)


class GoalForm(NamedErrorsMixin, forms.Form):
    problem = forms.CharField(
        label=_("Problem to solve"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    purpose = forms.CharField(
        label=_("What success looks like (in numbers where possible)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExecutionForm(NamedErrorsMixin, forms.Form):
    plan_until = _date(_("By when"))
    plan_owner = forms.CharField(label=_("Who (person responsible)"), max_length=100, required=False)
    plan_budget = YenField(label=_("For how much (yen)"), required=False)
    plan_scope = forms.CharField(label=_("How far"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    planned_order_date = _date(_("Planned order date"))
    planned_completion_date = _date(_("Planned completion date"))

    def clean(self):
        data = super().clean()
        order, done = data.get("planned_order_date"), data.get("planned_completion_date")
        if order and done and done < order:
            self.add_error("planned_completion_date", _("The completion date is before the order date."))
        return data


def estimate_label(estimate) -> str:
    from dxnavi.subsidies.presenters import yen

    return _("%(title)s of %(date)s: cost %(cost)s, subsidy %(subsidy)s") % {
        "title": str(estimate),
        "date": f"{timezone.localtime(estimate.created_at):%Y-%m-%d}",
        "cost": yen(estimate.total_cost),
        "subsidy": yen(estimate.best_subsidy),
    }


class SubsidyForm(NamedErrorsMixin, forms.Form):
    estimate = forms.TypedChoiceField(label=_("Saved subsidy estimate"), coerce=int, required=False, empty_value=None)
    expected_decision_date = _date(_("Expected grant decision (交付決定) date"))

    def __init__(self, *args, estimates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estimate"].choices = [("", _("No subsidy"))] + [(e.pk, estimate_label(e)) for e in estimates]


class PaybackForm(NamedErrorsMixin, forms.Form):
    running_cost_monthly = YenField(label=_("Running cost per month (yen)"), required=False)
    hours_saved_monthly = forms.DecimalField(
        label=_("Hours saved per month"), min_value=0, max_value=MAX_HOURS, max_digits=7, decimal_places=1, required=False
    )
    hourly_labour_cost = YenField(label=_("Labour cost per hour (yen)"), required=False)
    cost_reduction_monthly = YenField(label=_("Cost reductions per month (yen)"), required=False)
    extra_profit_monthly = YenField(label=_("Extra gross profit per month (yen)"), required=False)
    reimbursement_lag_months = forms.IntegerField(
        label=_("Months from completion to the subsidy payment"), min_value=0, max_value=MAX_LAG_MONTHS, required=False
    )

    def clean(self):
        data = super().clean()
        for name in ("running_cost_monthly", "hourly_labour_cost", "cost_reduction_monthly", "extra_profit_monthly"):
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
        if data.get("hours_saved_monthly") is None and "hours_saved_monthly" not in self.errors:
            data["hours_saved_monthly"] = Decimal(0)
        return data


class QuoteForm(NamedErrorsMixin, forms.Form):
    vendor = forms.CharField(label=_("Vendor"), max_length=120)
    tool = forms.CharField(label=_("Tool"), max_length=120)
    amount = YenField(label=_("Quoted amount (yen, tax included)"))
    items = forms.CharField(
        label=_("What the quote covers"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    valid_until = _date(_("Valid until"))


MAX_KPI_VALUE = Decimal("999999999999.99")


def _kpi_number(label):
    return forms.DecimalField(label=label, max_digits=14, decimal_places=2, min_value=-MAX_KPI_VALUE, max_value=MAX_KPI_VALUE)


class KpiForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(label=_("KPI name"), max_length=120)
    unit = forms.CharField(label=_("Unit"), max_length=20)
    baseline = _kpi_number(_("Baseline"))
    baseline_date = _date(_("Baseline date"), required=True)
    target = _kpi_number(_("Target"))
    target_date = _date(_("Target date"), required=True)

    def clean(self):
        data = super().clean()
        start, end = data.get("baseline_date"), data.get("target_date")
        if start and end and end <= start:
            self.add_error("target_date", _("The target date must be after the baseline date."))
        return data


class ActualForm(NamedErrorsMixin, forms.Form):
    date = _date(_("Date"), required=True)
    value = _kpi_number(_("Actual"))
