from dxnavi.orgs.models import AdviserOrganization
from dxnavi.orgs.scoping import switcher_companies

# The header's company switcher lists this many of the user's own companies; the rest are on the home page.
SWITCHER_LIMIT = 8


def _switcher(rows, access=None) -> dict:
    current = access.company if access is not None else None
    return {
        "nav_companies": rows[:SWITCHER_LIMIT],
        "nav_companies_more": len(rows) > SWITCHER_LIMIT,
        "nav_current_company": current,
        "nav_current_org": access.organization if access is not None and access.is_adviser else None,
    }


def company_switcher(user, access=None) -> dict:
    """What the header's company switcher shows: the current company and the user's own companies.

    ``access`` is the CompanyAccess of the page being shown (set by ``company_view``), so the
    current company costs no query, also when an adviser looks at a client's pages.
    """
    return _switcher(switcher_companies(user, SWITCHER_LIMIT + 1)[0], access)


def nav(request):
    """The header: the company switcher and whether to link the adviser workspace, in one query.

    ``nav_adviser_orgs`` is only tested for truth. On an organization's page (``scoping.org_view``) or an
    adviser's view of a client the organization is known without a query; otherwise the answer rides on the
    switcher's query, and only a user without an own company (an adviser) pays a second one.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = getattr(request, "company_access", None)
    org_access = getattr(request, "org_access", None)
    if org_access is not None:
        known_org = org_access.organization
    else:
        known_org = access.organization if access is not None and access.is_adviser else None
    rows, advises = switcher_companies(user, SWITCHER_LIMIT + 1)
    if known_org is not None:
        adviser_orgs = [known_org]
    elif advises is None:
        adviser_orgs = list(AdviserOrganization.objects.filter(memberships__user=user).only("pk", "name")[:1])
    else:
        adviser_orgs = [True] if advises else []
    return {**_switcher(rows, access), "nav_adviser_orgs": adviser_orgs}
