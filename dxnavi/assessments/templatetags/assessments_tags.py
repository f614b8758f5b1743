from django import template

from dxnavi.content.i18n import pick as _pick

register = template.Library()


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


@register.filter
def hundredths(value):
    """A level stored in hundredths: 235 -> 2.35."""
    from dxnavi.assessments.domain.maturity import format_hundredths

    return format_hundredths(value)


@register.filter
def pct(value):
    """A percentage with one decimal (62.3); tiny non-zero shares read "<0.1" rather than a misleading 0.0."""
    if value is None:
        return ""
    if 0 < value < 0.05:
        return "<0.1"
    return f"{value:.1f}"


@register.filter
def signed_hundredths(value):
    """+0.25 / −0.10 / ±0.00 for a change of a level in hundredths."""
    from dxnavi.assessments.domain.maturity import format_hundredths

    if value is None:
        return ""
    if value > 0:
        return f"+{format_hundredths(value)}"
    if value < 0:
        return f"−{format_hundredths(-value)}"
    return "±0.00"


@register.filter
def level_label(level, spec):
    """The scale's label of a level ("2 一部で戦略的")."""
    entry = spec.level(level) if spec is not None else None
    return _pick(entry["label"]) if entry else str(level)


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or None (also when there is no mapping)."""
    return mapping.get(key) if isinstance(mapping, dict) else None
