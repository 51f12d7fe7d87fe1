"""The outbox: emails are rows committed with what they are about, sent later by the worker.

SMTP being down, slow or refusing an address never loses or blocks a submission, and never
stops the other emails: each email is claimed, sent with no database transaction open (so
forms and sign-ins keep writing while the SMTP server takes its time), and marked sent in a
commit of its own as soon as the server has accepted it — a worker killed mid-batch sends
again at most the one email in flight. Failures are retried (forms_service/retries.py).

The rows are submissions' (Email, in forms_service/submissions/models.py): every app queues
emails there, and only the worker sends them.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import sanitize_address

from forms_service import clock, retries
from forms_service.submissions.models import REDACTED, Email

log = logging.getLogger(__name__)

# The server refused this message or its address: retrying later may help (a 4xx reply),
# but the connection is still good for the next email.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def message(email: Email) -> EmailMessage:
    """The email as it will be sent. Raises ValueError (UnicodeError included) for an address
    no SMTP server can take, e.g. a domain that IDNA cannot encode."""
    for address in (email.to, settings.DEFAULT_FROM_EMAIL):
        sanitize_address(address, "utf-8")
    built = EmailMessage(
        email.subject,
        email.body,
        settings.DEFAULT_FROM_EMAIL,
        [email.to],
        headers=email.headers or None,
    )
    built.message()  # headers and body encoded now, not halfway through the SMTP dialogue
    return built


def send_due(now: datetime | None = None, limit: int = 100) -> tuple[int, int]:
    """Send what is due, one email at a time; (sent, failed). When the server cannot be
    reached, the batch stops at the email that found out: the rest wait for the next run."""
    now = now or clock.now()
    sent = failed = 0
    connection: Any = None
    try:
        for pk in retries.due(Email, now, limit):
            if retries.STOP.is_set():
                break
            email = retries.claim(Email, pk, now)
            if email is None:
                continue  # another worker has it
            try:
                built = message(email)
            except (ValueError, TypeError) as error:  # the row itself is wrong: no retry helps
                retries.failed(email, now, retries.said(error), final=True)
                failed += 1
                continue
            try:
                if connection is None:  # one connection for the batch, opened when needed
                    connection = get_connection(fail_silently=False)
                    connection.open()
                connection.send_messages([built])
            except REFUSED as error:
                retries.failed(email, now, retries.said(error))
                failed += 1
                _closed(connection)
                connection = None
            except (OSError, smtplib.SMTPException) as error:  # down, slow or cut off
                retries.failed(email, now, retries.said(error))
                failed += 1
                break
            except Exception as error:  # a fault of this email alone: the others go on
                log.exception("sending email %s failed", email.pk)
                retries.failed(email, now, retries.said(error))
                failed += 1
                _closed(connection)
                connection = None
            else:
                retries.succeeded(email, clock.now(), **_forgotten(email))
                sent += 1
    finally:
        _closed(connection)
    return sent, failed


def _forgotten(email: Email) -> dict[str, Any]:
    """What a sent email no longer needs to keep (see Email.holds_secret)."""
    return {"body": REDACTED} if email.holds_secret else {}


def _closed(connection: Any) -> None:
    if connection is not None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()
