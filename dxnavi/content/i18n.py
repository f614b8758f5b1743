"""Pick the active language from a content mapping such as ``{"ja": ..., "en": ...}``.

Content (questionnaires, rules, reference data) carries its own ja + en text rather
than going through gettext: it is versioned data, edited by operators, and must keep
the exact wording an old result was produced with.
"""

from django.utils import translation

DEFAULT = "ja"


def pick(text, lang=None):
    """Return the text for ``lang`` (default: the active language), falling back to ja."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    lang = (lang or translation.get_language() or DEFAULT)[:2]
    return text.get(lang) or text.get(DEFAULT) or next(iter(text.values()), "")
