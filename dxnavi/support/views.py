"""支援記録 pages.

Company pages (``c/<company_id>/support/…``, ``scoping.company_view``, advisers audited):
- ``records``: the company's members read every organization's records about it; a linked adviser
  sees its own organization's records and, as an editor or owner, the button to add one.
- ``record_new`` / ``record_edit`` / ``record_delete``: ``need="adviser_edit"`` — the company's own
  members get 404, a viewer of the organization 403; edit and delete only the adviser's own
  organization's records (404 for another's).
Organization pages (``adviser/o/<org_id>/support/…``, ``scoping.org_view``): every record of the
organization over a 年度 or custom dates, its Excel export, and the reminder e-mail setting.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi.orgs.models import AuditEvent
from dxnavi.orgs.scoping import audit_many, company_view, org_view

from dxnavi.actions.registry import RECHECK_MONTH_CHOICES

from . import content, exporters, recheck, reminders, services
from .domain import periods
from .forms import PeriodForm, RecordForm, period_error

PAGE_SIZE = 50


def _rows(records):
    return [
        {"record": r, "kind": content.type_label(r.kind)}
        for r in records
    ]


@company_view()
def records(request, access):
    if access.is_adviser:
        listed = services.records_of_org_for_company(access)
    else:
        listed = services.records_for_company(access)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "company": access.company, "access": access, "page": page, "rows": _rows(page.object_list),
        "can_write": access.is_adviser and access.can_edit,
    }
    return render(request, "support/records.html", context)


def _form_page(request, access, form, record=None):
    context = {"company": access.company, "access": access, "form": form, "record": record}
    return render(request, "support/record_form.html", context)


@company_view(need="adviser_edit")
def record_new(request, access):
    staff = services.staff_choices(access.organization)
    if request.method == "POST":
        form = RecordForm(request.POST, staff=staff)
        if form.is_valid():
            services.create_record(access, request.user, form.cleaned_data)
            messages.success(request, _("The support record was saved."))
            return redirect("support:records", access.company.pk)
    else:
        form = RecordForm(staff=staff, initial={"date": services.today(), "responsible": request.user.pk})
    return _form_page(request, access, form)


@company_view(need="adviser_edit")
def record_edit(request, access, record_id):
    record = services.record_for_org(access, record_id)
    staff = services.staff_choices(access.organization)
    if record.responsible_id and record.responsible_id not in {pk for pk, _name in staff}:
        staff.append((record.responsible_id, record.responsible.name or record.responsible.email))
    if request.method == "POST":
        form = RecordForm(request.POST, staff=staff)
        if form.is_valid():
            services.update_record(record, request.user, form.cleaned_data)
            messages.success(request, _("The support record was saved."))
            return redirect("support:records", access.company.pk)
    else:
        initial = {name: getattr(record, name) for name in services.FIELDS}
        form = RecordForm(staff=staff, initial={**initial, "responsible": record.responsible_id})
    return _form_page(request, access, form, record)


@require_POST
@company_view(need="adviser_edit")
def record_delete(request, access, record_id):
    record = services.record_for_org(access, record_id)
    services.delete_record(record)
    messages.success(request, _("The support record was deleted."))
    return redirect("support:records", access.company.pk)


# --- the organization's pages -----------------------------------------------------------------


def _period(request):
    """(form, period) from the query string; the current 年度 when nothing (or something wrong) was given."""
    form = PeriodForm(request.GET or None)
    current = periods.fiscal_year(periods.fiscal_year_of(services.today()))
    if not request.GET or not form.is_valid():
        return form, current
    data = form.cleaned_data
    if data.get("start") and data.get("end"):
        try:
            return form, periods.custom(data["start"], data["end"])
        except periods.PeriodError as error:
            field, message = period_error(error.code)
            form.add_error(field, message)
            return form, current
    if data.get("fy"):
        return form, periods.fiscal_year(data["fy"])
    return form, current


def _query(period) -> str:
    if period.fiscal_year is not None:
        return f"fy={period.fiscal_year}"
    return f"start={period.start.isoformat()}&end={period.end.isoformat()}"


@org_view()
def org_records(request, org):
    organization = org.organization
    form, period = _period(request)
    listed = services.records_for_org(organization, period).order_by("-date", "-pk")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    this_year = periods.fiscal_year_of(services.today())
    context = {
        "org": org, "organization": organization, "form": form, "period": period, "page": page,
        "rows": _rows(page.object_list), "summary": services.summarize(organization, period),
        "period_label": exporters.period_label(period), "query": _query(period),
        "years": list(range(this_year, this_year - 6, -1)),
        "opted_out": reminders.is_opted_out(request.user, organization),
    }
    return render(request, "support/org_records.html", context)


@org_view()
def org_export(request, org):
    organization = org.organization
    _form, period = _period(request)
    listed = list(services.records_for_org(organization, period))
    # Downloading the records is a read of each company's data: it appears in their access logs.
    audit_many(sorted({r.company_id for r in listed}), request.user, organization, AuditEvent.Action.EXPORT, request.get_full_path())
    return exporters.response(organization, period, listed, services.summarize(organization, period))


@org_view()
def org_reminders(request, org):
    organization = org.organization
    error = ""
    if request.method == "POST":
        choice = request.POST.get("remind")
        if choice in ("0", "1"):
            reminders.set_opted_out(request.user, organization, choice == "0")
            messages.success(request, _("Your reminder settings were saved."))
            return redirect("support:org_reminders", organization.pk)
        error = _("Reminder e-mails: choose whether to receive them.")
    context = {
        "org": org, "organization": organization, "opted_out": reminders.is_opted_out(request.user, organization), "error": error,
    }
    return render(request, "support/org_reminders.html", context)


@company_view(need="member")
def recheck_interval(request, access):
    """The company chooses when the self-check re-check reminder comes: 3, 6 or 12 months after the last check."""
    current = recheck.months_for(access.company)
    error = ""
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        try:
            months = int(request.POST.get("months", ""))
        except ValueError:
            months = None
        if months in RECHECK_MONTH_CHOICES:
            recheck.set_months(access.company, months, request.user)
            messages.success(request, _("The re-check interval was saved."))
            return redirect("support:recheck_interval", access.company.pk)
        error = _("Re-check interval: choose 3, 6 or 12 months.")
    context = {
        "company": access.company, "access": access, "current": current, "choices": RECHECK_MONTH_CHOICES, "error": error,
    }
    return render(request, "support/recheck_interval.html", context)
