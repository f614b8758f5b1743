from django.core.management.base import BaseCommand, CommandError

from dxnavi.privacy import services


class Command(BaseCommand):
    help = (
        "Delete the companies whose deletion grace period has passed (each in one transaction, "
        "then their files), and remove expired data exports. Run daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        done, failed = services.purge_due()
        for record in done:
            rows = sum(record.deleted_counts.values())
            self.stdout.write(
                f"deleted company {record.company_ref}: {rows} rows, {record.deleted_files} files (record {record.pk})"
            )
        expired = services.expire_exports()
        self.stdout.write(f"{len(done)} companies deleted, {expired} expired exports removed")
        if failed:
            for record_id, error in failed:
                self.stderr.write(f"deletion record {record_id} failed: {error}")
            raise CommandError(f"{len(failed)} companies could not be deleted")
