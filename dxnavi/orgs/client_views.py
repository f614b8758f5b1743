"""The adviser organization's page with its client list: filters, sorting, counts, saved filters, the
person in charge (担当者) and the Excel export (issue #12). The rules live in ``client_filters``,
``client_list`` and ``services``; these views read the request and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import client_columns, client_list, exporters, filter_form, results_html, services
from .client_filters import PENDING, UNASSIGNED, ClientQuery, all_filters, all_sorts, status_choices
from .models import AuditEvent, SavedClientFilter, SupportLink
from .scoping import audit_listed, audit_many, org_view

RESULTS_ID = "client-results"


def _params(request) -> dict:
    """The list's GET parameters; the fixed ones read by name (tests/fuzz finds and fuzzes what views read)."""
    named = {
        "q": request.GET.get("q", ""), "sort": request.GET.get("sort", ""), "status": request.GET.get("status", ""),
        "assignee": request.GET.get("assignee", ""), "industry": request.GET.get("industry", ""),
        "prefecture": request.GET.get("prefecture", ""), "size": request.GET.get("size", ""), "sme": request.GET.get("sme", ""),
    }  # fmt: skip
    return {**request.GET.dict(), **named}


def _query(request, org, memo=None) -> ClientQuery:
    return ClientQuery.from_params(_params(request), [user_id for user_id, _name, _role in org.members], memo)


def _header(query: ClientQuery, key: str, title) -> dict:
    """A sortable column header: its link toggles the direction, ``aria-sort`` names the current one."""
    current = query.sort == key
    next_sort = f"-{key}" if current and not query.descending else key
    aria = ("descending" if query.descending else "ascending") if current else ""
    return {"title": title, "href": "?" + query.encoded(sort=next_sort, page=""), "aria_sort": aria, "current": current}


@org_view(members=True)
def adviser_org(request, org):
    organization = org.organization
    memo = {}
    query = _query(request, org, memo)
    pending_links = client_list.pending_links(organization)
    # 同意待ち: requests still waiting (an owner's expired or cancelled invitation is listed apart, to resend).
    pending = pending_links.waiting
    counts = client_list.status_counts(request.user, organization, len(pending))
    assignees = client_list.Assignees(
        org.members, can_assign=org.can_edit, organization_id=organization.pk,
        csrf_token=get_token(request) if org.can_edit else "", back=request.get_full_path(),
    )  # fmt: skip
    page = columns = None
    client_rows = ""
    if query.status == PENDING:
        pending = [p for p in pending if _pending_matches(p, query)]
    else:
        page = client_list.client_page(request.user, organization, query, request.GET.get("page"))
        columns, rows = client_columns.rows(page.object_list)
        # Listing a client's results is a read of its data: the company sees it in its access log,
        # counted per day rather than a row per page view.
        audit_listed([company for company, _cells in rows], request.user, organization, path=request.get_full_path())
        client_rows = client_list.rows_html(rows, assignees)
    sort_keys = {s.key for s in all_sorts()}
    headers = [_header(query, "name", _("Company")), _header(query, "employees", _("Employees")), {"title": _("SME")}]
    if columns:
        headers += [_header(query, c.key, c.title) if c.key in sort_keys else {"title": c.title} for c in columns]
    headers.append(_header(query, "assignee", _("Person in charge")))
    query_string = query.encoded()
    counts = [(key, title, counts.get(key, 0), "?" + query.encoded(status="" if key == "all" else key, page=""))
              for key, title in status_choices()]  # fmt: skip
    context = {
        "org": org, "organization": organization, "page": page, "columns": columns, "client_rows": client_rows,
        "pending": [(p, mark_safe(assignees.cell(p.pk, p.assignee_id, _pending_name(p)))) for p in pending],
        "lapsed": pending_links.lapsed,
        "members": client_list.members(org), "query": query, "query_string": query_string,
        "status_nav": results_html.status_nav(counts, query.status),
        "header_row": results_html.header_row(headers, RESULTS_ID, query.descending),
        "pager": results_html.pager(page, query_string),
        "urls": results_html.org_urls(organization.pk),
        "filter_fields": filter_form.cached_fields_html(
            all_filters(), query, memo, [(str(user_id), name) for user_id, name, _role in org.members], UNASSIGNED, all_sorts(),
        ),
        "unassigned": UNASSIGNED,
        "saved": [(s, *results_html.saved_filter_urls(organization.pk, s.pk))
                  for s in client_list.saved_filters(request.user, organization)],
        "results_id": RESULTS_ID, "pending_status": PENDING,
    }  # fmt: skip
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == RESULTS_ID:
        return render(request, "orgs/_client_results.html", context)
    return render(request, "orgs/adviser_org.html", context)


