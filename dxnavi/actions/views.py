"""Action-list pages. Every view is wrapped by ``scoping.company_view`` (advisers audited) and
reads actions only through ``services`` (→ ``scoping.scoped``); the merge rules live in services."""

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import get_language, pgettext
from django.views.decorators.http import require_POST

from dxnavi.content.i18n import pick
from dxnavi.orgs.scoping import company_view, scoped

from . import list_html, registry, reminders, services
from .forms import ActionForm, PreferenceForm
from .models import Action

PAGE_SIZE = 50


def _status_tabs():
    return [
        ("open", pgettext("action status", "Open")),
        ("todo", pgettext("action status", "Not started")),
        ("doing", pgettext("action status", "In progress")),
        ("done", pgettext("action status", "Done")),
        ("na", pgettext("action status", "Not applicable")),
        ("all", pgettext("action status", "All")),
    ]


def _origin_label(key: str) -> str:
    source = registry.source(key)
    return str(source.label) if source else key


@functools.lru_cache(maxsize=8)
def _card_labels(language) -> dict[str, str]:
    """The fixed words of a card, translated once per language (not by a ``{% translate %}`` per card)."""
    return {
        "important": _("Important"),
        "cause_resolved": _("Cause resolved"),
        "auto_resolved": _("(marked done automatically)"),
        "owner": _("Person in charge"),
        "due": _("Due date"),
        "origin": _("Origin"),
        "note": _("Note"),
        "what_to_do": _("What to do about it"),
        "status": _("Status"),
        "save": _("Save"),
        "edit": _("Edit"),
        "explain": _("Read the explanation"),
    }


def row(action: Action, form=None) -> dict:
    """What one card shows; labels come from the registry (no query per row)."""
    if form is not None and form.is_bound:
        values = {name: form.data.get(name, "") for name in ("owner", "due", "status", "note")}
    else:
        values = {"owner": action.owner, "due": action.due.isoformat() if action.due else "", "status": action.status,
                  "note": action.note}
    return {
        "values": values,
        "action": action,
        "title": pick(action.title),
        "detail": pick(action.detail) if action.detail else "",
        "origin": _origin_label(action.origin),
        "origins": [{"label": _origin_label(key), "link": link} for key, link in action.origins],
        "form": form,
        "status_label": action.get_status_display(),
        "due_iso": action.due.isoformat() if action.due else "",
        "due_display": formats.date_format(action.due, "DATE_FORMAT") if action.due else "",
        "edit_url": reverse("actions:edit", args=[action.company_id, action.pk]),
        "explain_url": list_html.explain_url(action.key),
        "labels": _card_labels(get_language()),
    }


def _list_url(access, action=None):
    """The list, or one action's own page (a long list is paginated: its card may not be on page 1)."""
    if action is None:
        return reverse("actions:list", args=[access.company.pk])
    return reverse("actions:detail", args=[access.company.pk, action.pk])


@company_view()
def action_list(request, access):
    status = request.GET.get("status", "open")
    if status not in services.STATUS_FILTERS:
        status = "open"
    origin = request.GET.get("origin", "")
    origins = [(s.key, str(s.label)) for s in registry.sources()]
    services.refresh_if_stale(access.company)
    if origin not in {key for key, _label in origins}:
        origin = ""
    counts = services.counts(access)
    # 50 cards a page: readable on a phone, and the page costs the same with 5 or 500 actions.
    # The cards are built in Python (``list_html``) from named tuples, not model instances.
    listed = services.actions_for(access, status=status, origin=origin).values_list(*list_html.FIELDS, named=True)
    paginator = Paginator(listed, PAGE_SIZE)
    if not origin:
        paginator.count = counts[status]  # the per-status counts already hold the total: no COUNT query
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "company": access.company,
        "access": access,
        "page": page,
        "cards": list_html.cards_html(page.object_list, can_edit=access.can_edit),
        "counts": counts,
        "status": status,
        "origin": origin,
        "status_tabs": _status_tabs(),
        "origins": origins,
        "status_choices": Action.Status.choices,
    }
    return render(request, "actions/list.html", context)


def _action_or_404(access, action_id):
    return get_object_or_404(scoped(Action.objects.select_related("updated_by", "updated_by_org"), access), pk=action_id)


def _detail_context(access, r):
    return {"r": r, "access": access, "company": access.company, "status_choices": Action.Status.choices}


@company_view()
def action_detail(request, access, action_id):
    """One action on its own page: where reminders and the other instruments link to."""
    action = _action_or_404(access, action_id)
    return render(request, "actions/detail.html", _detail_context(access, row(action)))


@company_view(need="edit")
def action_edit(request, access, action_id):
    action = _action_or_404(access, action_id)
    htmx = bool(request.headers.get("HX-Request"))
    if request.method == "POST":
        form = ActionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            action = services.update_action(
                action, user=request.user, access=access, owner=data["owner"].strip(), due=data["due"], set_due=True,
                status=data["status"], note=data["note"].strip(),
            )
            if htmx:
                action = _action_or_404(access, action.pk)
                return render(request, "actions/_action.html", {**_detail_context(access, row(action)), "saved": True})
            messages.success(request, _("The action was saved."))
            return redirect(_list_url(access, action))
    else:
        form = ActionForm(initial={"owner": action.owner, "due": action.due, "status": action.status, "note": action.note})
    context = _detail_context(access, row(action, form))
    return render(request, "actions/_action.html" if htmx else "actions/detail.html", context)


@company_view()
def action_go(request, access):
    """From another instrument (e.g. a weak self-check answer) to its action on the list."""
    key = request.GET.get("key", "")
    services.refresh_if_stale(access.company)
    action = scoped(Action.objects, access).filter(key=key).first() if key else None
    if action is None:
        messages.info(request, _("This item is not on the action list yet. Update the list to add it."))
        return redirect(_list_url(access))
    return redirect(_list_url(access, action))


@require_POST
@company_view(need="edit")
def action_refresh(request, access):
    summary = services.regenerate(access.company)
    messages.success(
        request,
        _("The list was updated: %(created)d new, %(resolved)d resolved, %(reopened)d reopened.")
        % {"created": summary.created, "resolved": summary.resolved, "reopened": summary.reopened},
    )
    if summary.failed_sources:
        messages.warning(request, _("Some diagnoses could not be read just now; their items were left unchanged."))
    return redirect(_list_url(access))


@company_view(need="member")
def reminder_settings(request, access):
    preference = reminders.preference_for(request.user, access.company)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            reminders.save_preference(request.user, access.company, **form.cleaned_data)
            messages.success(request, _("Your reminder settings were saved."))
            return redirect("actions:reminders", access.company.pk)
    else:
        form = PreferenceForm(initial={"recheck": preference.recheck, "due": preference.due})
    return render(request, "actions/reminders.html", {"company": access.company, "access": access, "form": form})
