from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from dxnavi.accounts.models import User
from dxnavi.actions import registry as actions_registry
from dxnavi.orgs import services
from dxnavi.orgs.models import AdviserMembership, AdviserOrganization, Company, CompanyMembership, Role, SupportLink
from dxnavi.web import demo_data

DEMO_PASSWORD = "demo-pass-2026"
OWNER_EMAIL = "owner@demo.dxnavi.jp"
ADVISER_EMAIL = "adviser@demo.dxnavi.jp"


class Command(BaseCommand):
    help = (
        "Create (or refresh) the demo company with every instrument in use, its owner, a linked adviser organization "
        "and demo peer companies, and print the logins."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo creates known passwords and is refused in the production profile.")
        with transaction.atomic():
            owner = self._user(OWNER_EMAIL, "山田 太郎")
            adviser = self._user(ADVISER_EMAIL, "佐藤 花子")
            company = Company.objects.filter(name="デモ精工株式会社").first() or Company(name="デモ精工株式会社")
            company.corporate_number = "7000012050002"  # 国税庁's own number: a valid check digit
            company.representative = "山田 太郎"
            company.industry_major, company.industry_middle = "E", "26"
            company.prefecture, company.employees, company.capital_yen = "11", 18, 10_000_000
            services.save_company(company)
            CompanyMembership.objects.update_or_create(company=company, user=owner, defaults={"role": Role.OWNER})
            org, _ = AdviserOrganization.objects.get_or_create(
                name="デモ商工会", defaults={"kind": AdviserOrganization.Kind.SHOKOKAI, "prefecture": "11"}
            )
            AdviserMembership.objects.update_or_create(organization=org, user=adviser, defaults={"role": Role.EDITOR})
            SupportLink.objects.update_or_create(
                company=company, organization=org, defaults={"status": SupportLink.Status.ACCEPTED, "decided_by": owner}
            )
        with transaction.atomic(), actions_registry.changes_batched():  # each action list regenerated once
            demo_data.seed_company(company, owner)
            peers = demo_data.peers(company)
        self.stdout.write("")
        self.stdout.write("  demo peer companies (no logins, for the peer comparison): %d × %s…" % (len(peers), demo_data.PEER_PREFIX))
        self.stdout.write("  demo logins (password for both: %s)" % DEMO_PASSWORD)
        self.stdout.write("    company owner : %s" % OWNER_EMAIL)
        self.stdout.write("    adviser       : %s  (%s, connection code %s)" % (ADVISER_EMAIL, org.name, org.connect_code))
        self.stdout.write("")

    def _user(self, email, name):
        user = User.objects.filter(email=email).first() or User(email=email)
        user.name = name
        user.set_password(DEMO_PASSWORD)
        user.email_verified_at = user.email_verified_at or timezone.now()  # demo addresses need no confirmation
        user.save()
        return user
