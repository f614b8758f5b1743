from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        extra.setdefault("email_verified_at", timezone.now())  # created by the operator on the command line
        return self._create(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with e-mail; belongs to companies and adviser organizations via memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the owner opened the signed link e-mailed to the address. Sending e-mail on the
    # platform's behalf (invitations, client registration) needs it. Accounts that existed before
    # verification was introduced were marked verified by migration 0002.
    email_verified_at = models.DateTimeField(_("e-mail address verified"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, default="ja", choices=[("ja", "日本語"), ("en", "English")])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name or self.email

    @property
    def display_name(self):
        return self.name or self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class LoginFailure(models.Model):
    """One failed login. Counted per e-mail to lock an account out after repeated failures.

    Kept in the database (not the cache) so the lockout holds across processes and restarts.
    """

    email = models.CharField(max_length=254, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)


class TOTPDevice(models.Model):
    """An authenticator app (RFC 6238 TOTP). Only a confirmed device is required at login."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    secret = models.CharField(max_length=64)
    confirmed = models.BooleanField(default=False)
    last_used_step = models.BigIntegerField(default=0)  # blocks replay of a code within its window
    created = models.DateTimeField(default=timezone.now)


class RecoveryCode(models.Model):
    """A single-use backup code for a TOTP device, stored hashed like a password.

    Ten are issued when the device is confirmed and shown once; each replaces a TOTP code one time.
    """

    device = models.ForeignKey(TOTPDevice, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=255)
    used_at = models.DateTimeField(null=True, blank=True)
