# Structured answers (level_target questions: current/target level, evidence, next action).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="is_complete",
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name="answer",
            name="value",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="answer",
            name="option_id",
            field=models.CharField(blank=True, max_length=32),
        ),
    ]
