"""`forms-service send_outbox`: the worker that sends the outbox's emails, commits approved
records to the data repository (staff/publishing.py), and clears the attachments that were
checked but never sent with a form (after a day), except those a saved form holds."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from forms_service.staff.publishing import publish_due
from forms_service.submissions.answers import MAX_AGE
from forms_service.submissions.drafts import held_files
from forms_service.submissions.outbox import send_due
from forms_service.uploads import purge_pending

RETRY = " (tried again later)"


class Command(BaseCommand):
    help = "Send the emails waiting in the outbox; retry failures later, with growing delays."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then stop")
        parser.add_argument("--every", type=float, default=5.0, help="seconds between passes")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            sent, failed = send_due()
            if sent or failed:
                self.stdout.write(f"emails: sent {sent}, failed {failed}" + RETRY * bool(failed))
            # A pending file older than the answers that carry it can no longer be sent.
            purge_pending(settings.FORMS_UPLOAD_DIR, MAX_AGE + 3600, held_files())
            published, unpublished = publish_due()
            if published or unpublished:
                self.stdout.write(
                    f"records: published {published}, failed {unpublished}"
                    + RETRY * bool(unpublished)
                )
            if options["once"]:
                return
            time.sleep(options["every"])
