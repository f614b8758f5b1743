"""Subsidy finder pages. Every view is wrapped by ``scoping.company_view`` and reads saved
estimates only through ``services.estimates_for`` (→ ``scoping.scoped``); the rules live in
``domain`` and ``services``."""

from django.apps import apps
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi.orgs.scoping import company_view
from dxnavi.reports.pdf import pdf_response

from . import catalog_state, documents, loader, presenters, presenters_rounds, services
from .domain import checklist as checklist_domain
from .domain.rules import ITEM_KINDS, MONTHLY_KINDS
from .forms import MAX_AMOUNT, MAX_MONTHS, MAX_ROWS, ItemFormSet, StatusForm, parse_yen

BLANK_ROWS = 3


def _age(catalog):
    return services.catalog_age(catalog) if catalog else None


def _rounds(snapshot, planned):
    return presenters_rounds.rounds_view(services.assess_rounds(snapshot.round_groups, planned), planned)


def _estimate_or_404(access, estimate_id):
    return get_object_or_404(services.estimates_for(access), pk=estimate_id)


@company_view()
def index(request, access):
    # The list shows totals only: not the stored items, facts and per-frame results.
    estimates = list(services.estimates_for(access).defer(*services.ESTIMATE_SNAPSHOT_FIELDS)[:50])
    snapshot = catalog_state.current()
    catalog = snapshot.catalog
    context = {
        "company": access.company,
        "access": access,
        "catalog": catalog,
        "catalog_age": _age(catalog),
        "rows": [{"estimate": e, "title": presenters.estimate_title(e)} for e in estimates],
        # The latest planned order date entered, if any, to compare with the rounds.
        "rounds": _rounds(snapshot, next((e.planned_order_date for e in estimates if e.planned_order_date), None)),
    }
    return render(request, "subsidies/index.html", context)


def _error_messages(formset, form) -> list[str]:
    """All problems in reading order: rows first (each message names its row), then the rest."""
    found = []
    for item_form in formset.forms:
        for field in ("kind", "amount", "months", "description"):
            found.extend(item_form.errors.get(field, []))
    found.extend(formset.non_form_errors())
    for errors in form.errors.values():
        found.extend(errors)
    return found


def _initial_rows(source) -> list[dict]:
    if source is None:
        return [{} for _ in range(BLANK_ROWS)]
    rows = [
        {
            "kind": item["kind"],
            "description": item.get("description", ""),
            "amount": str(item["amount_yen"]),
            "months": str(item["months"] or ""),
        }
        for item in source.items
    ]
    return rows + [{}]


def _prefill_row(params) -> dict | None:
    """A first cost row from the query string (bridges from other pages, e.g. a weak self-check item).

    Only known kinds and whole amounts are taken; anything else is ignored, never guessed.
    """
    kind = params.get("kind", "")
    if kind not in ITEM_KINDS:
        return None
    row = {"kind": kind, "description": params.get("description", "")[:120]}
    amount = parse_yen(params.get("amount", ""))
    if amount and amount <= MAX_AMOUNT:
        row["amount"] = str(amount)
    months = parse_yen(params.get("months", ""))
    if kind in MONTHLY_KINDS and months and 1 <= months <= MAX_MONTHS:
        row["months"] = str(months)
    return row


def _declarable_level(access) -> int | None:
    """The SECURITY ACTION level the company is ready to declare, from ``dxnavi.secaction`` (None without it)."""
    if not apps.is_installed("dxnavi.secaction"):
        return None
    from dxnavi.secaction import action_source

    return action_source.declarable_level(access)


