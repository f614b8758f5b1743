"""Business operations on companies, adviser organizations, links and invitations.

Views call these; each runs in one transaction so a failure writes nothing partial.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi import jobs
from dxnavi.mail import send_plain_mail

from .domain.size import size_band
from .domain.sme import classify
from .models import (
    AdviserMembership,
    AdviserOrganization,
    AuditEvent,
    Company,
    CompanyMembership,
    Invitation,
    Role,
    SupportLink,
)


def classification(company: Company):
    """The 中小企業基本法 classification of a company, with reasons (never stored by hand)."""
    return classify(
        industry_major=company.industry_major,
        industry_middle=company.industry_middle or None,
        industry_minor=company.industry_minor or None,
        capital_yen=company.capital_yen,
        employees=company.employees,
        is_sole_proprietor=company.is_sole_proprietor,
    )


def refresh_derived(company: Company) -> None:
    """Recompute the stored derived fields from the profile. The only writer of them."""
    result = classification(company)
    company.is_sme = result.is_sme
    company.is_small = result.is_small
    company.size_band = size_band(company.employees)


@transaction.atomic
def save_company(company: Company, *, user=None) -> Company:
    creating = company.pk is None
    refresh_derived(company)
    if creating:
        company.created_by = user
    company.save()
    if creating and user is not None:
        CompanyMembership.objects.create(company=company, user=user, role=Role.OWNER)
    return company


@transaction.atomic
def create_adviser_organization(*, name: str, kind: str, prefecture: str, user) -> AdviserOrganization:
    org = AdviserOrganization.objects.create(name=name, kind=kind, prefecture=prefecture)
    AdviserMembership.objects.create(organization=org, user=user, role=Role.OWNER)
    return org


@transaction.atomic
def connect_with_code(company: Company, code: str, *, user) -> SupportLink:
    """The company grants an adviser organization access by entering the organization's code."""
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    org = AdviserOrganization.objects.filter(connect_code=code).first()
    if org is None:
        raise ValidationError(_("No adviser organization has this code. Please check the code you were given."))
    link, _created = SupportLink.objects.get_or_create(company=company, organization=org, defaults={"requested_by": user})
    link.status = SupportLink.Status.ACCEPTED
    link.decided = timezone.now()
    link.decided_by = user
    link.save()
    AuditEvent.objects.create(company=company, user=user, organization=org, action=AuditEvent.Action.LINK, detail="accepted")
    return link


@transaction.atomic
def decide_link(link: SupportLink, *, accept: bool, user) -> SupportLink:
    """Accept or decline a pending request; revoke an accepted link (accept=False)."""
    if accept and link.status != SupportLink.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    if accept:
        link.status = SupportLink.Status.ACCEPTED
    elif link.status == SupportLink.Status.ACCEPTED:
        link.status = SupportLink.Status.REVOKED
    else:
        link.status = SupportLink.Status.DECLINED
    link.decided = timezone.now()
    link.decided_by = user
    link.save()
    AuditEvent.objects.create(
        company=link.company, user=user, organization=link.organization, action=AuditEvent.Action.LINK, detail=link.status
    )
    return link


def send_invitation(invitation_id: int, url: str) -> None:
    """Job: e-mail an invitation link (runs in-process or in the worker)."""
    invitation = Invitation.objects.select_related("company", "organization", "invited_by").get(pk=invitation_id)
    context = {"invitation": invitation, "url": url}
    send_plain_mail("orgs/email/invitation_subject.txt", "orgs/email/invitation_body.txt", context, invitation.email)


@transaction.atomic
def invite(*, email: str, role: str, user, request, company=None, organization=None, claims_company=False) -> Invitation:
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        role=role,
        company=company,
        organization=organization,
        claims_company=claims_company,
        invited_by=user,
    )
    # jobs.enqueue sends after commit: a rolled-back invitation must not leave an e-mail with a dead link.
    url = request.build_absolute_uri(reverse("orgs:invitation", args=[invitation.token]))
    jobs.enqueue("dxnavi.orgs.services.send_invitation", invitation.pk, url)
    return invitation


@transaction.atomic
def register_company_for_client(*, organization: AdviserOrganization, company: Company, owner_email: str, user, request):
    """An adviser registers a client company; it becomes visible only once the owner accepts.

    The company starts with no members and a PENDING link; the owner's invitation, when
    accepted, makes them the owner and accepts the link in the same step.
    """
    refresh_derived(company)
    company.created_by = user
    company.save()
    SupportLink.objects.create(company=company, organization=organization, requested_by=user)
    return invite(
        email=owner_email, role=Role.OWNER, user=user, request=request, company=company, organization=organization, claims_company=True
    )


@transaction.atomic
def accept_invitation(invitation: Invitation, user) -> str:
    """Apply an invitation for ``user``. Returns "company" or "organization" for the redirect."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation has expired or has already been used."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(_("This invitation was sent to a different e-mail address."))
    invitation.accepted = timezone.now()
    invitation.accepted_by = user
    invitation.save()
    if invitation.claims_company:
        CompanyMembership.objects.update_or_create(company=invitation.company, user=user, defaults={"role": Role.OWNER})
        link = SupportLink.objects.filter(company=invitation.company, organization=invitation.organization).first()
        if link and link.status == SupportLink.Status.PENDING:
            decide_link(link, accept=True, user=user)
        return "company"
    if invitation.company_id:
        CompanyMembership.objects.update_or_create(company=invitation.company, user=user, defaults={"role": invitation.role})
        return "company"
    AdviserMembership.objects.update_or_create(organization=invitation.organization, user=user, defaults={"role": invitation.role})
    return "organization"


@transaction.atomic
def remove_company_member(company: Company, membership: CompanyMembership) -> None:
    if membership.role == Role.OWNER and company.memberships.filter(role=Role.OWNER).count() == 1:
        raise ValidationError(_("A company needs at least one owner. Make someone else an owner first."))
    membership.delete()
