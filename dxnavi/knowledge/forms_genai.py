"""The generative-AI checklist form: one radio group per item (``item-<id>``: yes / no / na), all optional."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dxnavi.content.i18n import pick

from .models import GenAIAnswer


def field_name(item_id: str) -> str:
    return f"item-{item_id}"


class GenAIForm(forms.Form):
    def __init__(self, items, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[field_name(item["id"])] = forms.ChoiceField(
                label=pick(item["text"]), choices=GenAIAnswer.Value.choices, required=False, widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose one of the answers for this item.")},
            )  # fmt: skip

    def answers(self) -> dict[str, str | None]:
        return {item["id"]: self.cleaned_data.get(field_name(item["id"])) or None for item in self.items}
