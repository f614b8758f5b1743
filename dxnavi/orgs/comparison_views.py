"""The adviser's comparison of clients (heat map): the client list's page and search, every instrument's latest
result per client (``comparison.heatmap``). Reading it is a read of each listed client's data: counted in the
companies' access logs as the client list is (``audit_listed``)."""

from django.shortcuts import render

from . import comparison
from .scoping import audit_listed, org_view


@org_view()
def adviser_comparison(request, org):
    organization = org.organization
    query = request.GET.get("q", "").strip()
    heat = comparison.heatmap(request.user, organization, query, request.GET.get("page"))
    audit_listed([company for company, _cells in heat.rows], request.user, organization, path=request.get_full_path())
    context = {"org": org, "organization": organization, "heat": heat, "page": heat.page, "query": query,
               "levels": range(comparison.LEVELS)}
    return render(request, "orgs/adviser_comparison.html", context)
