"""Input parsing for answering. Which question/option is valid is decided by the pack (services)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dxnavi.content.i18n import pick

FIELD_PREFIX = "q-"


class AnswerForm(forms.Form):
    """One autosaved radio change (htmx): which question, which option."""

    question = forms.CharField(max_length=32, error_messages={"required": _("The question is missing. Please reload the page.")})
    option = forms.CharField(max_length=32, error_messages={"required": _("Please choose an answer.")})


class PartForm(forms.Form):
    """All questions of one part (the page's submit button, for browsers without JavaScript)."""

    def __init__(self, spec, part, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.part = part
        for question in part["questions"]:
            self.fields[FIELD_PREFIX + question["id"]] = forms.ChoiceField(
                required=False,  # partial pages are fine: completion checks that everything is answered
                choices=[(o["id"], pick(o["label"])) for o in spec.options_for(question)],
                error_messages={
                    "invalid_choice": gettext("Please choose one of the offered answers for question %(number)s.")
                    % {"number": question["number"]}
                },
            )

    def answers(self) -> dict[str, str]:
        """{question_id: option_id} for the questions answered on this page."""
        return {
            name[len(FIELD_PREFIX) :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(FIELD_PREFIX) and value
        }
