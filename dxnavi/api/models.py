"""Personal access tokens of the public API and the stored answers of idempotent POSTs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A personal access token: ``dxn_<prefix>_<secret>``.

    Only the sha256 of the secret is stored. The secret is 32 random bytes (``secrets.token_urlsafe``),
    so it cannot be guessed or brute-forced from its hash: a fast hash is right here (a slow password
    hash such as Argon2 protects low-entropy passwords, and would cost every API request its time).
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("token id"), max_length=16, unique=True)
    secret_hash = models.CharField(_("SHA-256 of the secret"), max_length=64)
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    # Optional limit: one company, or the companies reached through one adviser organization (never both).
    company = models.ForeignKey("orgs.Company", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    organization = models.ForeignKey(
        "orgs.AdviserOrganization", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=True) | Q(organization__isnull=True), name="api_token_one_limit"
            ),
        ]

    def __str__(self):
        return f"{self.name} (dxn_{self.prefix}_…)"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class IdempotencyRecord(models.Model):
    """The answer to a POST sent with an ``Idempotency-Key``, kept 24 hours (``idempotency.purge``)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    body_sha256 = models.CharField(max_length=64)
    # None while the first request is still running (a concurrent repeat is a 409).
    status = models.PositiveSmallIntegerField(null=True)
    body = models.BinaryField(default=b"")
    content_type = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_token_key")]
