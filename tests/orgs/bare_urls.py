"""The project's URLs plus a bare company page (company_view and an empty base.html), for query-count guards."""

from django.shortcuts import render
from django.urls import path

from dxnavi.orgs.scoping import company_view
from dxnavi.urls import urlpatterns as project_urlpatterns


@company_view(need="view")
def bare_company_page(request, access):
    return render(request, "base.html", {"company": access.company, "access": access})


urlpatterns = [path("__bare__/c/<id:company_id>/", bare_company_page, name="bare_company_page"), *project_urlpatterns]
