"""Five-step project pages: the step pages (tasks, goal, quotes, execution plan, subsidy), KPIs
and the payback page. Reads: ``company_view()``; writes: ``require_POST`` + ``company_view(need="edit")``
(the decorator audits adviser requests). Views parse forms, call ``services_projects``, render.

A rejected form re-renders the step page with the form's errors (status 400) and nothing saved.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi.orgs.scoping import company_view

from . import forms_projects as forms
from . import presenters_projects as presenters
from . import services
from . import services_projects as projects
from .models import STEP_COUNT


def _project(access, project_id):
    project = projects.project_or_none(access, project_id)
    if project is None:
        raise Http404
    return project


def _step_url(access, project, step=None, anchor=""):
    url = reverse("plans:project_step", args=[access.company.pk, project.pk, step or project.current_step])
    return f"{url}#{anchor}" if anchor else url


def _render_step(request, access, project, step, *, forms_override=None, status=200):
    context = presenters.step_page(access, projects.load(project), step, forms_override or {})
    return render(request, "plans/project_step.html", {"company": access.company, "access": access, **context}, status=status)


@company_view()
def project_list(request, access):
    plan = services.current_plan(access)
    rows = list(plan.rows.order_by("position", "pk")) if plan else []
    with_status = dict(projects.projects_with_status(access))
    by_row = {p.row_id: (p, status) for p, status in with_status.items()}
    items = [
        {"row": row, "project": by_row.get(row.pk, (None, None))[0], "status": by_row.get(row.pk, (None, None))[1]}
        for row in rows
    ]
    return render(request, "plans/project_list.html", {"company": access.company, "access": access, "plan": plan, "items": items})


@require_POST
@company_view(need="edit")
def project_create(request, access, row_id):
    row = projects.row_or_none(access, row_id)
    if row is None:
        raise Http404
    project = projects.create_project(access, row, user=request.user)
    return redirect(_step_url(access, project))


@company_view()
def project(request, access, project_id):
    project = _project(access, project_id)
    return _render_step(request, access, project, project.current_step)


@company_view()
def project_step(request, access, project_id, step):
    if not 1 <= step <= STEP_COUNT:
        raise Http404
    return _render_step(request, access, _project(access, project_id), step)


@require_POST
@company_view(need="edit")
def project_set_step(request, access, project_id):
    project = _project(access, project_id)
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        return redirect(_step_url(access, project))
    projects.set_step(project, form.cleaned_data["step"], user=request.user)
    messages.success(request, _("The project is now at step %(step)d.") % {"step": project.current_step})
    return redirect(_step_url(access, project))


@require_POST
@company_view(need="edit")
def project_task(request, access, project_id, task_id):
    project = _project(access, project_id)
    task = project.tasks.filter(pk=task_id).first()
    if task is None:
        raise Http404
    form = forms.TaskForm(request.POST, prefix="task", auto_id=f"id_task{task.pk}_%s")
    if not form.is_valid():
        return _render_step(request, access, project, task.step, forms_override={f"task{task.pk}": form}, status=400)
    projects.update_task(project, task, form.cleaned_data, user=request.user)
    return redirect(_step_url(access, project, task.step, f"task-{task.pk}"))


SECTION_FORMS = {
    "goal": (forms.GoalForm, 1),
    "execution": (forms.ExecutionForm, 3),
    "subsidy": (forms.SubsidyForm, 3),
    "payback": (forms.PaybackForm, 0),
}


@require_POST
@company_view(need="edit")
def project_section(request, access, project_id, section):
    if section not in SECTION_FORMS:
        raise Http404
    project = _project(access, project_id)
    form_class, step = SECTION_FORMS[section]
    kwargs = {"estimates": projects.estimates_for(access)} if section == "subsidy" else {}
    form = form_class(request.POST, prefix=section, **kwargs)
    if not form.is_valid():
        if section == "payback":
            return _render_payback(request, access, project, form, status=400)
        return _render_step(request, access, project, step, forms_override={section: form}, status=400)
    try:
        projects.save_section(access, project, section, dict(form.cleaned_data), user=request.user)
    except projects.ProjectError:
        raise Http404 from None
    messages.success(request, _("Saved."))
    if section == "payback":
        return redirect("plans:payback", access.company.pk, project.pk)
    return redirect(_step_url(access, project, step, section))


@require_POST
@company_view(need="edit")
def quote_add(request, access, project_id):
    project = _project(access, project_id)
    form = forms.QuoteForm(request.POST, prefix="quote")
    if not form.is_valid():
        return _render_step(request, access, project, 2, forms_override={"quote": form}, status=400)
    projects.add_quote(project, form.cleaned_data, user=request.user)
    return redirect(_step_url(access, project, 2, "quotes"))


def _quote(project, quote_id):
    quote = project.quotes.filter(pk=quote_id).first()
    if quote is None:
        raise Http404
    return quote


@require_POST
@company_view(need="edit")
def quote_choose(request, access, project_id, quote_id):
    project = _project(access, project_id)
    projects.choose_quote(project, _quote(project, quote_id), user=request.user)
    return redirect(_step_url(access, project, 2, "quotes"))


@require_POST
@company_view(need="edit")
def quote_delete(request, access, project_id, quote_id):
    project = _project(access, project_id)
    projects.delete_quote(project, _quote(project, quote_id), user=request.user)
    return redirect(_step_url(access, project, 2, "quotes"))


@require_POST
@company_view(need="edit")
def kpi_add(request, access, project_id):
    project = _project(access, project_id)
    form = forms.KpiForm(request.POST, prefix="kpi")
    if not form.is_valid():
        return _render_step(request, access, project, project.current_step, forms_override={"kpi": form}, status=400)
    projects.add_kpi(project, form.cleaned_data, user=request.user)
    return redirect(_step_url(access, project, anchor="kpis"))


def _kpi(project, kpi_id):
    kpi = project.kpis.filter(pk=kpi_id).first()
    if kpi is None:
        raise Http404
    return kpi


@require_POST
@company_view(need="edit")
def kpi_actual(request, access, project_id, kpi_id):
    project = _project(access, project_id)
    kpi = _kpi(project, kpi_id)
    form = forms.ActualForm(request.POST, prefix="actual", auto_id=f"id_actual{kpi.pk}_%s")
    if not form.is_valid():
        return _render_step(request, access, project, project.current_step, forms_override={f"actual{kpi.pk}": form}, status=400)
    projects.record_actual(project, kpi, form.cleaned_data, user=request.user)
    return redirect(_step_url(access, project, anchor=f"kpi-{kpi.pk}"))


@require_POST
@company_view(need="edit")
def kpi_delete(request, access, project_id, kpi_id):
    project = _project(access, project_id)
    projects.delete_kpi(project, _kpi(project, kpi_id), user=request.user)
    return redirect(_step_url(access, project, anchor="kpis"))


def _render_payback(request, access, project, form=None, status=200):
    context = presenters.payback_page(access, projects.load(project), form)
    return render(request, "plans/project_payback.html", {"company": access.company, "access": access, **context}, status=status)


@company_view()
def payback(request, access, project_id):
    return _render_payback(request, access, _project(access, project_id))
