from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from dxnavi.content import reference
from dxnavi.orgs import services as org_services
from dxnavi.orgs.models import AdviserOrganization, SupportLink
from dxnavi.orgs.scoping import company_view, member_companies, scoped
from dxnavi.privacy import services as privacy_services

from .dashboard import cards_html


def landing(request):
    if request.user.is_authenticated:
        return redirect("web:home")
    return render(request, "web/landing.html")


@login_required
def home(request):
    """Send people where their work is: their one company, or an overview when they have several."""
    companies = list(member_companies(request.user).order_by("name"))
    orgs = list(AdviserOrganization.objects.filter(memberships__user=request.user).order_by("name"))
    if len(companies) == 1 and not orgs:
        return redirect("web:company_dashboard", companies[0].pk)
    if len(orgs) == 1 and not companies:
        return redirect("orgs:adviser_org", orgs[0].pk)
    return render(request, "web/home.html", {"companies": companies, "orgs": orgs})


@company_view()
def company_dashboard(request, access):
    company = access.company
    context = {
        "company": company,
        "access": access,
        "classification": org_services.classification(company),
        "industry": " › ".join(
            f"{code} {reference.jsic_name(code)}"
            for code in (company.industry_major, company.industry_middle, company.industry_minor)
            if code
        ),
        "prefecture": reference.prefecture_name(company.prefecture),
        "pending_links": scoped(SupportLink.objects.filter(status=SupportLink.Status.PENDING), access).select_related("organization")
        if access.is_owner
        else [],
        # Each instrument contributes its card (registered in its AppConfig.ready, see dashboard.py);
        # rendered once per data stamp, viewer, language and day (dashboard.cards_html, data_stamp.py).
        "cards_html": cards_html(access),
        # Only members get here while a deletion is pending (advisers are refused by scoping).
        "deletion": privacy_services.pending_deletion(company),
    }
    return render(request, "web/company_dashboard.html", context)


@login_required
def adviser_home(request):
    orgs = list(AdviserOrganization.objects.filter(memberships__user=request.user).order_by("name"))
    if len(orgs) == 1:
        return redirect("orgs:adviser_org", orgs[0].pk)
    return render(request, "web/adviser_home.html", {"orgs": orgs})


@require_POST
def set_language(request):
    """Django's language switch, also remembered on the account so the next login keeps it."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES) and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
