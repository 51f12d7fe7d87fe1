"""`forms-service purge`: remove what has been kept long enough (forms_service/staff/personal.py
says how long for each kind of row): the submissions kept longer than FORMS_RETENTION_DAYS with
their emails, the other emails sent longer ago than that, the requests for alerts not confirmed
within ALERTS_CONFIRM_DAYS, the saved forms (drafts) past their call's closing plus
FORMS_DRAFT_RETENTION_DAYS or past their link's expiry, and the rate limits' counters whose
window has ended."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from forms_service.staff.personal import expired, purge
from forms_service.submissions import protection


class Command(BaseCommand):
    help = "Remove what is kept past its time: submissions, emails, alert requests, drafts."

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
        self.stdout.write(f"removed {gone['sent_emails']} other emails sent over {days} days ago")
        self.stdout.write(f"removed {gone['alert_requests']} alert requests never confirmed")
        self.stdout.write(
            f"removed {gone['saved_forms']} saved forms past their call's closing or their link"
        )
        ended = protection.forget_ended()
        self.stdout.write(f"removed {ended} rate-limit counters whose window had ended")
