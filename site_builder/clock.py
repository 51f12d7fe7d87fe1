"""The site builder's one clock: the build's moment, given (`--now`, `--today`, a test's
fixed instant) or read here, and nowhere else. Pages, validation and reports take it as a
parameter, so that what they say depends on the data and the moment given, not on the day
the code runs."""

from __future__ import annotations

from datetime import UTC, date, datetime


def now(text: str | None = None) -> datetime:
    """A given ISO date or date-time (UTC when it names no zone), or the clock."""
    if not text:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def today(given: date | None = None) -> date:
    return given or now().date()
