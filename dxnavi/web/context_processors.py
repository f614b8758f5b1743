from dxnavi.orgs.models import AdviserOrganization
from dxnavi.orgs.scoping import member_companies

# The header's company switcher lists this many of the user's own companies; the rest are on the home page.
SWITCHER_LIMIT = 8


def company_switcher(user, access=None) -> dict:
    """What the header's company switcher shows: the current company and the user's own companies.

    ``access`` is the CompanyAccess of the page being shown (set by ``company_view``), so the
    current company costs no query, also when an adviser looks at a client's pages.
    """
    rows = list(member_companies(user).only("pk", "name").order_by("name", "pk")[: SWITCHER_LIMIT + 1])
    current = access.company if access is not None else None
    return {
        "nav_companies": rows[:SWITCHER_LIMIT],
        "nav_companies_more": len(rows) > SWITCHER_LIMIT,
        "nav_current_company": current,
        "nav_current_org": access.organization if access is not None and access.is_adviser else None,
    }


def _adviser_orgs(request, user) -> list:
    """Some of the user's adviser organizations (the header only asks whether there is one).

    On an organization's own pages (``scoping.org_view``) that organization answers, without a query.
    """
    org_access = getattr(request, "org_access", None)
    if org_access is not None:
        return [org_access.organization]
    return list(AdviserOrganization.objects.filter(memberships__user=user).only("pk", "name")[:5])


def nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        **company_switcher(user, getattr(request, "company_access", None)),
        "nav_adviser_orgs": _adviser_orgs(request, user),
    }
