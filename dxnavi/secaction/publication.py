"""The public page of the company's basic policy, and the HTML snippet for its own website.

A company publishes its adopted policy (the latest adopted version) at an unguessable link:
``secrets.token_urlsafe(32)``, 256 bits. The link is the only key — no login — so it opens
nothing but the policy text, and only while the company keeps it on. Turning it on or off and
making a new link are the company's own acts, like adopting the policy: its owners and editors,
never an adviser (an adviser may see the state and the snippet).

``published_policy(token)`` is the one query that reads company data without a
``CompanyAccess``: the token stands in for it, and it returns nothing for a wrong token, a page
turned off, a company pending deletion, or a company without an adopted policy.
"""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from dxnavi.orgs.scoping import CompanyAccess, scoped

from . import services
from .models import BasicPolicy, PolicyPublication


class NothingToPublish(Exception):
    """Turning the page on needs an adopted policy."""


def new_token() -> str:
    return secrets.token_urlsafe(32)


def can_publish(access: CompanyAccess) -> bool:
    return services.can_adopt(access)


def get(access: CompanyAccess) -> PolicyPublication | None:
    return scoped(PolicyPublication.objects, access).first()


@transaction.atomic
def set_enabled(access: CompanyAccess, *, enabled: bool, user) -> PolicyPublication:
    """Turn the public page on or off (the first time on creates the link)."""
    if not can_publish(access):
        raise PermissionDenied
    if enabled and services.adopted_policy(access) is None:
        raise NothingToPublish
    publication, _created = PolicyPublication.objects.select_for_update().get_or_create(
        company=access.company, defaults={"token": new_token(), "changed_by": user}
    )
    publication.enabled = enabled
    publication.changed_by = user
    publication.changed_at = timezone.now()
    publication.save(update_fields=["enabled", "changed_by", "changed_at"])
    return publication


@transaction.atomic
def renew_token(access: CompanyAccess, *, user) -> PolicyPublication | None:
    """A new link; the old one stops working at once. Nothing happens before the first publication."""
    if not can_publish(access):
        raise PermissionDenied
    publication = scoped(PolicyPublication.objects.select_for_update(), access).first()
    if publication is None:
        return None
    publication.token = new_token()
    publication.changed_by = user
    publication.changed_at = timezone.now()
    publication.save(update_fields=["token", "changed_by", "changed_at"])
    return publication


def published_policy(token: str) -> BasicPolicy | None:
    """The policy shown at a public link, or None (then the page is a 404)."""
    if not token or len(token) > 64:
        return None
    publication = (
        PolicyPublication.objects.filter(token=token, enabled=True, company__deletion_pending=False)
        .only("company_id")
        .first()
    )
    if publication is None:
        return None
    return (
        BasicPolicy.objects.filter(company_id=publication.company_id, adopted_at__isnull=False)
        .order_by("-adopted_at", "-version")
        .first()
    )


def snippet(policy: BasicPolicy) -> str:
    """The policy as a self-contained HTML fragment to paste into the company's own website.

    Plain elements without classes or scripts, the text escaped, in the policy's language.
    """
    with translation.override(policy.language):
        html = render_to_string(
            "secaction/_policy_snippet.html", {"policy": policy, "parts": services.split_parts(policy.parts)}
        )
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"
