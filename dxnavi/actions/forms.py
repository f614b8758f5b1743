"""The inline edit of one action: 担当者, 期限, status, note. Messages name the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]


class ActionForm(forms.Form):
    owner = forms.CharField(
        label=_("Person in charge"), max_length=100, required=False,
        error_messages={"max_length": _("Person in charge: please keep it to %(limit_value)d characters or fewer.")},
    )
    due = forms.DateField(
        label=_("Due date"), required=False, input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Due date: enter a date like 2026-12-01.")},
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Action.Status.choices,
        error_messages={
            "required": _("Status: choose one from the list."),
            "invalid_choice": _("Status: choose one from the list."),
        },
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Note: please keep it to %(limit_value)d characters or fewer.")},
    )

    def clean_due(self):
        value = self.cleaned_data.get("due")
        if value is not None and not 2000 <= value.year <= 2100:
            raise forms.ValidationError(_("Due date: enter a date between the years 2000 and 2100."))
        return value


class PreferenceForm(forms.Form):
    recheck = forms.BooleanField(
        label=_("Remind me to take the security self-check again when the company's re-check interval has passed"),
        required=False,
    )
    due = forms.BooleanField(label=_("Remind me of actions that are due"), required=False)
