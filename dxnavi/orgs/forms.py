from django import forms
from django.utils.translation import gettext_lazy as _

from dxnavi.content import reference

from . import industry_selects
from .domain.corporate_number import validate_corporate_number
from .models import AdviserOrganization, Company, Role

# Far above any real company; beyond them is a typing error (and 2**31 employees overflows the column).
MAX_EMPLOYEES = 1_000_000
MAX_CAPITAL_YEN = 10**15  # 1,000兆円
# People type or paste 法人番号 with hyphens or spaces between digit groups, often full-width:
# the form field takes that, and ``validate_corporate_number`` normalizes it to the 13 digits stored.
CORPORATE_NUMBER_INPUT_LENGTH = 40


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = [
            "name",
            "is_sole_proprietor",
            "corporate_number",
            "representative",
            "industry_major",
            "industry_middle",
            "industry_minor",
            "prefecture",
            "employees",
            "capital_yen",
        ]
        help_texts = {
            "corporate_number": _("13 digits. Leave empty if you are a sole proprietor."),
            "employees": _("Regular employees (常時使用する従業員), not counting officers or the owner."),
            "capital_yen": _("Paid-in capital or total contributions, in yen. Leave empty for a sole proprietor."),
            "industry_middle": _("Optional, but it makes the SME classification exact."),
            "industry_minor": _("Only needed for the few industries where the law draws a finer line."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blank = [("", "---------")]
        self.fields["industry_major"] = forms.ChoiceField(label=_("Industry (大分類)"), choices=blank + reference.jsic_major_choices())
        self.fields["industry_middle"] = forms.ChoiceField(
            label=_("Industry (中分類)"), choices=blank + reference.jsic_middle_choices(), required=False,
            help_text=self.Meta.help_texts["industry_middle"],
        )
        self.fields["industry_minor"] = forms.ChoiceField(
            label=_("Industry (小分類・細分類)"), choices=blank + reference.jsic_fine_choices(), required=False,
            help_text=self.Meta.help_texts["industry_minor"],
        )
        # The fields accept every code (clean() names a wrong pairing); the select boxes offer only
        # the children of the chosen parent, refreshed by htmx when the parent changes.
        industry_selects.narrow(
            self, self._chosen("industry_major"), self._chosen("industry_middle"), self._chosen("industry_minor")
        )
        self.fields["prefecture"] = forms.ChoiceField(label=_("Prefecture"), choices=blank + reference.prefecture_choices())
        self.fields["employees"].widget.attrs.update(min=0, max=MAX_EMPLOYEES, inputmode="numeric")
        # The same messages when the database backend's own column range refuses a value first.
        self.fields["employees"].error_messages.update(
            min_value=_("The number of employees cannot be negative."),
            max_value=_("The number of employees can be at most %(max)s.") % {"max": f"{MAX_EMPLOYEES:,}"},
        )
        self.fields["capital_yen"].error_messages.update(
            min_value=_("Capital cannot be negative."),
            max_value=_("Capital can be at most %(max)s yen.") % {"max": f"{MAX_CAPITAL_YEN:,}"},
        )
        self.fields["capital_yen"].widget.attrs.update(min=0, max=MAX_CAPITAL_YEN, inputmode="numeric")
        self.fields["corporate_number"] = Company._meta.get_field("corporate_number").formfield(
            max_length=CORPORATE_NUMBER_INPUT_LENGTH, help_text=self.Meta.help_texts["corporate_number"]
        )
        self.fields["corporate_number"].widget.attrs.update(inputmode="numeric", autocomplete="off")

    def _chosen(self, name):
        """The value of a field as the user left it (bound data), else the saved/initial one."""
        if self.is_bound:
            return self.data.get(self.add_prefix(name)) or ""
        return self.initial.get(name) or ""

    def clean_corporate_number(self):
        value = self.cleaned_data.get("corporate_number", "").strip()
        return validate_corporate_number(value) if value else ""

    def clean_employees(self):
        value = self.cleaned_data.get("employees")
        if value is not None and value > MAX_EMPLOYEES:
            raise forms.ValidationError(self.fields["employees"].error_messages["max_value"])
        return value

    def clean_capital_yen(self):
        value = self.cleaned_data.get("capital_yen")
        if value is not None and value < 0:
            raise forms.ValidationError(self.fields["capital_yen"].error_messages["min_value"])
        if value is not None and value > MAX_CAPITAL_YEN:
            raise forms.ValidationError(self.fields["capital_yen"].error_messages["max_value"])
        return value

    def clean(self):
        data = super().clean()
        middle = data.get("industry_middle")
        major = data.get("industry_major")
        if middle and major and middle not in dict(reference.jsic_middle_choices(major)):
            self.add_error("industry_middle", _("This 中分類 does not belong to the selected 大分類."))
        minor = data.get("industry_minor")
        if minor and not middle:
            self.add_error("industry_middle", _("Choose the 中分類 that the selected 小分類 belongs to."))
        elif minor and middle and not minor.startswith(middle):
            self.add_error("industry_minor", _("This 小分類 does not belong to the selected 中分類."))
        if not data.get("is_sole_proprietor") and not data.get("corporate_number"):
            self.add_error("corporate_number", _("Enter the 13-digit corporate number, or tick “sole proprietor”."))
        if data.get("is_sole_proprietor"):
            data["capital_yen"] = None
        return data


class ConnectCodeForm(forms.Form):
    code = forms.CharField(label=_("Adviser's connection code"), max_length=20, help_text=_("Ask your adviser for their 10-character code."))


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)


class AdviserOrganizationForm(forms.ModelForm):
    class Meta:
        model = AdviserOrganization
        fields = ["name", "kind", "prefecture"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"] = forms.ChoiceField(
            label=_("Prefecture"), choices=[("", "---------")] + reference.prefecture_choices(), required=False
        )


class ClientRegistrationForm(CompanyForm):
    owner_email = forms.EmailField(
        label=_("Owner's e-mail address"),
        help_text=_("The owner receives an invitation. You can see the company only after they accept it."),
    )
