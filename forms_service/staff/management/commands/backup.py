"""`forms-service backup DIR`: a copy of the database and of every attachment that restores
(forms_service/staff/backups.py), taken while the service runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forms_service import clock
from forms_service.staff import backups


class Command(BaseCommand):
    help = (
        "Copy the database (SQLite: its backup API; PostgreSQL: pg_dump) and every file of"
        " the uploads into DIR, a new folder, with a manifest of their SHA-256."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, metavar="DIR")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = options["folder"]
        try:
            manifest = backups.backup(folder, clock.now(), settings.FORMS_BACKUP_TIMEOUT)
        except backups.Failed as error:
            raise CommandError(str(error)) from error
        files = manifest["files"]
        megabytes = sum(entry["size"] for entry in files) / 1e6
        self.stdout.write(
            f"backed up the {manifest['database']['vendor']} database and {len(files) - 1}"
            f" files of the uploads ({megabytes:.1f} MB in all) into {folder}"
        )
