from django import forms
from django.utils.translation import gettext_lazy as _

from dxnavi.orgs import scoping
from dxnavi.orgs.models import AdviserOrganization

from .models import ApiToken
from .tokens import EXPIRY_DAYS


def limit_choices(user) -> list[tuple[str, str]]:
    """What the user may limit a token to: their own companies and their adviser organizations."""
    companies = scoping.member_companies(user).order_by("name", "pk").values_list("pk", "name")
    organizations = AdviserOrganization.objects.filter(memberships__user=user).order_by("name", "pk").values_list("pk", "name")
    choices = [("", _("No limit (everything I can see)"))]
    choices += [(f"c{pk}", _("Company: %(name)s") % {"name": name}) for pk, name in companies]
    choices += [(f"o{pk}", _("Adviser organization: %(name)s") % {"name": name}) for pk, name in organizations]
    return choices


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100, help_text=_("What the token is for, e.g. 「顧客管理システム連携」."))
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    limit = forms.ChoiceField(label=_("Limit"), required=False, help_text=_("Only this company, or only the clients of this adviser organization."))
    days = forms.TypedChoiceField(
        label=_("Valid for"), coerce=int, initial=90,
        choices=[(d, _("%(days)s days") % {"days": d}) for d in EXPIRY_DAYS],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["limit"].choices = limit_choices(user)
        self.user = user

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter a name for the token."))
        return name

    def limit_objects(self) -> dict:
        value = self.cleaned_data.get("limit") or ""
        if value.startswith("c"):
            return {"company": scoping.member_companies(self.user).get(pk=int(value[1:]))}
        if value.startswith("o"):
            return {"organization": AdviserOrganization.objects.get(pk=int(value[1:]), memberships__user=self.user)}
        return {}
