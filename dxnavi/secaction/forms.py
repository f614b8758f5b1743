import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# ISO first: that is what <input type="date"> sends; the others are what people type by hand.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
# A policy is adopted now or planned for soon; 0001-01-01 or 9999-12-31 is a typing error.
EARLIEST_POLICY_DATE = datetime.date(2000, 1, 1)


def latest_policy_date(today: datetime.date) -> datetime.date:
    """One year from ``today`` (29 February → 28 February)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


class PolicyForm(forms.Form):
    """The three values filled into the basic-policy template, plus its language.

    Every error message names its field, so it can be understood out of context
    (e.g. read aloud by a screen reader or shown in a message list).
    """

    company_name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        error_messages={
            "required": _("Enter the company name."),
            "max_length": _("The company name can be at most %(limit_value)d characters."),
        },
    )
    representative = forms.CharField(
        label=_("Representative"),
        max_length=100,
        help_text=_("Title and name as they should appear in the policy, e.g. 代表取締役 山田 太郎."),
        error_messages={
            "required": _("Enter the representative's name."),
            "max_length": _("The representative's name can be at most %(limit_value)d characters."),
        },
    )
    policy_date = forms.DateField(
        label=_("Date of adoption"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date written at the end of the policy."),
        error_messages={
            "required": _("Enter the date of adoption."),
            "invalid": _("The date of adoption is not a valid date. Enter it like 2026-11-26."),
        },
    )
    language = forms.ChoiceField(
        label=_("Language of the policy"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Choose the language of the policy from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company_name"].widget.attrs.update(autocomplete="organization")
        self.fields["representative"].widget.attrs.update(autocomplete="name")
        self.fields["policy_date"].widget.attrs.update(
            min=EARLIEST_POLICY_DATE.isoformat(), max=latest_policy_date(timezone.localdate()).isoformat()
        )

    def clean_policy_date(self):
        value = self.cleaned_data["policy_date"]
        latest = latest_policy_date(timezone.localdate())
        if not EARLIEST_POLICY_DATE <= value <= latest:
            raise forms.ValidationError(
                _("The date of adoption must be a date from %(earliest)s to %(latest)s."),
                params={"earliest": EARLIEST_POLICY_DATE.isoformat(), "latest": latest.isoformat()},
            )
        return value
