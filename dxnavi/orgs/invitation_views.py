"""The adviser organization's invitations page, and resending or cancelling an invitation.

Members read the page; owners and editors resend and cancel (``org_view(need="edit")``: a viewer gets 403).
Resending sends e-mail, so it is counted by ``dxnavi.ratelimit`` per user, IP and recipient like the other
mail-sending views. Both are logged in the organization's ``OrganizationEvent`` log (members page).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxnavi import ratelimit
from dxnavi.accounts.decorators import verified_email_required

from . import invitations, services
from .domain import invitations as rules
from .models import Invitation
from .scoping import org_view

def _labels():
    # Looked up per request, in the request's language.
    return {
        rules.PENDING: _("Not accepted yet"),
        rules.ACCEPTED: _("Accepted"),
        rules.EXPIRED: _("Expired"),
        rules.CANCELLED: _("Cancelled"),
        invitations.REQUESTED: _("Waiting for approval (existing company)"),
    }


@org_view()
def adviser_invitations(request, org):
    organization = org.organization
    state = request.GET.get("status", "")
    if state not in invitations.FILTERS:
        state = ""
    now = timezone.now()
    labels = _labels()
    context = {"org": org, "organization": organization, "state": state, "labels": labels, "now": now}
    context["filters"] = [(value, labels[value]) for value in invitations.FILTERS]
    if state == invitations.REQUESTED:
        context["request_page"] = invitations.link_request_page(organization, request.GET.get("page"))
    else:
        context["page"] = invitations.invitation_page(organization, state, request.GET.get("page"), now, labels)
        if not state:
            context["requests"] = invitations.link_requests(organization, limit=_REQUESTS_SHOWN + 1)
            context["requests_shown"] = _REQUESTS_SHOWN
    return render(request, "orgs/adviser_invitations.html", context)


_REQUESTS_SHOWN = 20


def _back(request, org):
    """Back to the client list (a resend from its section) or to the invitations page with its filter."""
    if request.POST.get("next") == "clients":
        return redirect("orgs:adviser_org", org.organization.pk)
    url = reverse("orgs:adviser_invitations", args=[org.organization.pk])
    state = request.POST.get("status", "")
    return redirect(f"{url}?{urlencode({'status': state})}" if state in invitations.FILTERS else url)


@require_POST
@org_view(need="edit")
@verified_email_required
def adviser_invitation_resend(request, org, invitation_id):
    invitation = get_object_or_404(Invitation.objects.only("pk", "email"), organization=org.organization, pk=invitation_id)
    if not ratelimit.allow(request, recipient=invitation.email):
        return ratelimit.too_many_requests(request)
    try:
        services.resend_invitation(org.organization, invitation.pk, user=request.user, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("A new invitation was sent to %(email)s. The link in the earlier e-mail no longer works.") % {"email": invitation.email},
        )
    return _back(request, org)


@require_POST
@org_view(need="edit")
def adviser_invitation_cancel(request, org, invitation_id):
    invitation = get_object_or_404(Invitation.objects.only("pk", "email"), organization=org.organization, pk=invitation_id)
    try:
        services.cancel_invitation(org.organization, invitation.pk, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The invitation to %(email)s was cancelled. Its link no longer works.") % {"email": invitation.email})
    return _back(request, org)
