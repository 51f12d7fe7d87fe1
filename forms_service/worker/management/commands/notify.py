"""`forms-service notify`: run after a publish; queues the alerts for what is new since the
last run (alerts/notify.py), then sends what the outbox holds.

A command of the worker's, not of the alerts app: it is the one that reaches both the alerts
and the outbox's sender, and the worker is the app that may import every other."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from forms_service.alerts.notify import notify
from forms_service.worker.outbox import send_due


class Command(BaseCommand):
    help = "Email each confirmed subscriber the new calls and trainings, once."

    def handle(self, *args: Any, **options: Any) -> None:
        result = notify(settings.DATA_DIR)
        self.stdout.write(f"new items: {result.new}; alert emails queued: {result.emails}")
        # What fails to send stays in the outbox: the worker (send_outbox) retries it.
        sent, failed = send_due()
        self.stdout.write(f"emails: sent {sent}, failed {failed}")
