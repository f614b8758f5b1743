"""Texts the API returns in both languages: ``{"ja": …, "en": …}``."""

from django.utils import translation

from .problems import both


def choice_label(choice) -> dict:
    """A model choice's label in Japanese and English."""
    ja, en = both(choice.label)
    return {"ja": ja, "en": en}


def in_both(func, *args) -> dict:
    """``func(*args)`` — anything the web computes in the active language — once in Japanese and once in English."""
    out = {}
    for language in ("ja", "en"):
        with translation.override(language):
            out[language] = func(*args)
    return out
