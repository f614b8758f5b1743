"""「何か起きた」 pages (``c/<company_id>/incidents/…``, every one through ``scoping.company_view``).

Read: everyone with access (members, linked advisers — audited). Write (``need="edit"``): members and
linked advisers with edit rights, as on the other instruments; a viewer's POST is refused (403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi.content.i18n import pick
from dxnavi.orgs.scoping import company_view
from dxnavi.reports.pdf import pdf_response

from . import content, documents, presenters, services
from .domain import deadlines
from .forms import ContactsForm, DrillForm, EntryForm, IncidentForm, LeakCheckForm, TaskForm
from .models import IncidentStatus


def _base(access, **extra):
    return {"company": access.company, "access": access, "can_edit": access.can_edit, **extra}


@company_view()
def runbook(request, access):
    data = content.runbook()
    context = _base(
        access, steps=data["steps"], scenarios=data["scenarios"], public_contacts=data["public_contacts"],
        contacts=presenters.contact_rows(services.contacts(access)), leak=data["leak_report"],
    )  # fmt: skip
    return render(request, "incidents/runbook.html", context)


def _contacts_initial(stored) -> dict:
    initial = {}
    for role, contact in stored.items():
        initial.update({f"{role}_name": contact.name, f"{role}_phone": contact.phone, f"{role}_note": contact.note})
    return initial


@company_view()
def contacts(request, access):
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        form = ContactsForm(request.POST)
        if form.is_valid():
            services.save_contacts(access, request.user, form.contacts())
            messages.success(request, _("The emergency contacts were saved."))
            return redirect(reverse("incidents:runbook", args=[access.company.pk]) + "#contacts")
    else:
        form = ContactsForm(initial=_contacts_initial(services.contacts(access)))
    return render(request, "incidents/contacts.html", _base(access, form=form))


@company_view()
def leak_check(request, access):
    """The deadline calculator: a GET form, nothing is stored."""
    form = LeakCheckForm(request.GET or None)
    view = None
    if request.GET and form.is_valid():
        answers = {case: form.cleaned_data[case] for case in deadlines.CASES}
        view = presenters.leak_result(deadlines.leak_deadlines(form.cleaned_data["discovered"], answers))
    context = _base(access, form=form, view=view, leak=content.runbook()["leak_report"])
    return render(request, "incidents/leak_check.html", context)


@company_view()
def managed_services(request, access):
    data = content.services()
    query = urlencode({
        "kind": "security_service", "months": "24",
        "description": pick({"ja": "サイバーセキュリティお助け隊サービス", "en": "Cybersecurity Otasuketai service"}),
        "title": pick({"ja": "お助け隊サービスの導入", "en": "Otasuketai service"}),
    })  # fmt: skip
    estimate_url = f"{reverse('subsidies:estimate_new', args=[access.company.pk])}?{query}"
    context = _base(access, data=data, estimate_url=estimate_url)
    return render(request, "incidents/services.html", context)


# --- the incident log --------------------------------------------------------------------------


@company_view()
def log(request, access):
    rows = list(services.incidents(access))
    items = [{"incident": row, "kind": presenters.kind_label(row.kind)} for row in rows]
    return render(request, "incidents/log.html", _base(access, items=items))


def _incident_initial(row) -> dict:
    initial = {name: getattr(row, name) for name in services.INCIDENT_FIELDS}
    initial["discovered_at"] = timezone.localtime(row.discovered_at)
    return initial


@company_view(need="edit")
def incident_new(request, access):
    if request.method == "POST":
        form = IncidentForm(request.POST)
        if form.is_valid():
            row = services.create_incident(access, request.user, form.cleaned_data)
            messages.success(request, _("The incident was added to the log."))
            return redirect("incidents:detail", access.company.pk, row.pk)
    else:
        kind = request.GET.get("kind", "")
        form = IncidentForm(initial={
            "discovered_at": timezone.localtime().replace(second=0, microsecond=0), "status": IncidentStatus.OPEN,
            "kind": kind if content.scenario(kind) else "",
        })  # fmt: skip
    return render(request, "incidents/incident_form.html", _base(access, form=form, incident=None))


@company_view(need="edit")
def incident_edit(request, access, incident_id):
    row = services.incident(access, incident_id)
    if request.method == "POST":
        form = IncidentForm(request.POST)
        if form.is_valid():
            services.update_incident(row, form.cleaned_data)
            messages.success(request, _("The incident was saved."))
            return redirect("incidents:detail", access.company.pk, row.pk)
    else:
        form = IncidentForm(initial=_incident_initial(row))
    return render(request, "incidents/incident_form.html", _base(access, form=form, incident=row))


def _detail(request, access, row, entry_form=None, task_form=None, status=200):
    context = _base(
        access, incident=row, kind=presenters.kind_label(row.kind), entries=list(services.entries(row)),
        tasks=list(services.tasks(row)), leak=presenters.leak_view(row), discovered=services.discovered_date(row),
        scenario=content.scenario(row.kind),
        entry_form=entry_form or EntryForm(initial={"at": timezone.localtime().replace(second=0, microsecond=0), "kind": "event"}),
        task_form=task_form or TaskForm(),
    )  # fmt: skip
    return render(request, "incidents/detail.html", context, status=status)


@company_view()
def incident_detail(request, access, incident_id):
    return _detail(request, access, services.incident(access, incident_id))


@require_POST
@company_view(need="edit")
def entry_add(request, access, incident_id):
    row = services.incident(access, incident_id)
    form = EntryForm(request.POST)
    if not form.is_valid():
        return _detail(request, access, row, entry_form=form)
    services.add_entry(access, row, request.user, form.cleaned_data)
    messages.success(request, _("The timeline entry was added."))
    return redirect(reverse("incidents:detail", args=[access.company.pk, row.pk]) + "#timeline")


@require_POST
@company_view(need="edit")
def task_add(request, access, incident_id):
    row = services.incident(access, incident_id)
    form = TaskForm(request.POST)
    if not form.is_valid():
        return _detail(request, access, row, task_form=form)
    services.add_task(access, row, form.cleaned_data)
    messages.success(request, _("The task was added."))
    return redirect(reverse("incidents:detail", args=[access.company.pk, row.pk]) + "#tasks")


@require_POST
@company_view(need="edit")
def task_done(request, access, incident_id, task_id):
    row = services.incident(access, incident_id)
    task = services.task(access, row, task_id)
    services.set_task_done(access, task, request.POST.get("done") == "1")
    return redirect(reverse("incidents:detail", args=[access.company.pk, row.pk]) + f"#task-{task.pk}")


@company_view()
def incident_pdf(request, access, incident_id):
    row = services.incident(access, incident_id)
    pdf = documents.incident_pdf(access, row)
    return pdf_response(pdf, f"{_('Incident report')}-{row.pk}.pdf")


# --- drills ------------------------------------------------------------------------------------


@company_view()
def drills(request, access):
    rows = list(services.drills(access))
    titles = {d["id"]: pick(d["title"]) for d in content.drills()["drills"]}
    history = [{"drill": r, "title": titles.get(r.scenario, r.scenario)} for r in rows]
    context = _base(access, scenarios=content.drills()["drills"], history=history)
    return render(request, "incidents/drills.html", context)


@company_view()
def drill_run(request, access, scenario):
    drill = content.drill(scenario)
    if drill is None:
        raise Http404
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        form = DrillForm(request.POST, drill=drill)
        if form.is_valid():
            row = services.record_drill(access, request.user, scenario, form.cleaned_data, form.answers())
            messages.success(
                request,
                _("The drill was recorded: %(done)d of %(total)d steps as in the runbook.") % {"done": row.steps_done, "total": row.steps_total},
            )
            return redirect("incidents:drills", access.company.pk)
    else:
        form = DrillForm(drill=drill, initial={"date": services.today()})
    context = _base(access, drill=drill, form=form, scenario=content.scenario(scenario))
    return render(request, "incidents/drill_run.html", context)
