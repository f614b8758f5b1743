import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from dxnavi.ops import restore_check


class Command(BaseCommand):
    help = (
        "Compare the default database with another one (e.g. a restored backup), table by table: rows and an "
        "order-independent checksum on both sides, plus sequence positions. Exit status 0 when identical, "
        "1 when anything differs, 2 when the two cannot be compared."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--against",
            required=True,
            metavar="DATABASE_URL",
            help="URL of the database to compare with, same engine as the default one "
            "(postgres://user:password@host:5432/name or sqlite:////absolute/path.sqlite3).",
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON instead of a table.")

    def handle(self, *args, **options):
        try:
            other = restore_check.connect(options["against"])
        except restore_check.RestoreCheckError as error:
            raise CommandError(str(error), returncode=2) from error
        try:
            result = restore_check.compare(connections[DEFAULT_DB_ALIAS], other)
        except restore_check.RestoreCheckError as error:
            raise CommandError(str(error), returncode=2) from error
        except DatabaseError as error:
            raise CommandError(f"Cannot read the databases: {error}", returncode=2) from error
        finally:
            other.close()
        if options["json"]:
            self.stdout.write(json.dumps(restore_check.as_dict(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(restore_check.render_text(result))
        if not result.identical:
            raise CommandError(restore_check.verdict(result), returncode=1)
