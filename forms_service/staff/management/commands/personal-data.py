"""`forms-service personal-data EMAIL`: everything held about an email address, as JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from forms_service.staff.models import AuditEntry
from forms_service.staff.personal import about


class Command(BaseCommand):
    help = "Print, as JSON, every submission, answer, attachment name and email about EMAIL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        found = about(options["email"])
        AuditEntry.objects.create(action="exported-personal-data", detail=options["email"][:300])
        self.stdout.write(json.dumps(found, ensure_ascii=False, indent=2))
