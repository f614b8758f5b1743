from django.urls import reverse

from dxnavi.knowledge import services
from dxnavi.orgs.models import Role
from dxnavi.orgs.scoping import CompanyAccess


def owner_access(company):
    return CompanyAccess(company=company, via="member", role=Role.OWNER)


def url(name, world, **kwargs):
    return reverse(f"knowledge:{name}", kwargs={"company_id": world["company"].pk, **kwargs})


def upload(company, user, filename, content, capture, title=""):
    """Upload through the service and run the extraction job (as after the commit)."""
    with capture(execute=True):
        document = services.upload(owner_access(company), user, filename=filename, content=content, title=title)
    document.refresh_from_db()
    return document
