# Per-group score histograms of the latest results (peer percentiles in constant time).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_answer_value"),
    ]

    operations = [
        migrations.CreateModel(
            name="PeerHistogram",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("pack_family", models.CharField(max_length=64)),
                ("level", models.CharField(max_length=32)),
                ("industry_major", models.CharField(blank=True, max_length=1)),
                ("size_band", models.CharField(blank=True, max_length=16)),
                ("prefecture", models.CharField(blank=True, max_length=2)),
                ("total_score", models.IntegerField()),
                ("count", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "peer score histogram",
                "verbose_name_plural": "peer score histograms",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("pack_family", "level", "industry_major", "size_band", "prefecture", "total_score"),
                        name="uniq_peer_histogram_bucket",
                    )
                ],
            },
        ),
    ]
