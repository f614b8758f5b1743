from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from dxnavi.actions import reminders


class Command(BaseCommand):
    help = (
        "Send today's reminder e-mails (self-check re-check, actions due) and run the other apps' daily jobs "
        "(e.g. support records' next actions) through the job runner. "
        "Run it daily from cron when no RQ worker with its scheduler is running; running it twice sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD), e.g. to catch up a missed day.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = parse_date(options["date"])
            except ValueError:
                today = None
            if today is None:
                raise CommandError("--date: enter a date like 2026-12-01.")
        reminders.schedule(today)
        self.stdout.write(f"reminders for {today.isoformat()} handed to the job runner")
