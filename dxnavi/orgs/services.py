"""Business operations on companies, adviser organizations, links and invitations.

Views call these; each runs in one transaction so a failure writes nothing partial.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dxnavi import jobs
from dxnavi.mail import send_plain_mail

from .domain import invitations as invitation_rules
from .data_stamp import bump_many
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


def _mail_invitation(invitation: Invitation, url: str) -> None:
    context = {"invitation": invitation, "url": url}
    send_plain_mail("orgs/email/invitation_subject.txt", "orgs/email/invitation_body.txt", context, invitation.email)


def send_invitation(invitation_id: int, url: str) -> None:
    """Job: e-mail an invitation link (runs in-process or in the worker)."""
    _mail_invitation(Invitation.objects.select_related("company", "organization", "invited_by").get(pk=invitation_id), url)


def send_invitations(pairs: list) -> None:
    """Job: e-mail several invitations, one e-mail each (``[(invitation_id, url), ...]``), read in one query."""
    urls = dict(pairs)
    for invitation in Invitation.objects.select_related("company", "organization", "invited_by").filter(pk__in=urls).order_by("pk"):
        _mail_invitation(invitation, urls[invitation.pk])


def _invitation_url(invitation: Invitation, site) -> str:
    """``site``: the request, or anything with ``build_absolute_uri`` (a job has no request)."""
    return site.build_absolute_uri(reverse("orgs:invitation", args=[invitation.token]))


# Invitations of one batch sent per job: a job stays short and a failed send is retried with few others.
SEND_CHUNK = 100


def _send_after_commit(invitations: list[Invitation], site) -> None:
    # jobs.enqueue sends after commit: a rolled-back invitation must not leave an e-mail with a dead link.
    if len(invitations) == 1:
        jobs.enqueue("dxnavi.orgs.services.send_invitation", invitations[0].pk, _invitation_url(invitations[0], site))
        return
    pairs = [(invitation.pk, _invitation_url(invitation, site)) for invitation in invitations]
    for start in range(0, len(pairs), SEND_CHUNK):
        jobs.enqueue("dxnavi.orgs.services.send_invitations", pairs[start : start + SEND_CHUNK])


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
    _send_after_commit([invitation], request)
    return invitation


def _log_invitation_event(invitation: Invitation, *, actor, action: str) -> None:
    OrganizationEvent.objects.create(
        organization_id=invitation.organization_id, actor=actor, subject=None, subject_email=invitation.email, action=action,
        new_role=invitation.role,
    )


def _locked_org_invitation(organization: AdviserOrganization, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.select_for_update().filter(organization=organization, pk=invitation_id).first()
    if invitation is None:
        raise ValidationError(_("This invitation no longer exists."))
    return invitation


@transaction.atomic
def resend_invitation(organization: AdviserOrganization, invitation_id: int, *, user, request) -> Invitation:
    """Send an organization's invitation again: a new link (the old one stops working) valid for a new period.

    Any invitation not yet accepted can be resent, also an expired or cancelled one. An owner's
    invitation for a client the organization registered is resent only while the company's consent
    is still awaited (its support link is PENDING).
    """
    invitation = _locked_org_invitation(organization, invitation_id)
    if not invitation_rules.can_resend(invitation.status):
        raise ValidationError(_("This invitation was already accepted."))
    if invitation.claims_company:
        waiting = SupportLink.objects.filter(
            company_id=invitation.company_id, organization=organization, status=SupportLink.Status.PENDING
        ).exists()
        if not waiting:
            raise ValidationError(_("This company no longer waits for its owner's consent, so the invitation cannot be sent again."))
    now = timezone.now()
    invitation.token = Invitation._meta.get_field("token").default()
    invitation.expires = Invitation._meta.get_field("expires").default()
    invitation.cancelled = None
    invitation.cancelled_by = None
    invitation.sent_count += 1
    invitation.last_sent = now
    invitation.save(update_fields=["token", "expires", "cancelled", "cancelled_by", "sent_count", "last_sent"])
    _log_invitation_event(invitation, actor=user, action=OrganizationEvent.Action.INVITATION_RESENT)
    _send_after_commit([invitation], request)
    return invitation


@transaction.atomic
def cancel_invitation(organization: AdviserOrganization, invitation_id: int, *, user) -> Invitation:
    """Cancel an organization's invitation that was not accepted: its link shows "cancelled" from now on."""
    invitation = _locked_org_invitation(organization, invitation_id)
    if not invitation_rules.can_cancel(invitation.status):
        raise ValidationError(_("Only an invitation that was not accepted or cancelled yet can be cancelled."))
    invitation.cancelled = timezone.now()
    invitation.cancelled_by = user
    invitation.save(update_fields=["cancelled", "cancelled_by"])
    _log_invitation_event(invitation, actor=user, action=OrganizationEvent.Action.INVITATION_CANCELLED)
    return invitation


