"""`forms-service restore DIR [--force]`: the database and the attachments put back as a
backup has them, every file checked against its manifest (forms_service/staff/backups.py). Stop
the service and its worker (send_outbox) first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forms_service.staff import backups


class Command(BaseCommand):
    help = (
        "Restore the database and the uploads from DIR, made by `backup`, after checking"
        " every file's SHA-256. Stop the service and its worker first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, metavar="DIR")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that holds data"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = options["folder"]
        try:
            done = backups.restore(folder, options["force"], settings.FORMS_BACKUP_TIMEOUT)
        except backups.Failed as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored the {done['vendor']} database and {done['files']} files of the uploads"
            f" from {folder} (backup of {done['created']}); every file matches the manifest"
        )
        if done["unapplied"]:
            self.stdout.write(
                f"{done['unapplied']} migrations of this version are not applied in it:"
                " run `forms-service migrate`"
            )
        if done["unknown"]:
            self.stdout.write(
                f"{done['unknown']} migrations applied in it are unknown to this version:"
                " it was made by a newer one"
            )
