"""Business operations on companies, adviser organizations, links and invitations.

Views call these; each runs in one transaction so a failure writes nothing partial.
"""

from dataclasses import dataclass

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
    OrganizationEvent,
    Role,
    SavedClientFilter,
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


def corporate_number_in_use(number: str, exclude: Company | None = None) -> bool:
    """Whether another company with this 法人番号 is already registered on this instance."""
    if not number:
        return False
    others = Company.objects.filter(corporate_number=number)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def _belongs_to_organization(organization: AdviserOrganization, email: str) -> bool:
    """A member of the organization, or someone with an open invitation to become one."""
    email = email.strip()
    if AdviserMembership.objects.filter(organization=organization, user__email__iexact=email).exists():
        return True
    open_invitations = Invitation.objects.filter(
        organization=organization, company__isnull=True, email__iexact=email, accepted__isnull=True, expires__gt=timezone.now()
    )
    return open_invitations.exists()


@dataclass(frozen=True)
class ClientRegistration:
    """What an adviser's client registration did.

    ``outcome``: "invited" (new company, owner invited), "requested" (the 法人番号 is already
    registered: a link request went to that company's owners), "pending" / "linked" (a request
    or an active link already exists), "declined" (the company declined or stopped the link
    before: only the company can reopen it, with the organization's connection code).
    """

    outcome: str
    invitation: Invitation | None = None


@transaction.atomic
def register_company_for_client(
    *, organization: AdviserOrganization, company: Company, owner_email: str, user, request
) -> ClientRegistration:
    """An adviser registers a client company; it becomes visible only once the owner accepts.

    The company starts with no members and a PENDING link; the owner's invitation, when
    accepted, makes them the owner and accepts the link in the same step. Consent must come
    from someone outside the organization, so the owner's e-mail cannot be a member's.
    A 法人番号 already on the instance creates no second company: the existing company's
    owners get a link request instead, and the adviser learns nothing else about it.
    """
    if _belongs_to_organization(organization, owner_email):
        raise ValidationError(
            {
                "owner_email": _(
                    "This e-mail address belongs to a member of your organization. The owner must be someone at the company: "
                    "their consent cannot come from your organization."
                )
            }
        )
    existing = (
        Company.objects.select_for_update().filter(corporate_number=company.corporate_number).order_by("created", "pk").first()
        if company.corporate_number
        else None
    )
    if existing is not None:
        link = SupportLink.objects.select_for_update().filter(company=existing, organization=organization).first()
        if link is None:
            SupportLink.objects.create(company=existing, organization=organization, requested_by=user)
            AuditEvent.objects.create(
                company=existing, user=user, organization=organization, action=AuditEvent.Action.LINK, detail="requested"
            )
            return ClientRegistration("requested")
        if link.status == SupportLink.Status.PENDING:
            return ClientRegistration("pending")
        if link.status == SupportLink.Status.ACCEPTED:
            return ClientRegistration("linked")
        # Declined or revoked: a new request would let an adviser ask again and again after a no.
        return ClientRegistration("declined")
    refresh_derived(company)
    company.created_by = user
    company.save()
    SupportLink.objects.create(company=company, organization=organization, requested_by=user)
    invitation = invite(
        email=owner_email, role=Role.OWNER, user=user, request=request, company=company, organization=organization, claims_company=True
    )
    return ClientRegistration("invited", invitation)