def corporate_number_in_use(number: str, exclude: Company | None = None) -> bool:
    """Whether another company with this 法人番号 is already registered on this instance."""
    if not number:
        return False
    others = Company.objects.filter(corporate_number=number)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def emails_of_organization(organization: AdviserOrganization, emails) -> set[str]:
    """Those of ``emails`` (lower-cased) that belong to the organization: a member's, or one with an
    open invitation to become a member. Such an address cannot receive a client's owner invitation."""
    wanted = {email.strip().lower() for email in emails if email}
    found = set()
    for chunk in _chunks(sorted(wanted)):
        found |= set(
            AdviserMembership.objects.filter(organization=organization)
            .annotate(address=Lower("user__email"))
            .filter(address__in=chunk)
            .values_list("address", flat=True)
        )
        found |= set(
            Invitation.objects.filter(
                organization=organization, company__isnull=True, accepted__isnull=True, cancelled__isnull=True,
                expires__gt=timezone.now(),
            )
            .annotate(address=Lower("email"))
            .filter(address__in=chunk)
            .values_list("address", flat=True)
        )
    return found


def _chunks(values: list, size: int = 2000):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def owner_is_member_message() -> str:
    return _(
        "This e-mail address belongs to a member of your organization. The owner must be someone at the company: "
        "their consent cannot come from your organization."
    )


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


@dataclass
class ClientRequest:
    """One client to register: an unsaved ``Company`` (from ``ClientRegistrationForm``) and the owner's e-mail."""

    company: Company
    owner_email: str


class ClientRegistrationRefused(ValidationError):
    """A client of a batch may not be registered; ``index`` is its position in the batch."""

    def __init__(self, index: int, error):
        super().__init__(error)
        self.index = index


def _link_outcome(link: SupportLink | None) -> str:
    """What registering a client whose 法人番号 is already on the instance does, given the organization's link to it."""
    if link is None:
        return "requested"
    if link.status == SupportLink.Status.PENDING:
        return "pending"
    if link.status == SupportLink.Status.ACCEPTED:
        return "linked"
    # Declined or revoked: a new request would let an adviser ask again and again after a no.
    return "declined"


def plan_client_registrations(organization: AdviserOrganization, clients: list[ClientRequest], *, lock: bool = False) -> list:
    """What ``register_clients`` would do for each client, in a fixed number of queries per 2,000 clients.

    Returns, per client, ``(outcome, existing_company)`` or a ``ValidationError`` (the owner's
    e-mail belongs to the organization). The rules of ``register_company_for_client``, for many."""
    members = emails_of_organization(organization, [client.owner_email for client in clients])
    numbers = sorted({client.company.corporate_number for client in clients if client.company.corporate_number})
    existing = {}
    for chunk in _chunks(numbers):
        companies = Company.objects.filter(corporate_number__in=chunk).order_by("-created", "-pk")
        if lock:
            companies = companies.select_for_update()
        for company in companies:
            existing[company.corporate_number] = company  # the oldest one wins (ordered newest first)
    links = {}
    ids = sorted(company.pk for company in existing.values())
    for chunk in _chunks(ids):
        found = SupportLink.objects.filter(organization=organization, company_id__in=chunk)
        if lock:
            found = found.select_for_update()
        links.update({link.company_id: link for link in found})
    plan = []
    for client in clients:
        if client.owner_email.strip().lower() in members:
            plan.append(ValidationError({"owner_email": owner_is_member_message()}))
            continue
        company = existing.get(client.company.corporate_number) if client.company.corporate_number else None
        plan.append(("invited", None) if company is None else (_link_outcome(links.get(company.pk)), company))
    return plan


