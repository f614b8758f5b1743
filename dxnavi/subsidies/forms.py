"""The planned investment (one row per cost) and the company's statuses.

Every error names its row and field so it can be read out of context, e.g.
「3行目: 金額を入力してください」. Amounts accept what people type: 1,200,000 / １２０００００ / 120万 is
not accepted (it would be a guess), but commas, full-width digits and a trailing 円 are.
"""

import datetime
import unicodedata

from django import forms
from django.utils import timezone
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from .domain.rules import ITEM_KINDS, MONTHLY_KINDS

MAX_ROWS = 30
MAX_AMOUNT = 10_000_000_000  # 100億円: far above any frame's cap; beyond it is a typing error
MAX_MONTHS = 120
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
# Orders are compared with this and the coming years' deadlines; 0001-01-01 is a typing error.
EARLIEST_ORDER_DATE = datetime.date(2000, 1, 1)
ORDER_YEARS_AHEAD = 5

KIND_LABELS = {
    "software": _("Software purchase"),
    "cloud": _("Cloud service (monthly fee)"),
    "implementation": _("Implementation services (set-up, training, support)"),
    "pc": _("PC, tablet, printer, scanner"),
    "register": _("Cash register, ticket machine"),
    "security_service": _("Security service (monthly fee)"),
    "equipment": _("Machinery or equipment"),
    "other": _("Other"),
}
KIND_CHOICES = [("", _("Choose…"))] + [(kind, KIND_LABELS[kind]) for kind in ITEM_KINDS]


def parse_yen(value: str) -> int | None:
    """ "１，２００，０００円" → 1200000; None when it is not a whole number."""
    text = unicodedata.normalize("NFKC", value or "").strip().replace(",", "").replace(" ", "")
    text = text.removesuffix("円")
    return int(text) if text.isdigit() else None


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of cost"), choices=KIND_CHOICES, required=False)
    description = forms.CharField(label=_("Description"), max_length=120, required=False)
    amount = forms.CharField(label=_("Amount (yen; per month for monthly fees)"), max_length=20, required=False)
    months = forms.CharField(label=_("Months"), max_length=4, required=False)

    def __init__(self, *args, row=1, **kwargs):
        self.row = row
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["months"].widget.attrs.update(inputmode="numeric", autocomplete="off")

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any((data.get(name) or "").strip() for name in ("kind", "description", "amount", "months"))

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data
        row = {"row": self.row}
        kind = data.get("kind")
        if not kind:
            self.add_error("kind", _("Row %(row)d: choose the kind of cost") % row)
        raw_amount = (data.get("amount") or "").strip()
        amount = parse_yen(raw_amount)
        if not raw_amount:
            self.add_error("amount", _("Row %(row)d: enter the amount") % row)
        elif amount is None:
            self.add_error("amount", _("Row %(row)d: enter the amount as a whole number of yen, e.g. 300000") % row)
        elif amount == 0:
            self.add_error("amount", _("Row %(row)d: the amount must be more than 0 yen") % row)
        elif amount > MAX_AMOUNT:
            self.add_error("amount", _("Row %(row)d: the amount is too large; check the number of digits") % row)
        months = None
        if kind in MONTHLY_KINDS:
            raw_months = (data.get("months") or "").strip()
            months = parse_yen(raw_months)
            if not raw_months:
                self.add_error("months", _("Row %(row)d: enter the number of months of the monthly fee") % row)
            elif months is None or not 1 <= months <= MAX_MONTHS:
                self.add_error(
                    "months", _("Row %(row)d: the months must be a whole number from 1 to %(max)d") % {**row, "max": MAX_MONTHS}
                )
        data["amount_yen"] = amount
        data["months_value"] = months  # months only mean something for monthly fees
        return data

    def item(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "description": data.get("description", "").strip(),
            "amount_yen": data["amount_yen"],
            "months": data["months_value"],
        }


class BaseItemFormSet(BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "row": (index or 0) + 1}

    def clean(self):
        if any(self.errors):
            return
        if not self.items():
            raise forms.ValidationError(_("Enter at least one planned cost (kind and amount)."))

    def items(self) -> list[dict]:
        return [form.item() for form in self.forms if form.is_valid() and not form.is_blank()]


ItemFormSet = formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
)


SECURITY_ACTION_CHOICES = [
    ("0", _("Not declared")),
    ("1", _("★ One star (the five principles)")),
    ("2", _("★★ Two stars (self-check and basic policy)")),
]
INVOICE_FUNCTION_CHOICES = [
    ("0", _("0 (none)")),
    ("1", _("1 (one of accounting, ordering, payment)")),
    ("2", _("2")),
    ("3", _("3 (accounting, ordering and payment)")),
]


