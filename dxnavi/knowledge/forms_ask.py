"""The question form of 相談する. Every message names its field (「質問：…」), in Japanese first."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUESTION = 300


class AskForm(forms.Form):
    q = forms.CharField(
        label=_("Your question"), max_length=MAX_QUESTION, strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("e.g. What should we decide before using generative AI?")}),
        error_messages={
            "required": _("Question: please write your question."),
            "max_length": _("Question: please keep it within 300 characters."),
        },
    )  # fmt: skip
