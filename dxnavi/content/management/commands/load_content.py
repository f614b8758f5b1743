from django.core.management.base import BaseCommand, CommandError

from dxnavi.content import loaders


class Command(BaseCommand):
    help = "Validate and load every content pack under content/ (idempotent)."

    def handle(self, *args, **options):
        try:
            report = loaders.load_all()
        except ValueError as error:
            raise CommandError(str(error)) from error
        for line in report:
            self.stdout.write(line)
