"""攻撃対象の確認 (attack-surface check) pages, all under ``c/<company_id>/surface/`` through ``company_view``.

Reading (the list, a domain's confirmation steps, the latest result, the history, one past run): the
company's members and its linked advisers. Adding, confirming, removing and starting a check: the company's
own members with edit rights (``need="member"``: advisers get 404; a viewer 403). Whether a domain is
checked at all is decided by the company's DNS record, never by these pages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi.orgs.scoping import company_view

from . import presenters, scheduler, services
from .forms import DomainForm, limit_message
from .models import CheckRun

HISTORY_PAGE = 24


def _editor(access):
    if not access.can_edit:
        raise PermissionDenied


def _list_page(request, access, form, status=200):
    rows = []
    for domain in services.domains(access):
        rows.append({"domain": domain, "status": presenters.status_label(domain), "badge": presenters.status_badge(domain)})
    context = {
        "company": access.company, "access": access, "rows": rows, "form": form,
        "can_edit": access.via == "member" and access.can_edit,
    }
    return render(request, "surface/domains.html", context, status=status)


@company_view()
def domains(request, access):
    return _list_page(request, access, DomainForm())


@require_POST
@company_view(need="member")
def domain_add(request, access):
    _editor(access)
    form = DomainForm(request.POST)
    if form.is_valid():
        try:
            domain = services.add_domain(access, request.user, form.cleaned_data["domain"])
        except services.AlreadyAdded:
            form.add_error("domain", _("Domain name: this domain is already in the list."))
        except services.LimitReached:
            form.add_error("domain", limit_message())
        else:
            return redirect("surface:domain", access.company.pk, domain.pk)
    return _list_page(request, access, form, status=200)


@company_view()
def domain(request, access, domain_id):
    item = services.domain_for(access, domain_id)
    context = {
        "company": access.company, "access": access, "domain": item, "how": presenters.instructions(item),
        "status": presenters.status_label(item), "badge": presenters.status_badge(item),
        "latest": services.latest_run(item), "can_edit": access.via == "member" and access.can_edit,
    }
    return render(request, "surface/domain.html", context)


@require_POST
@company_view(need="member")
def domain_verify(request, access, domain_id):
    _editor(access)
    item = services.domain_for(access, domain_id)
    outcome = services.verify_domain(item)
    if outcome.code == "verified":
        messages.success(request, _("Confirmed. You can now check this domain."))
    elif outcome.code == "dns_error":
        messages.error(request, _("DNS did not answer. Please try again in a few minutes."))
    else:
        messages.error(request, _("The confirmation record was not found yet. A new DNS record can take up to an hour to appear; please try again later."))
    return redirect("surface:domain", access.company.pk, item.pk)


@require_POST
@company_view(need="member")
def domain_remove(request, access, domain_id):
    _editor(access)
    item = services.domain_for(access, domain_id)
    services.remove_domain(item)
    messages.success(request, _("The domain was removed. Its past results were deleted with it."))
    return redirect("surface:domains", access.company.pk)


@require_POST
@company_view(need="member")
def domain_check(request, access, domain_id):
    _editor(access)
    item = services.domain_for(access, domain_id)
    try:
        job = scheduler.start(access, request.user, item)
    except services.NotVerified:
        messages.error(request, _("Ownership of this domain is not confirmed yet, so it cannot be checked."))
        return redirect("surface:domain", access.company.pk, item.pk)
    return redirect("jobs:detail", access.company.pk, job.pk)


def _run_page(request, access, item, run):
    context = {
        "company": access.company, "access": access, "domain": item, "run": run,
        "rows": presenters.finding_rows(run, access.company.pk) if run else {"problems": [], "good": []},
        "facts": presenters.facts(run) if run else [],
        "status": presenters.status_label(item), "badge": presenters.status_badge(item),
        "can_edit": access.via == "member" and access.can_edit,
    }
    return render(request, "surface/result.html", context)


@company_view()
def result(request, access, domain_id):
    item = services.domain_for(access, domain_id)
    return _run_page(request, access, item, services.latest_run(item))


@company_view()
def run(request, access, domain_id, run_id):
    item = services.domain_for(access, domain_id)
    return _run_page(request, access, item, get_object_or_404(CheckRun.objects.filter(domain=item), pk=run_id))


@company_view()
def history(request, access, domain_id):
    item = services.domain_for(access, domain_id)
    runs = item.runs.order_by("-started", "-pk").only("pk", "started", "status", "trigger", "high", "medium", "low", "domain_id")
    page = Paginator(runs, HISTORY_PAGE).get_page(request.GET.get("page"))
    context = {"company": access.company, "access": access, "domain": item, "page": page}
    return render(request, "surface/history.html", context)
