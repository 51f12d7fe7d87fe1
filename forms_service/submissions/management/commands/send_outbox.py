"""`forms-service send_outbox`: the worker that sends the outbox's emails."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from forms_service.submissions.outbox import send_due


class Command(BaseCommand):
    help = "Send the emails waiting in the outbox; retry failures later, with growing delays."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then stop")
        parser.add_argument("--every", type=float, default=5.0, help="seconds between passes")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            sent, failed = send_due()
            if sent or failed:
                self.stdout.write(f"sent {sent}, failed {failed} (will retry)")
            if options["once"]:
                return
            time.sleep(options["every"])
