"""`forms-service send_outbox`: the worker that sends the outbox's emails, commits approved
records to the data repository (staff/publishing.py), and clears the attachments that were
checked but never sent with a form (after a day), except those a saved form holds.

Each task is tried on every pass whatever the others did: a failing task (the database gone
for a moment, say) is logged and the worker goes on to the next one, and to the next pass.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection

from forms_service import storage
from forms_service.staff.publishing import publish_due
from forms_service.submissions.answers import MAX_AGE
from forms_service.submissions.drafts import held_files
from forms_service.submissions.outbox import send_due
from forms_service.uploads import purge_pending

RETRY = " (tried again later)"
log = logging.getLogger(__name__)


def _emails() -> str:
    sent, failed = send_due()
    return f"emails: sent {sent}, failed {failed}" + RETRY * bool(failed) if sent or failed else ""


def _records() -> str:
    done, failed = publish_due()
    return (
        f"records: published {done}, failed {failed}" + RETRY * bool(failed)
        if done or failed
        else ""
    )


def _pending() -> str:
    # A pending file older than the answers that carry it can no longer be sent.
    purge_pending(storage.uploads(), MAX_AGE + 3600, held_files())
    return ""


TASKS: tuple[Callable[[], str], ...] = (_emails, _pending, _records)


class Command(BaseCommand):
    help = "Send the emails waiting in the outbox; retry failures later, with growing delays."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then stop")
        parser.add_argument("--every", type=float, default=5.0, help="seconds between passes")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for task in TASKS:
                if not connection.in_atomic_block:  # (tests run the command in one)
                    close_old_connections()  # a connection the database dropped is reopened
                try:
                    said = task()
                except Exception:  # the worker outlives any one task's failure
                    log.exception("worker task %s failed", task.__name__.strip("_"))
                    continue
                if said:
                    self.stdout.write(said)
            if options["once"]:
                return
            time.sleep(options["every"])
