from django import forms
from django.utils.translation import gettext_lazy as _


class DeletionForm(forms.Form):
    confirm_name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        help_text=_("To confirm, type the company name exactly as shown above."),
        error_messages={"required": _("Enter “Company name” to confirm the deletion.")},
    )
