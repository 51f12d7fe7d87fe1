"""Publication moves here from the staff app (forms_service/submissions/models.py says why).

Only Django's picture of the models changes: the table keeps its name, staff_publication,
its columns, indexes and rows; nothing is written to the database. Staff's migration 0005
then forgets the model on its side."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # The table is created by staff's 0001 and last altered by its 0004: it exists, as it
    # is, before this app takes it over (on a new database as on one in use).
    dependencies = [
        ("submissions", "0009_labels"),
        ("staff", "0004_labels"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Publication",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("path", models.CharField(max_length=300, verbose_name="file")),
                        ("replaces", models.BooleanField(default=False)),
                        ("content", models.TextField()),
                        ("message", models.TextField()),
                        ("branch", models.CharField(max_length=120, verbose_name="branch")),
                        ("author_name", models.CharField(max_length=150)),
                        ("author_email", models.CharField(max_length=254)),
                        (
                            "attempts",
                            models.PositiveIntegerField(default=0, verbose_name="attempts"),
                        ),
                        ("next_try", models.DateTimeField(db_index=True, verbose_name="next try")),
                        (
                            "done",
                            models.DateTimeField(
                                db_index=True, null=True, verbose_name="published"
                            ),
                        ),
                        (
                            "commit",
                            models.CharField(blank=True, max_length=64, verbose_name="commit"),
                        ),
                        ("pushed", models.BooleanField(default=False, verbose_name="pushed")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        ("claimed_until", models.DateTimeField(blank=True, null=True)),
                        (
                            "failed",
                            models.DateTimeField(
                                blank=True, db_index=True, null=True, verbose_name="failed"
                            ),
                        ),
                        (
                            "submission",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="submissions.submission",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "record to publish",
                        "verbose_name_plural": "records to publish",
                        "db_table": "staff_publication",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
