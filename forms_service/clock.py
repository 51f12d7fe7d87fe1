"""The service's one clock: every "now" and "today" of its code comes from here.

Functions that depend on the time take `now` as a parameter and default to `now()`; tests
pass their own instant, or move this clock for a whole run (tests/conftest.py
`--clock-years`), so that nothing passes only on the day it was written.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def today() -> date:
    return timezone.localdate(now())


def timestamp() -> float:
    """Seconds since the epoch, for signed time stamps and files' ages."""
    return now().timestamp()
