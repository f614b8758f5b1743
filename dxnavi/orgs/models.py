"""Companies, adviser organizations, who belongs to them, and the consent links between them.

Models stay slim: derived values (中小企業者 flags) come from ``domain.sme``; access rules live
in ``scoping``. Nothing outside ``scoping`` should filter company data by user.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


def _connect_code():
    # No 0/O/1/I so the code survives being read aloud or printed.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Company(models.Model):
    name = models.CharField(_("company name"), max_length=200)
    corporate_number = models.CharField(_("corporate number (法人番号)"), max_length=13, blank=True, db_index=True)
    is_sole_proprietor = models.BooleanField(_("sole proprietor (個人事業主)"), default=False)
    industry_major = models.CharField(_("industry (大分類)"), max_length=1)
    industry_middle = models.CharField(_("industry (中分類)"), max_length=2, blank=True)
    industry_minor = models.CharField(_("industry (小分類・細分類)"), max_length=4, blank=True)
    prefecture = models.CharField(_("prefecture"), max_length=2)
    employees = models.PositiveIntegerField(_("regular employees"))
    capital_yen = models.BigIntegerField(_("capital (yen)"), null=True, blank=True)
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    # Derived by domain.sme.classify() through services.refresh_classification(); never edited by hand.
    size_band = models.CharField(max_length=16, blank=True, db_index=True)
    is_sme = models.BooleanField(default=False, editable=False)
    is_small = models.BooleanField(default=False, editable=False)
    # Set and cleared only by dxnavi.privacy.services (deletion requested / cancelled): while set,
    # scoping hides the company from advisers. Members keep their access during the grace period.
    deletion_pending = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        indexes = [models.Index(fields=["industry_major", "size_band", "prefecture"])]

    def __str__(self):
        return self.name


class AdviserOrganization(models.Model):
    class Kind(models.TextChoices):
        SHOKOKAI = "shokokai", _("Society of Commerce and Industry (商工会)")
        CCI = "cci", _("Chamber of Commerce and Industry (商工会議所)")
        CHUOKAI = "chuokai", _("SME federation (中小企業団体中央会)")
        YOROZU = "yorozu", _("Yorozu Support Center (よろず支援拠点)")
        BANK = "bank", _("Financial institution (金融機関)")
        ITDX = "itdx", _("IT/DX coordinator")
        GOVERNMENT = "government", _("Local government (自治体)")
        OTHER = "other", _("Other")

    name = models.CharField(_("organization name"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    prefecture = models.CharField(_("prefecture"), max_length=2, blank=True)
    # Given by the adviser to a company in person; the company enters it to grant access.
    connect_code = models.CharField(max_length=16, unique=True, default=_connect_code)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("adviser organization")
        verbose_name_plural = _("adviser organizations")

    def __str__(self):
        return self.name


class CompanyMembership(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "user"], name="uniq_company_member")]


class AdviserMembership(models.Model):
    organization = models.ForeignKey(AdviserOrganization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adviser_memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="uniq_adviser_member")]


class SupportLink(models.Model):
    """Consent from a company that an adviser organization may see and help with its data.

    Only an ACCEPTED link grants access; the company can revoke it at any time.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the company's consent")
        ACCEPTED = "accepted", _("Active")
        REVOKED = "revoked", _("Revoked")
        DECLINED = "declined", _("Declined")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="support_links")
    organization = models.ForeignKey(AdviserOrganization, on_delete=models.CASCADE, related_name="support_links")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(_("message to the company"), blank=True)
    created = models.DateTimeField(default=timezone.now)
    decided = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # 担当者: the organization's member in charge of this client. Only a member can be set
    # (services.assign_client); removing the member from the organization clears it in the same transaction.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("person in charge")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "organization"], name="uniq_support_link")]
        # The client list: an organization's accepted links, filtered by person in charge.
        indexes = [models.Index(fields=["organization", "status", "assignee"], name="supportlink_org_assignee_idx")]


class SavedClientFilter(models.Model):
    """A named set of client-list filters, one user's own within one adviser organization.

    ``query`` is the list's query string as normalized by ``client_filters.ClientQuery`` (known
    parameters only). Nobody else sees it, not even the organization's owners.
    """

    organization = models.ForeignKey(AdviserOrganization, on_delete=models.CASCADE, related_name="saved_client_filters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_client_filters")
    name = models.CharField(_("name of the filter"), max_length=60)
    query = models.CharField(max_length=1000, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["organization", "user", "name"], name="uniq_saved_client_filter")]

    def __str__(self):
        return self.name