class StatusForm(forms.Form):
    """What the company has (or commits to) that frames require, and facts about the planned tool."""

    catalog = forms.TypedChoiceField(
        label=_("Subsidy year"),
        coerce=int,
        choices=(),
        error_messages={
            "required": _("Choose a subsidy year from the list."),
            "invalid_choice": _("Choose a subsidy year from the list."),
        },
    )
    title = forms.CharField(
        label=_("Name of this estimate"), max_length=120, required=False, help_text=_("Optional, e.g. 会計ソフトとレジの入替え.")
    )
    security_action = forms.TypedChoiceField(
        label=_("SECURITY ACTION"),
        choices=SECURITY_ACTION_CHOICES,
        coerce=int,
        initial="0",
        error_messages={
            "required": _("SECURITY ACTION: choose a level from the list."),
            "invalid_choice": _("SECURITY ACTION: choose a level from the list."),
        },
    )
    gbizid_prime = forms.BooleanField(label=_("We have a gBizID Prime account"), required=False)
    invoice_registered = forms.BooleanField(
        label=_("We are registered as a qualified invoice issuer (適格請求書発行事業者)"), required=False
    )
    invoice_special = forms.BooleanField(
        label=_("We were a tax-exempt business in a tax period between 30 Sep 2021 and 30 Sep 2023"),
        required=False,
        help_text=_("Used for the invoice special addition of the sustainability subsidy."),
    )
    wage_plan = forms.BooleanField(label=_("We will make a wage-increase plan and announce it to employees"), required=False)
    min_wage_near = forms.BooleanField(
        label=_("30 percent or more of our employees are paid near the regional minimum wage"),
        required=False,
        help_text=_("Some frames raise the rate for this; the exact definition changes by year and is in the guidelines."),
    )
    large_wage_raise = forms.BooleanField(label=_("We plan a large wage increase (raises some caps)"), required=False)
    loss_making = forms.BooleanField(label=_("Our last business year was loss-making"), required=False)
    chamber_confirmation = forms.BooleanField(
        label=_("Our chamber of commerce (商工会・商工会議所) will issue the support plan (様式4)"), required=False
    )
    it_processes = forms.IntegerField(
        label=_("Business processes the IT tool covers"),
        min_value=0,
        max_value=20,
        initial=1,
        help_text=_("As registered for the tool, e.g. accounting and payroll = 2. Ask your IT vendor."),
        error_messages={
            "required": _("Business processes: enter a number (0 if you do not know)."),
            "invalid": _("Business processes: enter a whole number."),
            "min_value": _("Business processes: enter a number from 0 to 20."),
            "max_value": _("Business processes: enter a number from 0 to 20."),
        },
    )
    invoice_functions = forms.TypedChoiceField(
        label=_("Invoice functions of the software (accounting, ordering, payment)"),
        choices=INVOICE_FUNCTION_CHOICES,
        coerce=int,
        initial="0",
        error_messages={
            "required": _("Invoice functions: choose a number from the list."),
            "invalid_choice": _("Invoice functions: choose a number from the list."),
        },
    )
    planned_order_date = forms.DateField(
        label=_("When you plan to order"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Compared with the application deadlines in the checklist."),
        error_messages={"invalid": _("When you plan to order: enter a date like 2026-12-01.")},
    )

    def __init__(self, *args, catalogs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogs = {c.pk: c for c in catalogs}
        self.fields["catalog"].choices = [
            (c.pk, _("%(year)d (information as of %(as_of)s)") % {"year": c.fiscal_year, "as_of": c.as_of}) for c in catalogs
        ]

    def clean_planned_order_date(self):
        value = self.cleaned_data.get("planned_order_date")
        today = timezone.localdate()
        latest = datetime.date(today.year + ORDER_YEARS_AHEAD, 12, 31)
        if value is not None and not EARLIEST_ORDER_DATE <= value <= latest:
            raise forms.ValidationError(
                _("When you plan to order: enter a date from %(earliest)s to %(latest)s."),
                params={"earliest": EARLIEST_ORDER_DATE.isoformat(), "latest": latest.isoformat()},
            )
        return value

    def clean_catalog(self):
        value = self.cleaned_data["catalog"]
        if value not in self.catalogs:
            raise forms.ValidationError(_("Choose a subsidy year from the list."))
        return self.catalogs[value]

    def statuses(self) -> dict:
        data = self.cleaned_data
        names = (
            "security_action",
            "gbizid_prime",
            "invoice_registered",
            "invoice_special",
            "wage_plan",
            "min_wage_near",
            "large_wage_raise",
            "loss_making",
            "chamber_confirmation",
            "it_processes",
            "invoice_functions",
        )
        return {name: data[name] for name in names}
