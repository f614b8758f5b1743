import logging

from django import template

from dxnavi.content.i18n import pick as _pick

register = template.Library()
logger = logging.getLogger(__name__)


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


class ResultCacheNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        from django.core.cache import cache
        from django.core.cache.utils import make_template_fragment_key

        from dxnavi.assessments.fragments import FRAGMENT_TIMEOUT

        key = context.get("fragment_key")
        if not key:  # a caller without a result key renders it every time
            return self.nodelist.render(context)
        cache_key = make_template_fragment_key(f"result.{self.name}", [key])
        try:
            html = cache.get(cache_key)
        except Exception:  # the cache (Redis) unreachable: the page still renders, uncached
            logger.warning("result fragment cache unavailable", exc_info=True)
            return self.nodelist.render(context)
        if html is None:
            html = self.nodelist.render(context)
            try:
                cache.set(cache_key, html, FRAGMENT_TIMEOUT)
            except Exception:
                logger.warning("result fragment cache unavailable", exc_info=True)
        return html


@register.tag("resultcache")
def resultcache(parser, token):
    """``{% resultcache name %}…{% endresultcache %}``: a part of a completed result that only the result
    decides, rendered once per ``fragment_key`` (see ``assessments/fragments.py``)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("resultcache takes one name")
    nodelist = parser.parse(("endresultcache",))
    parser.delete_first_token()
    return ResultCacheNode(bits[1], nodelist)
