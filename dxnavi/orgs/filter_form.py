"""The client list's filter fields (ten ``<select>``s and the sort list, ~200 options) as HTML built in
Python: rendering them with template loops was a third of the adviser page's CPU (issue #11's floor).
``tests/orgs/test_filter_form.py`` compares the output with the template markup it replaced.

``cached_fields_html`` keeps the built fields per process: they are a function of the language, the
choices (each filter's ``version``), the members and the query, which make the key."""

import threading
from collections import OrderedDict

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

_BUILT: "OrderedDict[tuple, SafeString]" = OrderedDict()  # per process, newest last
_BUILT_SIZE = 256
_lock = threading.Lock()


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


def cached_fields_html(filters, query, memo, member_choices, unassigned: str, sorts) -> SafeString:
    """``fields_html`` for the registered ``filters`` (``client_columns.Filter``) and ``sorts`` (``Sort``),
    built once per process for each language, choices' version, members and query; the choices are read
    (``Filter.choices(memo)``) only when the fields are built."""
    key = (
        get_language(),
        tuple((f.key, f.version(memo) if f.version is not None else None) for f in filters),
        tuple(member_choices),
        unassigned,
        tuple(s.key for s in sorts),
        tuple(sorted(query.values.items())),
        query.assignee,
        query.sort,
        query.descending,
    )
    built = _BUILT.get(key)
    if built is None:
        built = fields_html(
            [(f, query.values.get(f.key, ""), f.choices(memo)) for f in filters], query, member_choices, unassigned,
            [(s.key, s.title) for s in sorts],
        )  # fmt: skip
        with _lock:
            _BUILT[key] = built
            while len(_BUILT) > _BUILT_SIZE:
                _BUILT.popitem(last=False)
    return built


def forget() -> None:
    """Empty this process's built fields (tests: a flushed database re-uses pack and member ids)."""
    with _lock:
        _BUILT.clear()
