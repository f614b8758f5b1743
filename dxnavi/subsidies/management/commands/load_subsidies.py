from django.core.management.base import BaseCommand, CommandError

from dxnavi.subsidies import loader


class Command(BaseCommand):
    help = "Validate and load the subsidy catalogs (content/subsidies). --force overwrites frames edited in the admin."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Overwrite frames edited in the admin with the YAML.")

    def handle(self, *args, **options):
        try:
            report = loader.load(force=options["force"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        for line in report:
            self.stdout.write(line)