@company_view(need="edit")
def estimate_new(request, access):
    catalogs = services.catalog_choices()
    show_errors = False
    secaction_level = None
    if request.method == "POST":
        data = request.POST
        if "add_row" in data:
            # A plain submit button (works without JavaScript): same data, one more empty row.
            data = data.copy()
            try:
                total = int(data.get("items-TOTAL_FORMS", "0"))
            except ValueError:
                total = 0
            data["items-TOTAL_FORMS"] = str(max(0, min(total + 1, MAX_ROWS)))
        formset = ItemFormSet(data, prefix="items")
        form = StatusForm(data, catalogs=catalogs)
        if "add_row" not in data:
            show_errors = True
            if formset.is_valid() and form.is_valid():
                estimate = services.save_estimate(
                    access,
                    user=request.user,
                    catalog=form.cleaned_data["catalog"],
                    items=formset.items(),
                    statuses=form.statuses(),
                    planned_order_date=form.cleaned_data["planned_order_date"],
                    title=form.cleaned_data["title"].strip(),
                )
                messages.success(request, _("The estimate was saved."))
                return redirect("subsidies:estimate_detail", access.company.pk, estimate.pk)
    else:
        source = None
        source_id = request.GET.get("from", "")
        if source_id.isascii() and source_id.isdigit():  # "²".isdigit() is true too, and int() refuses it
            source = services.estimates_for(access).filter(pk=int(source_id)).first()
        rows = _initial_rows(source)
        prefill = _prefill_row(request.GET) if source is None else None
        if prefill is not None:
            rows[0] = prefill
        formset = ItemFormSet(initial=rows, prefix="items")
        initial = {"it_processes": 1, "security_action": "0", "invoice_functions": "0"}
        if catalogs:
            initial["catalog"] = catalogs[0].pk
        if source is None:
            level = _declarable_level(access)
            if level is not None:
                initial["security_action"] = str(level)
                secaction_level = level
            if prefill is not None and request.GET.get("title"):
                initial["title"] = request.GET["title"][:120]
        if source is not None:
            initial.update(
                source.statuses, catalog=source.catalog_id, title=source.title, planned_order_date=source.planned_order_date
            )
        form = StatusForm(initial=initial, catalogs=catalogs)
    catalog = catalogs[0] if catalogs else None
    context = {
        "company": access.company,
        "access": access,
        "formset": formset,
        "form": form,
        "show_errors": show_errors,
        "errors": _error_messages(formset, form) if show_errors else [],
        "catalog": catalog,
        "catalog_age": _age(catalog),
        "facts": services.company_facts(access.company),
        "max_rows": MAX_ROWS,
        "secaction_level": secaction_level,
    }
    return render(request, "subsidies/form.html", context)


@company_view()
def estimate_detail(request, access, estimate_id):
    estimate = _estimate_or_404(access, estimate_id)
    context = documents.detail_context(access, estimate)
    context["rounds"] = _rounds(catalog_state.current(), estimate.planned_order_date)
    return render(request, "subsidies/detail.html", context)


@company_view()
def checklist(request, access, estimate_id, frame_id):
    estimate = _estimate_or_404(access, estimate_id)
    entry = services.result_for(estimate, frame_id)
    if entry is None or entry["estimate"] is None:
        raise Http404
    checks = checklist_domain.evaluate(entry["estimate"], entry["windows"], estimate.planned_order_date, timezone.localdate())
    context = {
        "company": access.company,
        "access": access,
        "estimate": estimate,
        "title": presenters.estimate_title(estimate),
        "frame": presenters.result_view(entry),
        "content": loader.checklist(),
        "checks": presenters.checklist_view(checks, entry, loader.checklist()),
        "catalog_age": _age(estimate.catalog),
    }
    return render(request, "subsidies/checklist.html", context)


@company_view()
def estimate_pdf(request, access, estimate_id):
    estimate = _estimate_or_404(access, estimate_id)
    return pdf_response(documents.estimate_pdf(access, estimate), documents.estimate_pdf_filename(access, estimate))


@require_POST
@company_view(need="edit")
def estimate_delete(request, access, estimate_id):
    estimate = _estimate_or_404(access, estimate_id)
    services.delete_estimate(estimate)
    messages.success(request, _("The estimate was deleted."))
    return redirect("subsidies:index", access.company.pk)
