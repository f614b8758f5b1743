"""manage.py refresh_security_action_levels [--check]

Recomputes every company's stored SECURITY ACTION level (``secaction.levels.rebuild``), e.g. after
an upgrade or a bulk load that wrote ticks, policies or self-checks without the ORM. ``--check``
only compares and exits 1 when a stored level differs from the rules.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from dxnavi.secaction import levels


class Command(BaseCommand):
    help = "Rebuild (or --check) the stored SECURITY ACTION levels the client list filters on."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare only; exit 1 on a difference")

    def handle(self, *args, **options):
        t0 = time.perf_counter()
        if options["check"]:
            differences = levels.check()
            for company_id, (stored, expected) in sorted(differences.items())[:20]:
                self.stdout.write(f"  company {company_id}: stored {stored}, expected {expected}")
            if differences:
                raise CommandError(f"{len(differences)} stored SECURITY ACTION levels differ from the rules.")
            self.stdout.write(f"stored SECURITY ACTION levels are exact ({time.perf_counter() - t0:.1f} s)")
            return
        count = levels.rebuild()
        self.stdout.write(f"recomputed SECURITY ACTION levels: {count:,} companies ({time.perf_counter() - t0:.1f} s)")
