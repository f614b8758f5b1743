"""A web form's errors as the API's 422 problem: the same validation and messages as the web, in both
languages, each naming its field (``field``, ``field_ja``)."""

from django.utils import translation

from .problems import Problem


def form_problem(make_form, labels_ja: dict) -> Problem:
    """``make_form()`` builds the (bound) web form; called once per language for its messages."""
    out = {}
    for language in ("ja", "en"):
        with translation.override(language):
            form = make_form()
            form.is_valid()
            out[language] = form.errors.get_json_data()
    errors = []
    for name, messages in out["ja"].items():
        english = out["en"].get(name, [])
        field = name if name != "__all__" else "body"
        for i, message in enumerate(messages):
            errors.append({
                "field": field, "field_ja": labels_ja.get(field, field),
                "message": english[i]["message"] if i < len(english) else message["message"],
                "message_ja": message["message"],
            })
    key = "message_ja" if (translation.get_language() or "ja").startswith("ja") else "message"
    detail = ("；" if key == "message_ja" else "; ").join(e[key] for e in errors)
    return Problem("validation_error", detail, errors=errors)


def valid_form(make_form, labels_ja: dict):
    """The bound form when it is valid, else raise the 422 problem (nothing is written)."""
    form = make_form()
    if form.is_valid():
        return form
    raise form_problem(make_form, labels_ja)
