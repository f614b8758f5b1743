"""The action list page's cards as HTML, built with plain string formatting (issue #11).

Up to 50 cards a page; rendering each through ``actions/_action.html`` cost a template include, a
``reverse()``, a ``|date`` and a dozen variable lookups per card, which made the list the most
expensive page after the dashboard. So, as ``orgs/client_list.py`` does for the adviser list, the
cards of the list page are built here: one ``reverse()`` per request (``UrlPattern``), the fixed
words translated once, dates formatted once per distinct date, every text escaped with
``html.escape`` (what Django's autoescape does). The markup is exactly what ``_action.html`` renders
for a card without a form (``tests/actions/test_list_html.py`` compares the two); the single card of
the detail page and of the htmx inline edit is still rendered by the template.

The rows are named tuples of ``FIELDS`` (no model instances).
"""

from html import escape

from django.utils import formats, timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import get_language

from dxnavi.content.i18n import pick
from dxnavi.orgs.client_columns import UrlPattern

from . import registry
from .models import Action

# What a card shows, read with values_list (``updated_by__name`` etc. from one LEFT JOIN each).
FIELDS = (
    "pk", "company_id", "key", "status", "title", "detail", "origins", "priority", "owner", "due", "note",
    "source_present", "auto_resolved", "updated", "updated_by_id", "updated_by__name", "updated_by__email",
    "updated_by_org_id", "updated_by_org__name",
)  # fmt: skip

_OPEN = (Action.Status.TODO, Action.Status.DOING)
_BADGE = {Action.Status.DONE: " badge-ok", Action.Status.DOING: " badge-warn"}


def _linebreaksbr(text: str) -> str:
    """Django's ``|linebreaksbr`` under autoescape."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


class _Dates:
    """``|date:"DATE_FORMAT"`` for many values: the format looked up once, each distinct date formatted once."""

    def __init__(self):
        self._format = formats.get_format("DATE_FORMAT")
        self._done: dict = {}

    def __call__(self, value) -> str:
        text = self._done.get(value)
        if text is None:
            text = self._done[value] = date_format(value, self._format)
        return text


def explain_url(key: str) -> str:
    """The library article explaining the action (「解説を読む」), from the content in memory: no query."""
    from dxnavi.knowledge import links

    return links.action_url(key) or ""


def cards_html(rows, *, can_edit: bool) -> SafeString:
    """The ``<li>`` cards of ``rows`` (named tuples of ``FIELDS``), as ``_action.html`` renders them in the list."""
    edit_url = UrlPattern("actions:edit", 2)
    status_labels = {value: escape(str(label)) for value, label in Action.Status.choices}
    origin_labels: dict[str, str] = {}

    def origin_label(key):
        label = origin_labels.get(key)
        if label is None:
            source = registry.source(key)
            label = origin_labels[key] = escape(str(source.label) if source else key)
        return label

    label = {
        "important": escape(_("Important")), "cause_resolved": escape(_("Cause resolved")),
        "auto_resolved": escape(_("(marked done automatically)")), "owner": escape(_("Person in charge")),
        "due": escape(_("Due date")), "origin": escape(_("Origin")), "note": escape(_("Note")),
        "what_to_do": escape(_("What to do about it")), "edit": escape(_("Edit")),
        "explain": escape(_("Read the explanation")),
    }  # fmt: skip
    important = '<span class="badge badge-bad">' + label["important"] + "</span>"
    cause_resolved = '<span class="badge">' + label["cause_resolved"] + "</span>"
    auto_resolved = '<span class="muted">' + label["auto_resolved"] + "</span>"
    note_dt = "<dt>" + label["note"] + '</dt><dd class="action-note">'
    changed_org = _("Last changed by %(who)s (%(org)s) on %(d)s")
    changed = _("Last changed by %(who)s on %(d)s")
    language = get_language()
    dates = _Dates()
    tz = timezone.get_current_timezone()
    parts = []
    for a in rows:
        status = a.status
        if a.due:
            due = f'<time datetime="{a.due.isoformat()}">{dates(a.due)}</time>'
        else:
            due = "—"
        origins = "、".join(
            f'<a href="{escape(link)}">{origin_label(key)}</a>' if link else origin_label(key) for key, link in a.origins
        )
        url = edit_url(a.company_id, a.pk)
        explain = explain_url(a.key)
        if explain:
            origins += f' · <a class="explain-link" href="{escape(explain)}">{label["explain"]}</a>'
        parts.append(
            f'<li class="card action-card action-{escape(status)}" id="action-{a.pk}">\n'
            f'  <h2 class="action-title">{escape(pick(a.title, language))}</h2>\n'
            f'  <p class="action-meta">\n'
            f'    <span class="badge{_BADGE.get(status, "")}">{status_labels.get(status, escape(status))}</span>\n'
            f"    {important if a.priority == 1 and status in _OPEN else ''}\n"
            f"    {'' if a.source_present else cause_resolved}\n"
            f"    {auto_resolved if a.auto_resolved else ''}\n"
            f"  </p>\n"
            f'  <dl class="action-facts">\n'
            f"    <dt>{label['owner']}</dt><dd>{escape(a.owner) if a.owner else '—'}</dd>\n"
            f"    <dt>{label['due']}</dt><dd>{due}</dd>\n"
            f"    <dt>{label['origin']}</dt><dd>{origins}</dd>\n"
            f"    {note_dt + _linebreaksbr(a.note) + '</dd>' if a.note else ''}\n"
            f"  </dl>\n"
        )
        detail = pick(a.detail, language) if a.detail else ""
        if detail:
            parts.append(
                f'  <details class="action-detail"><summary>{label["what_to_do"]}</summary>'
                f"<p>{_linebreaksbr(detail)}</p></details>\n"
            )
        else:
            parts.append("  \n")
        parts.append("  \n  ")
        if can_edit:
            parts.append(
                f'\n  <p><a class="btn btn-secondary" href="{url}" hx-get="{url}" hx-target="#action-{a.pk}" '
                f'hx-swap="outerHTML">{label["edit"]}</a></p>\n  '
            )
        parts.append("\n  ")
        if a.updated_by_id is not None:
            who = escape(a.updated_by__name or a.updated_by__email)
            day = dates(timezone.localtime(a.updated, tz) if timezone.is_aware(a.updated) else a.updated)
            if a.updated_by_org_id is not None:
                text = changed_org % {"who": who, "org": escape(a.updated_by_org__name), "d": day}
            else:
                text = changed % {"who": who, "d": day}
            parts.append(f'<p class="muted small">{text}</p>')
        parts.append("\n</li>\n")
    return mark_safe("".join(parts))
