"""The addresses `personal-data` wrote into the audit log before it kept a keyed hash of
them: replaced by that hash (forms_service/staff/personal.py), which staff can recompute."""

from typing import Any

from django.db import migrations

from forms_service.staff.personal import address_hash


def hash_addresses(apps: Any, schema_editor: Any) -> None:
    entries = apps.get_model("staff", "AuditEntry").objects.filter(
        action="exported-personal-data", detail__contains="@"
    )
    for entry in entries:
        entry.detail = address_hash(entry.detail)
        entry.save(update_fields=["detail"])


class Migration(migrations.Migration):
    dependencies = [("staff", "0002_publication_claims_and_failures")]

    # Backwards, the hashes stay: the addresses cannot be read back from them.
    operations = [migrations.RunPython(hash_addresses, migrations.RunPython.noop)]
