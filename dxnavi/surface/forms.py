"""The domain form. Every message names its field (「ドメイン名：…」)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .domain import names

MESSAGES = {
    "required": _("Domain name: enter the domain, e.g. example.co.jp."),
    "not_hostname": _("Domain name: enter only the domain, e.g. example.co.jp (without https:// or /)."),
    "ip_address": _("Domain name: enter a domain name, not an IP address."),
    "single_label": _("Domain name: enter the whole domain, e.g. example.co.jp."),
    "too_long": _("Domain name: a domain has at most 253 characters."),
    "reserved": _("Domain name: this name is reserved for tests or internal networks and cannot be checked."),
}


class DomainForm(forms.Form):
    domain = forms.CharField(
        label=_("Domain name"), max_length=300, strip=True,
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off", "placeholder": "example.co.jp", "autocapitalize": "none"}),
        error_messages={"required": MESSAGES["required"], "max_length": MESSAGES["too_long"]},
    )

    def clean_domain(self):
        try:
            ascii_name, unicode_name = names.normalize(self.cleaned_data["domain"])
        except names.InvalidName as error:
            raise forms.ValidationError(MESSAGES[error.code], code=error.code) from None
        return ascii_name


def limit_message():
    return _("Domain name: a company can check at most %(limit)d domains. Remove one first.") % {"limit": settings.SURFACE_MAX_DOMAINS}
