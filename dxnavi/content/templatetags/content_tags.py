"""Template filters for content text, loaded as a builtin (settings.TEMPLATES) in every template."""

from django import template

from dxnavi.content.i18n import pick as _pick

register = template.Library()


@register.filter
def pick(text):
    """Content text ({ja, en}) in the active language."""
    return _pick(text)
