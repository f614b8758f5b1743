"""IT戦略マップ and 導入プラン pages. Every view is wrapped by ``scoping.company_view``
(reads: "view", writes: "edit") and reads company data only through ``scoping.scoped``;
the rules live in ``services`` and ``domain``."""

from django.shortcuts import render

from dxnavi.orgs.scoping import company_view

from . import services


@company_view()
def overview(request, access):
    return render(request, "plans/overview.html", {"company": access.company, "access": access, **services.status(access)})
