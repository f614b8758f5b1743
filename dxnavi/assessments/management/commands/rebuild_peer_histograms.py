"""manage.py rebuild_peer_histograms [--pack PACK_ID] [--check]

Recomputes the peer histograms (``peer_histograms.rebuild``) from the latest results, e.g. after
a bulk load that wrote assessments without the ORM. ``--check`` only compares and exits 1 when
the stored histograms differ from the Assessment table.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from dxnavi.assessments import peer_histograms


class Command(BaseCommand):
    help = "Rebuild (or --check) the per-group peer score histograms from the latest assessments."

    def add_arguments(self, parser):
        parser.add_argument("--pack", help="only this pack family (default: all)")
        parser.add_argument("--check", action="store_true", help="compare only; exit 1 on a difference")

    def handle(self, *args, **options):
        t0 = time.perf_counter()
        if options["check"]:
            differences = peer_histograms.check(options["pack"])
            for bucket, (stored, expected) in sorted(differences.items())[:20]:
                self.stdout.write(f"  {bucket}: stored {stored}, expected {expected}")
            if differences:
                raise CommandError(f"{len(differences)} peer histogram buckets differ from the latest results.")
            self.stdout.write(f"peer histograms are exact ({time.perf_counter() - t0:.1f} s)")
            return
        buckets = peer_histograms.rebuild(options["pack"])
        self.stdout.write(f"rebuilt peer histograms: {buckets:,} buckets ({time.perf_counter() - t0:.1f} s)")
