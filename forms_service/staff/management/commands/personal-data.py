"""`forms-service personal-data EMAIL`: everything held about an email address, as JSON.

The audit log records each export with a keyed hash of the address, not the address: with
`--asked`, the command recomputes it to tell when the address was asked about before."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from forms_service.staff.models import AuditEntry
from forms_service.staff.personal import about, address_hash

ACTION = "exported-personal-data"


class Command(BaseCommand):
    help = "Print, as JSON, every submission, email, alert and saved form holding EMAIL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument(
            "--asked",
            action="store_true",
            help="print when EMAIL's personal data was exported before; export nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hashed = address_hash(options["email"])
        if options["asked"]:
            earlier = AuditEntry.objects.filter(action=ACTION, detail=hashed).order_by("at")
            for entry in earlier:
                self.stdout.write(f"exported on {entry.at.isoformat()}")
            if not earlier:
                self.stdout.write("no export of personal data about this address")
            return
        found = about(options["email"])
        AuditEntry.objects.create(action=ACTION, detail=hashed)
        self.stdout.write(json.dumps(found, ensure_ascii=False, indent=2))
