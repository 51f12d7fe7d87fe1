"""Work the worker does for a row of a queue (an email to send, a record to publish), each
row its own unit of work, with no database transaction open while it talks to the network.

A row is claimed by one short UPDATE (a lease, so two workers never take the same row and a
worker killed mid-task leaves it to be taken again once the lease ends), the network I/O
runs outside any transaction, and the outcome is recorded in another short write. A failure
is recorded on its row — attempts, last error, next try after a delay that doubles each time
(1, 2, 4 ... minutes, at most 6 hours) — and after FORMS_MAX_ATTEMPTS tries, or at once when
retrying cannot help, the row is marked failed for staff to see; it never stops the others.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q

LONGEST_WAIT = timedelta(hours=6)
# A row given up on is the one thing here that needs a person (staff's "Try again", once the
# cause is fixed): an ERROR line of its own, which alerting on the journal's priority catches.
# A failure that will be retried is only counted in the task's line (a WARNING).
log = logging.getLogger(__name__)  # "forms_service.retries", under the service's logger
# Set on SIGTERM (send_outbox: `systemctl stop` or restart): the row in hand is finished and
# recorded, and no other is taken, so that a stop neither sends an email twice nor leaves a
# row leased to a worker that is gone.
STOP = threading.Event()


def pause(seconds: float) -> None:
    """The worker's wait between passes, ended within half a second by a stop. Slept in
    steps rather than STOP.wait(seconds): a timed wait on a lock never wakes under a moved
    clock (libfaketime, `make test-future`, fakes the monotonic clock but not the C
    library's sem_clockwait), and the worker ran one pass there and no other."""
    deadline = time.monotonic() + seconds
    while not STOP.is_set() and (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, 0.5))


Row = TypeVar("Row", bound=models.Model)  # with DONE: the column that says it is done


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def lease() -> timedelta:
    return timedelta(seconds=settings.FORMS_WORKER_LEASE_SECONDS)


def due(model: type[Row], now: datetime, limit: int) -> list[int]:
    """The keys of the rows due now: not done, not failed, not claimed by a live worker."""
    rows = (
        model._default_manager.filter(**{f"{model.DONE}__isnull": True}, failed__isnull=True)
        .filter(next_try__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_try", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return list(rows)


def claim(model: type[Row], pk: int, now: datetime) -> Row | None:
    """Take the row for this worker (one UPDATE, committed at once), or None when another
    worker took it or it was done meanwhile."""
    taken = (
        model._default_manager.filter(pk=pk, **{f"{model.DONE}__isnull": True}, failed__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + lease())
    )
    return model._default_manager.get(pk=pk) if taken else None


def succeeded(row: Any, now: datetime, **changes: Any) -> None:
    record(row, **{row.DONE: now, "last_error": "", "claimed_until": None, **changes})


def failed(row: Any, now: datetime, error: str, *, final: bool = False) -> bool:
    """Record a failed attempt; true when the row will not be tried again."""
    attempts = row.attempts + 1
    final = final or attempts >= settings.FORMS_MAX_ATTEMPTS
    record(
        row,
        attempts=attempts,
        last_error=error[:2000],
        next_try=now + backoff(attempts),
        failed=now if final else None,
        claimed_until=None,
    )
    if final:
        log.error(
            "%s %s given up on after %d tries, failed in the staff area until tried again: %s",
            type(row).__name__.lower(), row.pk, attempts, error[:300],
        )  # fmt: skip
    return final


def retry(queryset: models.QuerySet[Any], now: datetime) -> int:
    """Staff's "try again" on failed rows: due now, with their attempts counted afresh."""
    return queryset.filter(failed__isnull=False).update(
        failed=None, attempts=0, next_try=now, claimed_until=None
    )


def said(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def record(row: models.Model, **changes: Any) -> None:
    """One UPDATE of the given columns, on the row and in the database (in autocommit, a
    short transaction of its own)."""
    for name, value in changes.items():
        setattr(row, name, value)
    type(row)._default_manager.filter(pk=row.pk).update(**changes)
