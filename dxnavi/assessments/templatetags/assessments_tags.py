from django import template

from dxnavi.content.i18n import pick as _pick

register = template.Library()


@register.filter
def pick(text):
    """Content text ({ja, en}) in the active language."""
    return _pick(text)


@register.filter
def signed(value):
    """+3 / −2 / ±0: a change reads as a change, with a real minus sign."""
    if value is None:
        return ""
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{-value}"
    return "±0"


@register.filter
def points(value):
    """A score with a real minus sign (−1 rather than the hyphen of -1)."""
    if value is None:
        return ""
    return f"−{-value}" if value < 0 else str(value)
