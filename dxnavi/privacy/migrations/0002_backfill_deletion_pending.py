"""Company.deletion_pending came after DeletionRecord (orgs 0004): set it for deletions already open then,
so the flag alone answers "is a deletion pending?" (scoping and ``services.pending_deletion`` rely on it)."""

from django.db import migrations


def backfill(apps, schema_editor):
    Company = apps.get_model("orgs", "Company")
    DeletionRecord = apps.get_model("privacy", "DeletionRecord")
    open_refs = DeletionRecord.objects.filter(cancelled_at__isnull=True, executed_at__isnull=True).values("company_ref")
    Company.objects.filter(pk__in=open_refs, deletion_pending=False).update(deletion_pending=True)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("orgs", "0004_company_deletion_pending"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
