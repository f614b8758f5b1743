"""Input parsing for answering. Which values are valid is decided by the pack's question types.

Autosave and the page's submit button read the same field names (``q-<id>`` for a choice,
``q-<id>-current`` … for a structured question; autosave of a choice may post ``option``), and
both parse them with the question type (``domain/questions.py``), so a value refused in one
path is refused in the other with the same message.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .domain.questions import FIELD_PREFIX, InvalidAnswer

__all__ = ["FIELD_PREFIX", "AnswerForm", "PartForm", "parse_answer"]


class AnswerForm(forms.Form):
    """One autosaved change (htmx): which question; the value fields depend on its type."""

    question = forms.CharField(max_length=32, error_messages={"required": _("The question is missing. Please reload the page.")})


def parse_answer(spec, question, data):
    """(value, None) or (None, message) for the question's fields in ``data`` (a POST)."""
    from .services import answer_message

    qtype = spec.question_type(question)
    try:
        return qtype.parse(spec, question, qtype.raw(data, question["id"])), None
    except InvalidAnswer as error:
        return None, answer_message(question, error)


class PartForm:
    """All questions of one part (the page's submit button, for browsers without JavaScript).

    Questions left untouched are skipped (partial pages are fine: completion checks that
    everything is answered); any invalid question makes the whole page invalid, nothing saved.
    """

    is_bound = True

    def __init__(self, spec, part, data):
        self.spec = spec
        self.part = part
        self.data = data
        self.errors: dict[str, list[str]] = {}
        self._answers: dict = {}

    def is_valid(self) -> bool:
        self.errors, self._answers = {}, {}
        for question in self.part["questions"]:
            qtype = self.spec.question_type(question)
            if qtype.is_blank(qtype.raw(self.data, question["id"])):
                continue
            value, message = parse_answer(self.spec, question, self.data)
            if message:
                self.errors[question["id"]] = [message]
            else:
                self._answers[question["id"]] = value
        return not self.errors

    def answers(self) -> dict:
        """{question_id: value} for the questions answered on this page."""
        return dict(self._answers)
