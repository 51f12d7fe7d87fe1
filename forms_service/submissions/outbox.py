"""The outbox: confirmation emails are rows committed with their submission, sent later.

SMTP being down never loses or blocks a submission: a failed send is retried after a delay
that doubles each time (1, 2, 4 ... minutes, at most 6 hours).
"""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from forms_service.submissions.models import REDACTED, Email

LONGEST_WAIT = timedelta(hours=6)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def send_due(now: datetime | None = None, limit: int = 100) -> tuple[int, int]:
    """Send what is due; (sent, failed)."""
    now = now or timezone.now()
    sent = failed = 0
    with transaction.atomic():
        # Several workers may run: each takes rows the others have not locked.
        due = list(
            Email.objects.select_for_update(skip_locked=True)
            .filter(sent__isnull=True, next_try__lte=now)
            .order_by("next_try")[:limit]
        )
        for email in due:
            try:
                EmailMessage(
                    email.subject,
                    email.body,
                    settings.DEFAULT_FROM_EMAIL,
                    [email.to],
                    headers=email.headers or None,
                ).send()
            except (OSError, smtplib.SMTPException) as exc:
                email.attempts += 1
                email.next_try = now + backoff(email.attempts)
                email.last_error = f"{type(exc).__name__}: {exc}"[:1000]
                failed += 1
            else:
                email.sent = now
                email.body = REDACTED if email.holds_secret else email.body
                sent += 1
            email.save(update_fields=["attempts", "next_try", "last_error", "sent", "body"])
    return sent, failed
