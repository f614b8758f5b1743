from dxnavi.orgs.models import AdviserOrganization
from dxnavi.orgs.scoping import member_companies


def nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_companies": list(member_companies(user).only("pk", "name")[:5]),
        "nav_adviser_orgs": list(AdviserOrganization.objects.filter(memberships__user=user).only("pk", "name")[:5]),
    }