def _token():
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    """A single-use, expiring link to join a company or an adviser organization.

    ``claims_company`` marks the invitation an adviser sends after registering a company on its
    behalf: accepting it makes the invitee the company's owner and accepts the support link.
    """

    token = models.CharField(max_length=64, unique=True, default=_token)
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(AdviserOrganization, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations")
    claims_company = models.BooleanField(default=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField(default=_invitation_expiry)
    accepted = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Set by services.cancel_invitation: the link can no longer be used (a resend gives a new one).
    cancelled = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # How many times the e-mail went out (services.invite, services.resend_invitation), and when last.
    sent_count = models.PositiveIntegerField(default=1)
    last_sent = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(company__isnull=False) | models.Q(organization__isnull=False),
                name="invitation_has_target",
            )
        ]

    @property
    def is_expired(self):
        return timezone.now() >= self.expires

    @property
    def is_usable(self):
        return self.accepted is None and self.cancelled is None and not self.is_expired

    @property
    def status(self) -> str:
        """"pending", "accepted", "expired" or "cancelled" (``domain.invitations.status``)."""
        from .domain.invitations import status

        return status(accepted=self.accepted, cancelled=self.cancelled, expires=self.expires, now=timezone.now())


class AuditEvent(models.Model):
    """Who, from which adviser organization, read or changed what of a company's data.

    The company's members can read their own log; rows are never edited.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        CHANGE = "change", _("Changed")
        EXPORT = "export", _("Downloaded")
        LIST = "list", _("Shown in the adviser's client list")
        LINK = "link", _("Support link")

    class Outcome(models.TextChoices):
        DONE = "done", _("done")
        REJECTED = "rejected", _("not carried out")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="audit_events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey(AdviserOrganization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # An operator (staff) reading or changing the company's data in /admin/, not an adviser.
    by_operator = models.BooleanField(default=False)
    action = models.CharField(max_length=8, choices=Action.choices)
    # Whether the request did what it asked: a refused or re-rendered POST is REJECTED.
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.DONE)
    path = models.CharField(max_length=500, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    # For LIST rows only: one row per (company, organization or operator, user, day), counted up
    # by scoping.audit_listed; ``created`` is then the last counted time the company was listed
    # (shown again within scoping.LIST_RECOUNT_AFTER of it: not counted again).
    day = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(default=1)
    list_key = models.CharField(max_length=80, null=True, blank=True, unique=True, editable=False)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["company", "-created"])]


class OrganizationEvent(models.Model):
    """A change to an adviser organization's members: who removed or changed whom, and when.

    Not company data, so not in AuditEvent; the organization's owners read it on the members page.
    """

    class Action(models.TextChoices):
        REMOVED = "removed", _("Removed from the organization")
        ROLE = "role", _("Role changed")
        LEFT = "left", _("Left the organization")
        INVITATION_RESENT = "resent", _("Invitation sent again")
        INVITATION_CANCELLED = "cancel", _("Invitation cancelled")

    organization = models.ForeignKey(AdviserOrganization, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The subject's e-mail at the time, kept when the account is later deleted.
    subject_email = models.EmailField()
    action = models.CharField(max_length=8, choices=Action.choices)
    old_role = models.CharField(max_length=8, choices=Role.choices, blank=True)
    new_role = models.CharField(max_length=8, choices=Role.choices, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["organization", "-created"])]


class DataStamp(models.Model):
    """A counter per company, bumped after every write to data the company dashboard shows
    (``dxnavi.orgs.data_stamp``; receivers in ``dxnavi.web.data_stamp``), so the dashboard's cached cards are keyed by it and never stale.

    ``company_id`` is a plain column, not a foreign key: a bump during the company's own deletion
    (its rows cascade) must not fail, and the row outlives the company so that an id reused by
    SQLite can never meet the old company's cache entries (the company's deletion bumps it too).
    ``company_id = 0`` is the global generation (questionnaire packs: loaded for every company).
    """

    company_id = models.BigIntegerField(primary_key=True)
    value = models.BigIntegerField(default=0)
