"""`forms-service purge`: remove the submissions kept longer than FORMS_RETENTION_DAYS, and
the requests for alerts not confirmed within ALERTS_CONFIRM_DAYS, and the saved forms (drafts)
past their call's closing plus FORMS_DRAFT_RETENTION_DAYS or past their link's expiry."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from forms_service.alerts.models import purge_unconfirmed
from forms_service.staff.personal import expired, purge
from forms_service.submissions import drafts


class Command(BaseCommand):
    help = "Remove submissions (answers, attachments, emails) kept past the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, remove nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.FORMS_RETENTION_DAYS
        if options["dry_run"]:
            self.stdout.write(f"{expired().count()} submissions are older than {days} days")
            return
        gone = purge()
        self.stdout.write(
            f"removed {gone['submissions']} submissions, {gone['attachments']} attachments"
            f" and {gone['emails']} emails older than {days} days"
        )
        stale = purge_unconfirmed(settings.ALERTS_CONFIRM_DAYS, timezone.now())
        self.stdout.write(f"removed {stale} alert requests never confirmed")
        old = drafts.purge(timezone.now(), settings.FORMS_UPLOAD_DIR)
        self.stdout.write(f"removed {old} saved forms past their call's closing or their link")
