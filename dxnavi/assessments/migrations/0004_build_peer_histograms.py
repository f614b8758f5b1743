"""Build the peer histograms for the latest results that exist already.

A frozen copy of ``peer_histograms.rebuild`` (the levels of ``domain.peers.LEVELS`` as they
were when PeerHistogram was introduced), so this migration does not change when the code does.
"""

from django.db import migrations

LEVELS = (
    ("industry_size_prefecture", ("industry_major", "size_band", "prefecture")),
    ("industry_size", ("industry_major", "size_band")),
    ("industry", ("industry_major",)),
    ("all", ()),
)
KEY_FIELDS = ("industry_major", "size_band", "prefecture")


def build(apps, schema_editor):
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    hist = qn(apps.get_model("assessments", "PeerHistogram")._meta.db_table)
    source = qn(apps.get_model("assessments", "Assessment")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {hist}")
        for level, keys in LEVELS:
            columns = ", ".join(qn(k) if k in keys else "''" for k in KEY_FIELDS)
            group_by = ", ".join(["pack_family", *(qn(k) for k in keys), "total_score"])
            cursor.execute(
                f"INSERT INTO {hist} (pack_family, level, industry_major, size_band, prefecture, total_score, {qn('count')}) "
                f"SELECT pack_family, %s, {columns}, total_score, COUNT(*) FROM {source} "
                f"WHERE is_latest = %s AND total_score IS NOT NULL GROUP BY {group_by}",
                [level, True],
            )


def clear(apps, schema_editor):
    apps.get_model("assessments", "PeerHistogram").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_peerhistogram")]

    operations = [migrations.RunPython(build, clear)]
