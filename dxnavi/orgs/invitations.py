"""The adviser organization's invitations page: what it sent and what still waits for an answer.

Two kinds of rows, both read for one organization only:

- the organization's invitations (``Invitation.organization``): the owners' invitations of the clients it
  registered (``claims_company``) and its staff invitations, each with its state from
  ``domain.invitations.status`` — the same rule filters them in SQL (:func:`status_filter`);
- its link requests to companies that were already registered (a PENDING ``SupportLink`` without an owner's
  invitation): 「承認待ち（既存の会社）」. Only the 法人番号 the adviser typed and the date are shown, never the
  company's name or anything else about it (see docs/architecture.md, "Consent").
"""

from collections import namedtuple

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q

from .domain import invitations as rules
from .models import Invitation, Role, SupportLink

PAGE_SIZE = 50
REQUESTED = "requested"  # the filter value of the link requests to existing companies
FILTERS = (*rules.STATUSES, REQUESTED)


def status_filter(state: str, now) -> Q:
    """The rows of ``domain.invitations.status(…) == state``, as a query condition."""
    open_ = Q(accepted__isnull=True)
    return {
        rules.ACCEPTED: Q(accepted__isnull=False),
        rules.CANCELLED: open_ & Q(cancelled__isnull=False),
        rules.EXPIRED: open_ & Q(cancelled__isnull=True, expires__lte=now),
        rules.PENDING: open_ & Q(cancelled__isnull=True, expires__gt=now),
    }[state]


Row = namedtuple(
    "Row", "pk email role_label claims_company company_name invited_by created expires sent_count last_sent status status_label can_resend "
    "can_cancel"
)
Request = namedtuple("Request", "pk corporate_number created requested_by")

_FIELDS = (
    "pk", "email", "role", "claims_company", "company__name", "invited_by__name", "invited_by__email", "created", "expires",
    "sent_count", "last_sent", "accepted", "cancelled",
)


def invitation_page(organization, state: str, number, now, labels: dict):
    """The page ``number`` of the organization's invitations (``Row``s), newest first, optionally of one ``state``.

    ``labels``: the text shown for each state."""
    invitations = Invitation.objects.filter(organization=organization).order_by("-created", "-pk")
    if state in rules.STATUSES:
        invitations = invitations.filter(status_filter(state, now))
    page = Paginator(invitations.values_list(*_FIELDS), PAGE_SIZE).get_page(number)
    rows = []
    for pk, email, role, claims, company, who_name, who_email, created, expires, sent, last, accepted, cancelled in page:
        state_ = rules.status(accepted=accepted, cancelled=cancelled, expires=expires, now=now)
        rows.append(
            Row(pk, email, Role(role).label if role in Role.values else role, claims, company if claims else "",
                who_name or who_email or "", created, expires, sent, last, state_, labels[state_], rules.can_resend(state_),
                rules.can_cancel(state_))
        )
    page.object_list = rows
    return page


def _link_requests(organization):
    own_invitation = Invitation.objects.filter(
        company_id=OuterRef("company_id"), organization_id=OuterRef("organization_id"), claims_company=True
    )
    return (
        SupportLink.objects.filter(organization=organization, status=SupportLink.Status.PENDING)
        .filter(~Exists(own_invitation))
        .order_by("-created", "-pk")
        .values_list("pk", "company__corporate_number", "created", "requested_by__name", "requested_by__email")
    )


def _requests(rows) -> list[Request]:
    return [Request(pk, number, created, name or email or "") for pk, number, created, name, email in rows]


def link_requests(organization, limit: int) -> list[Request]:
    """The first ``limit`` PENDING requests to companies the organization did not register (no owner's invitation)."""
    return _requests(_link_requests(organization)[:limit])


def link_request_page(organization, number):
    """A page of those requests, newest first."""
    page = Paginator(_link_requests(organization), PAGE_SIZE).get_page(number)
    page.object_list = _requests(page.object_list)
    return page
