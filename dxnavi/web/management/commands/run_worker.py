from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the background job worker (needs REDIS_URL and DXNAVI_JOBS=rq)."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Exit when the queue is empty.")

    def handle(self, *args, **options):
        if settings.JOBS_BACKEND != "rq":
            raise CommandError("Jobs run in-process (no REDIS_URL set): there is no worker to start.")
        from rq import Worker

        from dxnavi.jobs import queue

        q = queue()
        Worker([q], connection=q.connection).work(burst=options["burst"])
