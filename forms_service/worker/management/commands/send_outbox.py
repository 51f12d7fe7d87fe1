"""`forms-service send_outbox`: the worker that sends the outbox's emails, commits approved
records to the data repository (worker/commits.py), and clears the attachments that were
checked but never sent with a form (after a day), except those a saved form holds.

Each task is tried on every pass whatever the others did: a failing task (the database gone
for a moment, say) is logged and the worker goes on to the next one, and to the next pass.
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection

from forms_service import logs, retries, storage
from forms_service.submissions.answers import MAX_AGE
from forms_service.submissions.drafts import held_files
from forms_service.uploads import purge_pending
from forms_service.worker.commits import publish_due
from forms_service.worker.outbox import send_due

# One line per task run (forms_service.worker, on stderr through settings.LOGGING): what it did
# and how long it took; at DEBUG, not written, when it found nothing to do, which is most
# passes (every 5 seconds).
log = logging.getLogger("forms_service.worker")
Counts = dict[str, int]


def _emails() -> Counts:
    sent, failed = send_due()
    return {"sent": sent, "failed": failed}


def _records() -> Counts:
    done, failed = publish_due()
    return {"published": done, "failed": failed}


def _pending() -> Counts:
    # A pending file older than the answers that carry it can no longer be sent.
    return {"removed": purge_pending(storage.uploads(), MAX_AGE + 3600, held_files())}


TASKS: tuple[tuple[str, Callable[[], Counts]], ...] = (
    ("emails", _emails),
    ("pending files", _pending),
    ("records", _records),
)


def run(name: str, task: Callable[[], Counts]) -> None:
    """The task once, logged: e.g. "emails: sent 3, failed 1; 212 ms"."""
    began = time.perf_counter()
    try:
        counts = task()
    except Exception:  # the worker outlives any one task's failure
        log.exception("worker task %s failed after %d ms", name, logs.milliseconds_since(began))
        return
    said = ", ".join(f"{what} {n}" for what, n in counts.items())
    # A failure is a WARNING: one now and then is the network; the same line pass after pass
    # (SMTP or the git remote down) is worth a look. A row given up on says so itself, as an
    # ERROR (retries.failed).
    level = logging.WARNING if counts.get("failed") else logging.INFO
    level = level if any(counts.values()) else logging.DEBUG
    log.log(level, "%s: %s; %d ms", name, said, logs.milliseconds_since(began))


class Command(BaseCommand):
    help = "Send the emails waiting in the outbox; retry failures later, with growing delays."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then stop")
        parser.add_argument("--every", type=float, default=5.0, help="seconds between passes")

    def handle(self, *args: Any, **options: Any) -> None:
        # SIGTERM finishes the row in hand (retries.STOP) rather than ending the process in
        # the middle of it, as Python's default does; the unit's TimeoutStopSec covers the
        # longest row.
        before = signal.signal(signal.SIGTERM, lambda *_: retries.STOP.set())
        try:
            while not retries.STOP.is_set():
                for name, task in TASKS:
                    if retries.STOP.is_set():
                        break
                    if not connection.in_atomic_block:  # (tests run the command in one)
                        close_old_connections()  # a connection the database dropped is reopened
                    run(name, task)
                if options["once"]:
                    return
                retries.pause(options["every"])
            log.info("stopped")
        finally:
            signal.signal(signal.SIGTERM, before)
