"""The support record form. Every message names its field (「日付：…」)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import content
from .models import MAX_MINUTES

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]


def _date_field(label, required, invalid, **kwargs):
    return forms.DateField(
        label=label, required=required, input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": invalid, "required": kwargs.pop("required_message", invalid)}, **kwargs,
    )


class RecordForm(forms.Form):
    date = _date_field(
        _("Date"), True, _("Date: enter a date like 2026-12-01."), required_message=_("Date: enter the date of the support.")
    )
    kind = forms.ChoiceField(
        label=_("Type of support"),
        error_messages={
            "required": _("Type of support: choose one from the list."),
            "invalid_choice": _("Type of support: choose one from the list."),
        },
    )
    topic = forms.CharField(
        label=_("Topic"), max_length=200,
        error_messages={
            "required": _("Topic: enter what the consultation was about."),
            "max_length": _("Topic: please keep it to %(limit_value)d characters or fewer."),
        },
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Notes: please keep it to %(limit_value)d characters or fewer.")},
    )
    minutes = forms.IntegerField(
        label=_("Time spent (minutes)"), min_value=1, max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Time spent: enter the minutes spent, e.g. 60."),
            "invalid": _("Time spent: enter a whole number of minutes, e.g. 60."),
            "min_value": _("Time spent: enter at least %(limit_value)s minute."),
            "max_value": _("Time spent: enter at most %(limit_value)s minutes (one day)."),
        },
    )
    next_action = forms.CharField(
        label=_("Next step"), required=False, max_length=300,
        error_messages={"max_length": _("Next action: please keep it to %(limit_value)d characters or fewer.")},
    )
    next_due = _date_field(_("Next action due"), False, _("Next action due: enter a date like 2026-12-01."))
    responsible = forms.TypedChoiceField(
        label=_("Person responsible for the next action"), coerce=int,
        error_messages={
            "required": _("Person responsible: choose a member of your organization."),
            "invalid_choice": _("Person responsible: choose a member of your organization."),
        },
    )

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—")] + content.type_choices()
        self.fields["responsible"].choices = list(staff)

    def _check_year(self, name, message):
        value = self.cleaned_data.get(name)
        if value is not None and not 2000 <= value.year <= 2100:
            raise forms.ValidationError(message)
        return value

    def clean_date(self):
        return self._check_year("date", _("Date: enter a date between the years 2000 and 2100."))

    def clean_next_due(self):
        return self._check_year("next_due", _("Next action due: enter a date between the years 2000 and 2100."))

    def clean(self):
        data = super().clean()
        if data.get("next_due") and not (data.get("next_action") or "").strip():
            self.add_error("next_action", _("Next action: enter what is to be done by the due date."))
        for name in ("topic", "notes", "next_action"):
            if isinstance(data.get(name), str):
                data[name] = data[name].strip()
        return data


def period_error(code: str):
    """(field, message) for a ``periods.PeriodError`` code: the web's period form and the API say the same."""
    if code == "before_start":
        return "end", _("End date: enter a date on or after the first date.")
    return "start", _("From: enter a date between the years 2000 and 2100.")


class PeriodForm(forms.Form):
    """年度 or custom dates (GET). Empty: the current 年度."""

    fy = forms.IntegerField(
        label=_("Fiscal year"), required=False, min_value=2000, max_value=2100,
        error_messages={
            "invalid": _("Fiscal year: enter a year like 2026."),
            "min_value": _("Fiscal year: enter a year between 2000 and 2100."),
            "max_value": _("Fiscal year: enter a year between 2000 and 2100."),
        },
    )
    start = _date_field(_("From"), False, _("From: enter a date like 2026-04-01."))
    end = _date_field(_("End date"), False, _("End date: enter a date like 2027-03-31."))

    def clean(self):
        data = super().clean()
        if bool(data.get("start")) != bool(data.get("end")) and not self.errors:
            missing = "end" if data.get("start") else "start"
            self.add_error(
                missing, _("End date: enter both dates, or choose a fiscal year.") if missing == "end"
                else _("From: enter both dates, or choose a fiscal year."),
            )
        return data
