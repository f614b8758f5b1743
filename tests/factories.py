import factory
from django.utils import timezone

from dxnavi.accounts.models import User
from dxnavi.orgs import services
from dxnavi.orgs.models import AdviserMembership, AdviserOrganization, Company, CompanyMembership, SupportLink


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    name = factory.Sequence(lambda n: f"利用者{n}")
    password = factory.django.Password("correct-horse-battery")
    # Verified by default, like every account that existed before e-mail verification (migration 0002).
    email_verified_at = factory.LazyFunction(timezone.now)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"テスト工業{n}株式会社")
    corporate_number = "7000012050002"
    industry_major = "E"
    industry_middle = "26"
    prefecture = "13"
    employees = 18
    capital_yen = 10_000_000
    representative = "代表 太郎"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        company = model_class(*args, **kwargs)
        services.refresh_derived(company)  # derived flags come from the domain function, as in the app
        company.save()
        return company


class AdviserOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdviserOrganization

    name = factory.Sequence(lambda n: f"支援機関{n}")
    kind = AdviserOrganization.Kind.SHOKOKAI
    prefecture = "13"


def member(company, user=None, role="owner"):
    user = user or UserFactory()
    CompanyMembership.objects.create(company=company, user=user, role=role)
    return user


def link(company, organization, adviser=None, role="editor", status=SupportLink.Status.ACCEPTED):
    if adviser is not None:
        AdviserMembership.objects.get_or_create(organization=organization, user=adviser, defaults={"role": role})
    return SupportLink.objects.create(company=company, organization=organization, status=status)
