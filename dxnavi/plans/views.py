"""IT戦略マップ and 導入プラン pages. Every company view is wrapped by ``scoping.company_view``
(reads: "view", writes: "edit"; the decorator audits adviser requests) and reads company data only
through ``services`` (which use ``scoping.scoped``). Views parse input, call services, render."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi.orgs.scoping import company_view
from dxnavi.reports.pdf import pdf_response

from . import documents, exporters, presenters, services
from .domain import maps
from .domain.plans import PlanError


def _ctx(access, **extra):
    return {"company": access.company, "access": access, **extra}


def guide(request):
    """The problem → tool guide, the five steps and where to consult (content only, no company data)."""
    return render(request, "plans/guide.html", {**presenters.tool_guide(), **presenters.steps_guide()})


@company_view()
def overview(request, access):
    return render(request, "plans/overview.html", _ctx(access, **services.status(access)))


def _map_context(access, version):
    display = presenters.map_display(version.data)
    return _ctx(
        access,
        version=version,
        goals=display,
        svg=presenters.map_svg(version.data),
        versions=services.map_versions(access).order_by("-number"),
    )


@company_view()
def map_latest(request, access):
    version = services.latest_map_version(access)
    if version is None:
        if access.can_edit:
            return redirect("plans:map_edit", access.company.pk)
        return render(request, "plans/map_empty.html", _ctx(access))
    return render(request, "plans/map.html", {**_map_context(access, version), "is_latest": True})


@company_view()
def map_version(request, access, number):
    version = get_object_or_404(services.map_versions(access), number=number)
    latest = services.latest_map_version(access)
    return render(request, "plans/map.html", {**_map_context(access, version), "is_latest": version.pk == latest.pk})


@company_view(need="edit")
def map_edit(request, access):
    error = None
    status = 200
    if request.method == "POST":
        draft = maps.draft_from_post(request.POST)
        if request.POST.get("action") == "save":
            try:
                version = services.save_map(access, maps.data_from_draft(draft), user=request.user)
            except maps.MapError as exc:
                error, status = exc, 400
            else:
                saved = _("Version %(version)d of the IT strategy map was saved.")
                messages.success(request, saved % {"version": version.number})
                return redirect("plans:map", access.company.pk)
    else:
        latest = services.latest_map_version(access)
        draft = maps.draft_from_data(latest.data if latest else None)
        wanted = maps.parse_goal_list(request.GET.get("goals"))
        for goal_id in wanted:  # pre-selection from another instrument's "next steps"
            if goal_id not in draft.goals and len(draft.goals) < maps.MAX_GOALS:
                draft.goals.append(goal_id)
    context = _ctx(access, builder=presenters.builder(draft), error=error, guide=presenters.tool_guide())
    template = "plans/_builder.html" if request.headers.get("HX-Request") else "plans/map_edit.html"
    return render(request, template, context, status=status)


def _plan_context(access, plan, **extra):
    rows, phases = services.plan_rows_with_phases(plan)
    labels = services.plan_labels(plan)
    table = presenters.plan_table(plan, rows, phases)
    categories = presenters.tool_categories()
    editors = {"rows": [], "new": None}
    if access.can_edit:  # only editors see the row forms
        editors = presenters.row_editors(access.company.pk, table, labels, categories)
    editor_rows = [{**t, "editor": e} for t, e in zip(table, editors["rows"])]
    return _ctx(
        access,
        plan=plan,
        table=table,
        labels=labels,
        timeline=presenters.timeline_svg(table, labels),
        editors=editor_rows,
        row_forms=presenters.row_forms_html(editor_rows, extra.get("error_row")),
        new_editor=editors["new"],
        latest_map=services.latest_map_head(access),  # its pk and number are shown
        years=range(plan.start_year - 2, plan.start_year + 4),
        **extra,
    )


@company_view()
def plan(request, access):
    plan = services.current_plan(access)
    if plan is None:
        return render(request, "plans/plan_empty.html", _ctx(access, latest_map=services.latest_map_version(access)))
    return render(request, "plans/plan.html", _plan_context(access, plan))


def _plan_or_404(access):
    plan = services.current_plan(access)
    if plan is None:
        raise Http404
    return plan


def _after_edit(request, access, plan, *, error=None, row_id=None, anchor=""):
    """htmx: the plan body partial; otherwise redirect (or the page with the error, status 400)."""
    if error is None and not request.headers.get("HX-Request"):
        return redirect(reverse("plans:plan", args=[access.company.pk]) + anchor)
    context = _plan_context(access, plan, error=error, error_row=row_id)
    template = "plans/_plan_body.html" if request.headers.get("HX-Request") else "plans/plan.html"
    return render(request, template, context, status=400 if error else 200)


@require_POST
@company_view(need="edit")
def plan_build(request, access):
    version = services.latest_map_version(access)
    if version is None:
        messages.error(request, _("Save an IT strategy map first."))
        return redirect("plans:map_edit", access.company.pk)
    try:
        _plan, added = services.build_plan(access, version, user=request.user)
    except PlanError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d rows were added to the adoption plan from the map.") % {"n": added})
    return redirect("plans:plan", access.company.pk)


@require_POST
@company_view(need="edit")
def plan_settings(request, access):
    plan = _plan_or_404(access)
    try:
        services.update_settings(plan, request.POST, user=request.user)
    except PlanError as exc:
        plan.refresh_from_db()
        return _after_edit(request, access, plan, error=exc, row_id="settings")
    return _after_edit(request, access, plan, anchor="#plan-settings")


@require_POST
@company_view(need="edit")
def row_add(request, access):
    plan = _plan_or_404(access)
    try:
        row = services.add_row(plan, request.POST, user=request.user)
    except PlanError as exc:
        return _after_edit(request, access, plan, error=exc, row_id="new")
    return _after_edit(request, access, plan, anchor=f"#row-{row.pk}")


def _row_or_404(plan, row_id):
    row = services.row_or_none(plan, row_id)
    if row is None:
        raise Http404
    return row


@require_POST
@company_view(need="edit")
def row_save(request, access, row_id):
    plan = _plan_or_404(access)
    row = _row_or_404(plan, row_id)
    try:
        services.save_row(plan, row, request.POST, user=request.user)
    except PlanError as exc:
        return _after_edit(request, access, plan, error=exc, row_id=row.pk)
    return _after_edit(request, access, plan, anchor=f"#row-{row.pk}")


@require_POST
@company_view(need="edit")
def row_move(request, access, row_id):
    plan = _plan_or_404(access)
    row = _row_or_404(plan, row_id)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return _after_edit(request, access, plan, error=PlanError("direction", _("Move: choose up or down.")), row_id=row.pk)
    services.move_row(plan, row, direction, user=request.user)
    return _after_edit(request, access, plan, anchor=f"#row-{row.pk}")


@require_POST
@company_view(need="edit")
def row_delete(request, access, row_id):
    plan = _plan_or_404(access)
    services.delete_row(plan, _row_or_404(plan, row_id), user=request.user)
    return _after_edit(request, access, plan, anchor="#plan-table")


def _filename(access, ext):
    return f"{_('Adoption plan')}_{access.company.name}.{ext}"


@company_view()
def plan_pdf(request, access):
    plan = _plan_or_404(access)
    pdf = documents.plan_pdf(access, plan)
    return pdf_response(pdf, _filename(access, "pdf"))


@company_view()
def plan_xlsx(request, access):
    plan = _plan_or_404(access)
    context = documents.export_context(access, plan)
    data = exporters.plan_workbook(access.company, plan, context["table"], context["labels"], context["projects"])
    return exporters.xlsx_response(data, _filename(access, "xlsx"))


