"""DX certification readiness page. Company-scoped like every company page (scoping.company_view)."""

from django.shortcuts import render

from dxnavi.assessments import services as engine
from dxnavi.orgs.scoping import company_view

from . import services


@company_view(need="view")
def certification(request, access):
    """Readiness from the latest DX maturity result and today's security status."""
    latest = engine.latest_completed(access.company, services.MATURITY_PACK)
    section = services.readiness_section(latest, access) if latest is not None else None
    context = {
        "company": access.company,
        "access": access,
        "latest": latest,
        "section": section,
        "pack": engine.current_pack(services.MATURITY_PACK),
        "maturity_pack": services.MATURITY_PACK,
    }
    return render(request, "dxdiag/certification.html", context)
