import multiprocessing

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def _run_cron():
    """RQ's cron scheduler (a separate process: it installs its own signal handlers)."""
    import django

    django.setup()
    from redis import Redis
    from rq.cron import CronScheduler

    from dxnavi import jobs

    scheduler = CronScheduler(connection=Redis.from_url(settings.REDIS_URL), name="dxnavi-cron")
    # Daily reminders (dxnavi.actions.reminders); idempotent, so a second scheduler does no harm.
    scheduler.register(jobs.run, "default", args=("dxnavi.actions.reminders.send_due_reminders",), cron=settings.REMINDER_CRON)
    from dxnavi.actions import registry

    for path in registry.daily_jobs():  # e.g. the support records' next-action reminders
        scheduler.register(jobs.run, "default", args=(path,), cron=settings.REMINDER_CRON)
    scheduler.start()


class Command(BaseCommand):
    help = "Run the background job worker (needs REDIS_URL and DXNAVI_JOBS=rq), with the daily reminder scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Exit when the queue is empty.")
        parser.add_argument(
            "--no-cron", action="store_true", help="Do not start the reminder scheduler (for additional workers)."
        )

    def handle(self, *args, **options):
        if settings.JOBS_BACKEND != "rq":
            raise CommandError("Jobs run in-process (no REDIS_URL set): there is no worker to start.")
        from rq import Worker

        from dxnavi.jobs import queue

        cron = None
        if not options["burst"] and not options["no_cron"]:
            cron = multiprocessing.get_context("spawn").Process(target=_run_cron, name="dxnavi-cron", daemon=True)
            cron.start()
        q = queue()
        try:
            Worker([q], connection=q.connection).work(burst=options["burst"], with_scheduler=True)
        finally:
            if cron is not None and cron.is_alive():
                cron.terminate()
                cron.join(5)