@transaction.atomic
def register_clients(*, organization: AdviserOrganization, clients: list[ClientRequest], user, site) -> list[ClientRegistration]:
    """An adviser registers client companies; each becomes visible only once its owner accepts.

    A new company starts with no members and a PENDING link; the owner's invitation, when
    accepted, makes them the owner and accepts the link in the same step. Consent must come
    from someone outside the organization, so the owner's e-mail cannot be a member's
    (``ClientRegistrationRefused`` names the client; nothing is written).
    A 法人番号 already on the instance creates no second company: the existing company's
    owners get a link request instead, and the adviser learns nothing else about it.
    The invitations are e-mailed after the commit, one per client. ``site``: the request, or an
    object with ``build_absolute_uri`` for the links (a background job has no request).
    """
    numbers = [client.company.corporate_number for client in clients if client.company.corporate_number]
    if len(numbers) != len(set(numbers)):
        raise ValueError("one 法人番号 twice in a batch of client registrations")
    plan = plan_client_registrations(organization, clients, lock=True)
    for index, step in enumerate(plan):
        if isinstance(step, ValidationError):
            raise ClientRegistrationRefused(index, step.error_dict if hasattr(step, "error_dict") else step)
    new = [client for client, (outcome, _existing) in zip(clients, plan) if outcome == "invited"]
    requested = [existing for outcome, existing in plan if outcome == "requested"]
    for client in new:
        refresh_derived(client.company)
        client.company.created_by = user
    Company.objects.bulk_create([client.company for client in new], batch_size=500)
    bump_many(client.company.pk for client in new)  # a company's save bumps its stamp; bulk_create sends no signal
    SupportLink.objects.bulk_create(
        [SupportLink(company=client.company, organization=organization, requested_by=user) for client in new]
        + [SupportLink(company=company, organization=organization, requested_by=user) for company in requested],
        batch_size=500,
    )
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(company=company, user=user, organization=organization, action=AuditEvent.Action.LINK, detail="requested")
            for company in requested
        ],
        batch_size=500,
    )
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(
                email=client.owner_email.strip().lower(), role=Role.OWNER, company=client.company, organization=organization,
                claims_company=True, invited_by=user,
            )
            for client in new
        ],
        batch_size=500,
    )
    _send_after_commit(invitations, site)
    by_company = {invitation.company_id: invitation for invitation in invitations}
    return [
        ClientRegistration(outcome, by_company.get(client.company.pk) if outcome == "invited" else None)
        for client, (outcome, _existing) in zip(clients, plan)
    ]


def register_company_for_client(
    *, organization: AdviserOrganization, company: Company, owner_email: str, user, request
) -> ClientRegistration:
    """An adviser registers one client company (``register_clients`` for one; the same rules)."""
    try:
        return register_clients(organization=organization, clients=[ClientRequest(company, owner_email)], user=user, site=request)[0]
    except ClientRegistrationRefused as refused:
        raise ValidationError(refused.error_dict if hasattr(refused, "error_dict") else refused.messages) from None


def sole_proprietors_registered(organization: AdviserOrganization, clients: list[ClientRequest]) -> set[int]:
    """Positions of the clients without 法人番号 that this organization already registered: a company
    of the same name, without number, whose owner invitation from the organization went to the same
    address (a re-imported row; a company with a number is recognised by its number)."""
    names = sorted({client.company.name for client in clients if not client.company.corporate_number})
    known = set()
    for chunk in _chunks(names):
        known |= {
            (name, email.lower())
            for name, email in Invitation.objects.filter(
                organization=organization, claims_company=True, company__corporate_number="", company__name__in=chunk
            ).values_list("company__name", "email")
        }
    return {
        index
        for index, client in enumerate(clients)
        if not client.company.corporate_number and (client.company.name, client.owner_email.strip().lower()) in known
    }


@transaction.atomic
def accept_invitation(invitation: Invitation, user, *, consent: bool = False) -> str:
    """Apply an invitation for ``user``. Returns "company" or "organization" for the redirect.

    Accepting a ``claims_company`` invitation is the company's consent to the organization's
    access: it needs ``consent`` (an explicit tick) and a user who is not in that organization.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.cancelled is not None and invitation.accepted is None:
        raise ValidationError(_("This invitation was cancelled by the person who sent it."))
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
