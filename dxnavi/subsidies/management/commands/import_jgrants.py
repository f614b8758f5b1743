"""Read programs from the jGrants public API into the review queue (admin: jGrants review queue)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dxnavi.subsidies import jgrants_import


class Command(BaseCommand):
    help = (
        "Read subsidy programs from the Digital Agency's jGrants public API and queue new and changed "
        "ones for an operator to accept in the admin (nothing reaches the finder before that)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keyword",
            action="append",
            dest="keywords",
            help="Search keyword (repeatable; default: settings.SUBSIDY_JGRANTS_KEYWORDS).",
        )
        parser.add_argument("--all", action="store_true", help="Include programs not accepting applications now (acceptance=0).")
        parser.add_argument("--base-url", default=None, help="API base URL (default: DXNAVI_JGRANTS_API_URL).")
        parser.add_argument("--timeout", type=float, default=None, help="Seconds per request (default: DXNAVI_JGRANTS_TIMEOUT).")

    def handle(self, *args, **options):
        keywords = options["keywords"] or list(settings.SUBSIDY_JGRANTS_KEYWORDS)
        base = options["base_url"] or settings.SUBSIDY_JGRANTS_API_URL
        try:
            report = jgrants_import.run(
                keywords, acceptance=0 if options["all"] else 1, base=base, timeout=options["timeout"]
            )
        except jgrants_import.JGrantsUnavailable as error:
            raise CommandError(
                f"jGrants APIに接続できませんでした。ネットワークを確認して、あとで再実行してください。何も変更していません。\n"
                f"Could not read the jGrants API; nothing was changed. Check the network and run again.\n  {error}"
            ) from error
        self.stdout.write(
            f"jGrants ({base}): {len(report.keywords)} keyword(s), {report.found} program(s) — "
            f"{len(report.new)} new, {len(report.changed)} changed, {report.unchanged} unchanged"
        )
        for title in report.new:
            self.stdout.write(f"  new:     {title}")
        for title in report.changed:
            self.stdout.write(f"  changed: {title}")
        pending = len(report.new) + len(report.changed)
        if pending:
            self.stdout.write(
                f"{pending} program(s) wait for review: admin → Subsidies → jGrants review queue "
                "(/admin/subsidies/jgrantscandidate/?status__exact=pending)"
            )
        else:
            self.stdout.write("Nothing new to review.")