@transaction.atomic
def accept_invitation(invitation: Invitation, user, *, consent: bool = False) -> str:
    """Apply an invitation for ``user``. Returns "company" or "organization" for the redirect.

    Accepting a ``claims_company`` invitation is the company's consent to the organization's
    access: it needs ``consent`` (an explicit tick) and a user who is not in that organization.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation has expired or has already been used."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(_("This invitation was sent to a different e-mail address."))
    if invitation.claims_company:
        if AdviserMembership.objects.filter(organization=invitation.organization, user=user).exists():
            raise ValidationError(
                _(
                    "You are a member of %(org)s, which asked for this access. Consent must come from someone at the company, "
                    "not from the organization."
                )
                % {"org": invitation.organization.name}
            )
        if not consent:
            raise ValidationError(_("Tick the box to confirm that you agree to give the organization access."))
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


def _last_owner_error():
    return ValidationError(_("An adviser organization needs at least one owner. Make someone else an owner first."))


def _lock_members(organization: AdviserOrganization):
    # Lock the organization's member rows so two owners cannot demote each other at once.
    return list(AdviserMembership.objects.select_for_update().filter(organization=organization).order_by("pk"))


def _log_org_event(membership: AdviserMembership, *, actor, action: str, old_role: str = "", new_role: str = "") -> None:
    OrganizationEvent.objects.create(
        organization=membership.organization, actor=actor, subject=membership.user, subject_email=membership.user.email,
        action=action, old_role=old_role, new_role=new_role,
    )


@transaction.atomic
def change_adviser_role(
    organization: AdviserOrganization, membership: AdviserMembership, role: str, *, user
) -> AdviserMembership:
    """An owner changes a member's role; the last owner cannot be demoted."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles in the list.")})
    members = _lock_members(organization)
    membership = next((m for m in members if m.pk == membership.pk), None)
    if membership is None:
        raise ValidationError(_("This person is no longer a member of the organization."))
    old_role = membership.role
    if old_role == role:
        return membership
    if old_role == Role.OWNER and sum(m.role == Role.OWNER for m in members) == 1:
        raise _last_owner_error()
    membership.role = role
    membership.save(update_fields=["role"])
    _log_org_event(membership, actor=user, action=OrganizationEvent.Action.ROLE, old_role=old_role, new_role=role)
    return membership


@transaction.atomic
def remove_adviser_member(organization: AdviserOrganization, membership: AdviserMembership, *, user) -> None:
    """Remove a member (or, when ``membership.user`` is ``user``, leave). Access ends at once:
    scoping resolves an adviser's access to client companies on every request.
    """
    members = _lock_members(organization)
    membership = next((m for m in members if m.pk == membership.pk), None)
    if membership is None:
        raise ValidationError(_("This person is no longer a member of the organization."))
    if membership.role == Role.OWNER and sum(m.role == Role.OWNER for m in members) == 1:
        raise _last_owner_error()
    action = OrganizationEvent.Action.LEFT if membership.user_id == user.pk else OrganizationEvent.Action.REMOVED
    _log_org_event(membership, actor=user, action=action, old_role=membership.role)
    # No longer in charge of any client (SupportLink is not on the dashboard: no data stamp to bump),
    # and their own saved filters of the client list go with them.
    SupportLink.objects.filter(organization=organization, assignee_id=membership.user_id).update(assignee=None)
    SavedClientFilter.objects.filter(organization=organization, user_id=membership.user_id).delete()
    membership.delete()


@transaction.atomic
def remove_company_member(company: Company, membership: CompanyMembership) -> None:
    if membership.role == Role.OWNER and company.memberships.filter(role=Role.OWNER).count() == 1:
        raise ValidationError(_("A company needs at least one owner. Make someone else an owner first."))
    membership.delete()


# --- The client list: person in charge (担当者) and saved filters (issue #12) --------------------------


@transaction.atomic
def assign_client(organization: AdviserOrganization, link_id: int, assignee_id: int | None, *, user) -> SupportLink | None:
    """Make a member of the organization the person in charge of a client (or of a request waiting for
    consent); ``None`` = nobody. Returns None when the link is not the organization's (or no longer open).

    The member rows are locked as ``remove_adviser_member`` locks them, so a member removed at the same
    moment can never be left in charge. Someone who is not a member is refused.
    """
    members = _lock_members(organization)
    link = (
        SupportLink.objects.select_for_update()
        .filter(
            organization=organization, pk=link_id, company__deletion_pending=False,
            status__in=[SupportLink.Status.ACCEPTED, SupportLink.Status.PENDING],
        )  # fmt: skip
        .first()
    )
    if link is None:
        return None
    if assignee_id is not None and assignee_id not in {m.user_id for m in members}:
        raise ValidationError(_("Only a member of this organization can be in charge of a client."), code="not_member")
    link.assignee_id = assignee_id
    link.save(update_fields=["assignee"])
    return link


@transaction.atomic
def save_client_filter(organization: AdviserOrganization, *, user, name: str, query: str) -> SavedClientFilter:
    """Save the user's filter under ``name`` (a filter of the same name is replaced)."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Give the filter a name."), code="required")
    saved, _created = SavedClientFilter.objects.update_or_create(
        organization=organization, user=user, name=name[:60], defaults={"query": query[:1000]}
    )
    return saved
