import factory
import pyotp
from django.utils import timezone

from dxnavi.accounts import services
from dxnavi.accounts.models import TOTPDevice, User

PASSWORD = "kumo-no-ue-2025!"


class UserFactory(factory.django.DjangoModelFactory):
    """Users go through ``User.objects.create_user`` so the password is hashed as in production."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Sequence(lambda n: f"User {n}")
    password = PASSWORD
    email_verified_at = factory.LazyFunction(timezone.now)  # pass None for a fresh, unverified sign-up

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)


def confirmed_device(user) -> tuple[TOTPDevice, list[str]]:
    """A confirmed TOTP device for ``user`` and its ten recovery codes (formatted as shown)."""
    device = TOTPDevice.objects.create(user=user, secret=pyotp.random_base32(), confirmed=True)
    return device, services.generate_recovery_codes(device)
