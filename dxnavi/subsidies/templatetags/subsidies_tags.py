from django import template

from .. import presenters

register = template.Library()


@register.filter
def yen(value):
    """1234567 → 「1,234,567円」 (English: "1,234,567 yen")."""
    if value in (None, ""):
        return "—"
    return presenters.yen(value)

