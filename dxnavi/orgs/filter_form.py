"""The client list's filter fields (ten ``<select>``s and the sort list, ~200 options) as HTML built in
Python: rendering them with template loops was a third of the adviser page's CPU (issue #11's floor).
``tests/orgs/test_filter_form.py`` compares the output with the template markup it replaced."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def _select(field_id: str, name: str, label, options: list[tuple[str, str, bool]]) -> str:
    parts = [f'<div class="field"><label for="{field_id}">{escape(label)}</label><select id="{field_id}" name="{escape(name)}">']
    for value, text, selected in options:
        parts.append(f'<option value="{escape(value)}"{" selected" if selected else ""}>{escape(text)}</option>')
    parts.append("</select></div>")
    return "".join(parts)


def fields_html(filters, query, member_choices, unassigned: str, sorts) -> SafeString:
    """``filters``: [(filter, current value, [(value, label), ...])]; ``member_choices``: [(user id, name)];
    ``sorts``: [(key, title)]; ``query``: the list's ``ClientQuery``."""
    any_label = _("Any")
    out = []
    for f, value, choices in filters:
        options = [("", any_label, False)] + [(str(v), label, str(v) == value) for v, label in choices]
        out.append(_select(f"filter-{escape(f.key)}", f.key, f.title, options) + "\n  ")
    people = [("", any_label, False), (unassigned, _("Unassigned"), query.assignee == unassigned)]
    people += [(v, name, v == query.assignee) for v, name in member_choices]
    out.append(_select("filter-assignee", "assignee", _("Person in charge"), people) + "\n  ")
    order = []
    for key, title in sorts:
        current = query.sort == key
        order.append((key, _("%(title)s (ascending)") % {"title": title}, current and not query.descending))
        order.append((f"-{key}", _("%(title)s (descending)") % {"title": title}, current and query.descending))
    out.append(_select("filter-sort", "sort", _("Sort by"), order))
    return mark_safe("".join(out))