def _pending_name(pending) -> str:
    # The adviser knows the name only of a company it registered itself (see the consent rules).
    if pending.invitation_id or pending.requested_by_id and pending.company_created_by_id == pending.requested_by_id:
        return pending.company_name
    return _("The company with corporate number %(number)s") % {"number": pending.corporate_number}


def _pending_matches(pending, query: ClientQuery) -> bool:
    if query.assignee == UNASSIGNED:
        return pending.assignee_id is None
    return not query.assignee or str(pending.assignee_id) == query.assignee


@org_view(members=True)
def adviser_clients_xlsx(request, org):
    """The clients the list shows (same filters and order, every page) as an Excel sheet for the
    adviser's own records."""
    organization = org.organization
    query = _query(request, org)
    if query.status == PENDING:
        query.status = "all"  # requests waiting for consent are not the adviser's to export
    companies = list(client_list.clients(request.user, organization, query).values_list(*client_list.EXPORT_FIELDS, named=True))
    columns, rows = client_columns.rows(companies)
    audit_many(companies, request.user, organization, AuditEvent.Action.EXPORT, request.get_full_path())
    names = {user_id: name for user_id, name, _role in org.members}
    return exporters.clients_xlsx_response(organization, columns, rows, assignees=names)


def _back(request, organization) -> HttpResponseRedirect:
    """Back to the list the form was on (``next``: a path on this site only), else the organization's page."""
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    if back.startswith("/") and not back.startswith("//") and safe:
        return HttpResponseRedirect(back)
    return HttpResponseRedirect(reverse("orgs:adviser_org", args=[organization.pk]))


@require_POST
@org_view(need="edit", members=True)
def adviser_assign_client(request, org, link_id):
    """Set or clear a client's person in charge (editors and owners); htmx gets the cell back."""
    organization = org.organization
    value = request.POST.get("assignee", "")
    try:
        assignee_id = int(value) if value else None
    except ValueError:
        assignee_id = -1  # not a member: refused below
    htmx = bool(request.headers.get("HX-Request"))
    try:
        link = services.assign_client(organization, link_id, assignee_id, user=request.user)
    except ValidationError as error:
        if htmx:
            return HttpResponse(error.messages[0], status=400, content_type="text/plain; charset=utf-8")
        messages.error(request, error.messages[0])
        return _back(request, organization)
    if link is None:
        raise Http404
    if htmx:
        assignees = client_list.Assignees(
            org.members, can_assign=True, organization_id=organization.pk, csrf_token=get_token(request),
            back=request.POST.get("next", ""),
        )  # fmt: skip
        name = _link_company_name(link)
        return HttpResponse(assignees.cell(link.pk, link.assignee_id, name))
    messages.success(request, _("Person in charge saved."))
    return _back(request, organization)


def _link_company_name(link: SupportLink) -> str:
    company = link.company
    if link.status == SupportLink.Status.ACCEPTED or (link.requested_by_id and company.created_by_id == link.requested_by_id):
        return company.name
    return _("The company with corporate number %(number)s") % {"number": company.corporate_number}


@require_POST
@org_view()
def adviser_filter_save(request, org):
    organization = org.organization
    query = ClientQuery.from_params(_post_query(request), _member_ids(organization))
    try:
        saved = services.save_client_filter(organization, user=request.user, name=request.POST.get("name", ""), query=query.encoded())
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(reverse("orgs:adviser_org", args=[organization.pk]) + ("?" + query.encoded() if query.encoded() else ""))
    messages.success(request, _("Filter 「%(name)s」 saved.") % {"name": saved.name})
    return redirect(reverse("orgs:adviser_org", args=[organization.pk]) + ("?" + saved.query if saved.query else ""))


def _post_query(request):
    return QueryDict(request.POST.get("query", ""))


def _member_ids(organization):
    return list(organization.memberships.values_list("user_id", flat=True))


def _own_filter(request, org, filter_id) -> SavedClientFilter:
    return get_object_or_404(SavedClientFilter, pk=filter_id, organization=org.organization, user=request.user)


@org_view()
def adviser_filter_apply(request, org, filter_id):
    saved = _own_filter(request, org, filter_id)
    return redirect(reverse("orgs:adviser_org", args=[org.organization.pk]) + ("?" + saved.query if saved.query else ""))


@require_POST
@org_view()
def adviser_filter_delete(request, org, filter_id):
    saved = _own_filter(request, org, filter_id)
    saved.delete()
    messages.success(request, _("Filter 「%(name)s」 deleted.") % {"name": saved.name})
    return _back(request, org.organization)
