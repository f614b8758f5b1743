"""What a company has done towards SECURITY ACTION: confirmed principles and basic-policy versions.

Both record who acted and, when an adviser acted on the company's behalf, through which
adviser organization; adopting a policy is always the company's own act (see services).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxnavi.orgs.models import AdviserOrganization, Company


class ItemConfirmation(models.Model):
    """One principle of 情報セキュリティ5か条 that the company confirmed as done.

    Un-ticking deletes the row: the question is "is it done now", and the access log
    already keeps the history of advisers' changes.
    """

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="secaction_confirmations")
    item_id = models.CharField(_("principle"), max_length=16)  # content id, e.g. "SA1-3"
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey(
        AdviserOrganization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Set when an adviser confirmed the item on the company's behalf."),
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("confirmed principle")
        verbose_name_plural = _("confirmed principles")
        constraints = [models.UniqueConstraint(fields=["company", "item_id"], name="uniq_secaction_item")]

    def __str__(self):
        return f"{self.company_id} {self.item_id}"


class BasicPolicy(models.Model):
    """One version of a company's 情報セキュリティ基本方針.

    ``parts`` is the text as generated ({id, title, body} with the values filled in), so a
    saved or adopted version keeps its exact wording when the content template changes
    later. Versions are never edited: a change is a new version, and the latest adopted
    one is the company's policy.
    """

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="secaction_policies")
    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language of the policy"), max_length=2, choices=settings.LANGUAGES)
    company_name = models.CharField(_("company name"), max_length=200)
    representative = models.CharField(_("representative"), max_length=100)
    policy_date = models.DateField(_("date of adoption"))
    title = models.CharField(max_length=200)
    parts = models.JSONField(default=list)
    content_version = models.CharField(max_length=20)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_by_organization = models.ForeignKey(
        AdviserOrganization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Set when an adviser drafted this version on the company's behalf."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    restored_from_version = models.PositiveIntegerField(
        _("restored from version"), null=True, blank=True,
        help_text=_("Set when this version was made by restoring an older one (a copy of its text)."),
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("basic policy")
        verbose_name_plural = _("basic policies")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["company", "version"], name="uniq_secaction_policy_version")]
        indexes = [models.Index(fields=["company", "-adopted_at"])]

    def __str__(self):
        return f"{self.title} v{self.version}"

    @property
    def is_adopted(self) -> bool:
        return self.adopted_at is not None

    @property
    def preamble(self):
        return self.parts[0] if self.parts else None

    @property
    def sections(self):
        return self.parts[1:-1]

    @property
    def closing(self):
        return self.parts[-1] if len(self.parts) > 1 else None


class PolicyPublication(models.Model):
    """The company's public page of its adopted basic policy: an unguessable link, on or off.

    Anyone with the link sees the latest adopted version while ``enabled`` is on, without
    logging in, and nothing else of the company. Turning it off hides the page at once; a new
    token makes old copies of the link stop working.
    """

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="secaction_publication")
    token = models.CharField(max_length=64, unique=True)
    enabled = models.BooleanField(_("published"), default=False)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("public page of the basic policy")
        verbose_name_plural = _("public pages of the basic policy")

    def __str__(self):
        return f"{self.company_id} {'on' if self.enabled else 'off'}"


class DeclarableLevel(models.Model):
    """Stored derived data: the level the company could declare now (0 none, 1 ★, 2 ★★).

    Written ONLY by ``levels.refresh`` (from ``services.status``'s rules, see there), after
    every write that can change it; read by the adviser's client-list filter. A company without
    a row has level 0: every write of a tick, a policy or a self-check refreshes its row, and a
    company with none of them cannot declare anything.
    """

    company = models.OneToOneField(Company, on_delete=models.CASCADE, primary_key=True, related_name="secaction_level")
    level = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("declarable SECURITY ACTION level")
        verbose_name_plural = _("declarable SECURITY ACTION levels")
        indexes = [models.Index(fields=["level"], name="secaction_level_idx")]

    def __str__(self):
        return f"{self.company_id} {self.level}"
