"""Publication now belongs to the submissions app (its migration 0010): the staff app forgets
it, leaving its table, staff_publication, and every row where they are.

Its content type follows it, so that what points at the model through it (the admin's
history, permissions) still does; on a database where Django had already made one for the
new label (none does in the ordinary course: content types are made after migrating), the
old one is left as it is, for `remove_stale_contenttypes` to report."""

from typing import Any

from django.db import migrations


def _relabel(apps: Any, schema_editor: Any, old: str, new: str) -> None:
    types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    if not types.filter(app_label=new, model="publication").exists():
        types.filter(app_label=old, model="publication").update(app_label=new)


def forwards(apps: Any, schema_editor: Any) -> None:
    _relabel(apps, schema_editor, "staff", "submissions")


def backwards(apps: Any, schema_editor: Any) -> None:
    _relabel(apps, schema_editor, "submissions", "staff")


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0004_labels"),
        ("submissions", "0010_publication"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Publication")],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
