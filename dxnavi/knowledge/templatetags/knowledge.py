"""``{% load knowledge %}``: glossary words marked in a text, and the 「解説を読む」 links.

- ``{{ text|glossary }}``: the text escaped, the first occurrence of each glossary word a link to its
  entry (``knowledge:glossary`` ``#term-<id>``); already-safe HTML keeps its tags and links untouched.
- ``{% question_article assessment.pack_family question.id as url %}``, ``{% action_article key as url %}``:
  the article that explains a questionnaire item or an action ("" when none does).
All from the content in memory (the alias regex compiled once per content load): no query.
"""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeData, mark_safe

from .. import links
from ..domain.glossary_links import mark

register = template.Library()


@register.filter(name="glossary")
def glossary_filter(text):
    if text is None or text == "":
        return ""
    base = reverse("knowledge:glossary")
    html = mark(str(text), links.matcher(), lambda term_id: f"{base}#term-{term_id}", is_html=isinstance(text, SafeData))
    return mark_safe(html)  # escaped by ``mark`` (or already safe)


@register.filter
def glossary_block(block):
    """A body block of ``library.blocks`` as HTML — ``<p>`` lines joined by ``<br>``, or a ``<ul>`` — with each
    glossary word linked at its first occurrence in the whole block."""
    base = reverse("knowledge:glossary")
    matcher, used = links.matcher(), set()

    def linked(text):
        return mark(text, matcher, lambda term_id: f"{base}#term-{term_id}", used=used)

    if block["kind"] == "ul":
        return mark_safe("<ul>" + "".join(f"<li>{linked(item)}</li>" for item in block["items"]) + "</ul>")
    return mark_safe("<p>" + "<br>".join(linked(line) for line in block["lines"]) + "</p>")


@register.simple_tag
def question_article(pack_family, question_id):
    return links.question_url(pack_family, question_id) or ""


@register.simple_tag
def action_article(key):
    return links.action_url(key) or ""


@register.simple_tag
def optional_url(name, *args):
    """``{% url %}`` that gives "" for a route not installed (the knowledge parts are merged one by one)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def current_company(context):
    """The header's current company, else the user's first company (from ``web.context_processors.nav``: no query)."""
    current = context.get("nav_current_company")
    if current is None:
        companies = context.get("nav_companies") or []
        current = companies[0] if companies else None
    return current
