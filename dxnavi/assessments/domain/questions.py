"""Question types: how a question is defined in a pack, what its answer looks like, how input is read.

A question's ``type`` (default ``choice``) decides:

- ``check(spec, question)``: problems with the question's definition (run by the loader);
- ``raw(data, question_id)``: the request fields that carry its answer (autosave and page form
  use the same names, so both paths go through the same parser);
- ``parse(spec, question, raw)``: raw strings -> answer value, or ``InvalidAnswer``;
- ``validate(spec, question, value)``: the service-side check of a value (``InvalidAnswer``);
- ``is_answered(spec, question, value)``: whether the value counts as answered for completion.

Answer values are JSON-safe: a ``choice`` answer is the option id (a string, as before the
engine had other types, so every existing caller keeps working); a ``level_target`` answer is
``{"current": int|None, "target": int|None, "evidence": str, "action": str}``.

Errors carry a code and parameters only; the services turn them into a Japanese/English
message that names the question (this package stays free of translations and requests).
"""

from collections.abc import Mapping
from typing import Any

FIELD_PREFIX = "q-"
# Long enough for a few sentences of evidence or a concrete next step, short enough for a PDF row.
MAX_TEXT = 1000


class InvalidAnswer(ValueError):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


class QuestionType:
    name = ""
    structured = False  # stored in Answer.value (True) or Answer.option_id (False)

    def check(self, spec, question) -> list[str]:
        return []

    def raw(self, data: Mapping, question_id: str) -> dict[str, str]:
        raise NotImplementedError

    def parse(self, spec, question, raw: Mapping[str, str]) -> Any:
        raise NotImplementedError

    def validate(self, spec, question, value) -> None:
        raise NotImplementedError

    def is_answered(self, spec, question, value) -> bool:
        raise NotImplementedError

    def is_blank(self, raw: Mapping[str, str]) -> bool:
        """Nothing entered at all (a page submitted without touching this question)."""
        return not any((v or "").strip() for v in raw.values())


class Choice(QuestionType):
    """One option of the question's own option set, or of the pack's default set."""

    name = "choice"

    def check(self, spec, question):
        return [] if spec.options_for(question) else ["has no options and the pack defines no default options"]

    def raw(self, data, question_id):
        # Autosave posts ``option``; the page form posts ``q-<id>``.
        value = data.get("option")
        if value is None:
            value = data.get(FIELD_PREFIX + question_id)
        return {"option": value or ""}

    def parse(self, spec, question, raw):
        option = (raw.get("option") or "").strip()
        if not option:
            raise InvalidAnswer("missing_option")
        self.validate(spec, question, option)
        return option

    def validate(self, spec, question, value):
        if not isinstance(value, str) or spec.option(question, value) is None:
            raise InvalidAnswer("invalid_option")

    def is_answered(self, spec, question, value):
        return isinstance(value, str) and spec.option(question, value) is not None


class LevelTarget(QuestionType):
    """Current level and target level on the pack's ``level_scale``, plus evidence and next action.

    Answered = both levels chosen; the two texts are optional (encouraged on the page).
    A target below the current level is refused: the scale measures how far a practice has
    spread, and a plan to fall back is more likely a slip of the finger than an intention.
    """

    name = "level_target"
    structured = True
    LEVEL_KEYS = ("current", "target")
    TEXT_KEYS = ("evidence", "action")

    def check(self, spec, question):
        return [] if spec.levels else ["type level_target needs the pack's level_scale"]

    def raw(self, data, question_id):
        return {key: data.get(f"{FIELD_PREFIX}{question_id}-{key}") or "" for key in (*self.LEVEL_KEYS, *self.TEXT_KEYS)}

    def _level(self, spec, key, text):
        text = (text or "").strip()
        if not text:
            return None
        try:
            level = int(text)
        except ValueError:
            raise InvalidAnswer(f"invalid_{key}", low=spec.levels[0], high=spec.levels[-1]) from None
        if level not in spec.levels:
            raise InvalidAnswer(f"invalid_{key}", low=spec.levels[0], high=spec.levels[-1])
        return level

    def parse(self, spec, question, raw):
        value = {key: self._level(spec, key, raw.get(key)) for key in self.LEVEL_KEYS}
        value.update({key: (raw.get(key) or "").strip() for key in self.TEXT_KEYS})
        self.validate(spec, question, value)
        return value

    def validate(self, spec, question, value):
        if not isinstance(value, dict) or set(value) != {*self.LEVEL_KEYS, *self.TEXT_KEYS}:
            raise InvalidAnswer("invalid_value")
        for key in self.LEVEL_KEYS:
            level = value[key]
            if level is not None and (type(level) is not int or level not in spec.levels):
                raise InvalidAnswer(f"invalid_{key}", low=spec.levels[0], high=spec.levels[-1])
        for key in self.TEXT_KEYS:
            if not isinstance(value[key], str):
                raise InvalidAnswer("invalid_value")
            if len(value[key]) > MAX_TEXT:
                raise InvalidAnswer(f"too_long_{key}", max=MAX_TEXT)
        if value["current"] is not None and value["target"] is not None and value["target"] < value["current"]:
            raise InvalidAnswer("target_below_current", current=value["current"])

    def is_answered(self, spec, question, value):
        return isinstance(value, dict) and value.get("current") is not None and value.get("target") is not None


_TYPES: dict[str, QuestionType] = {t.name: t for t in (Choice(), LevelTarget())}
DEFAULT = Choice.name


def type_names() -> list[str]:
    return sorted(_TYPES)


def get_type(question: dict) -> QuestionType:
    """The question's type; KeyError for an unknown one (the loader refuses such packs)."""
    return _TYPES[question.get("type", DEFAULT)]
