"""Dates and times: each in its order (a call opens before it closes), with the UTC offset its
time zone has on that date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import cache
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from portal_contract.problems import Problem
from site_builder.reading.crossref.common import problem
from site_builder.reading.dataset import Dataset

# (kind, fields that must come in this order, the time zone field)
MOMENTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("calls", ("opens", "closes"), "timezone"),
    ("trainings", ("registration_closes", "starts", "ends"), "timezone"),
)


@cache
def time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _moment(text: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return moment if moment and moment.tzinfo else None


def check_moments(data: Dataset) -> Iterator[Problem]:
    """Order of dates, and UTC offsets that match the time zone on that day."""
    for kind, names, zone_field in MOMENTS:
        for item in data.items.get(kind, []):
            zone_name = item.data.get(zone_field)
            zone = None
            if isinstance(zone_name, str):
                if zone_name in time_zones():
                    zone = ZoneInfo(zone_name)
                else:
                    yield problem(
                        item,
                        (zone_field,),
                        f"{zone_name!r} is not a known time zone"
                        " (e.g. Africa/Casablanca, Europe/Paris)",
                        "timezone",
                    )
            present = [(n, m) for n in names if (m := _moment(item.data.get(n)))]
            for (first, a), (second, b) in pairwise(present):
                if a >= b:
                    yield problem(item, (second,), f"must be after {first}", "order")
            for name, moment in present if zone else []:
                expected = moment.replace(tzinfo=zone).utcoffset()
                if expected != moment.utcoffset():
                    yield problem(
                        item,
                        (name,),
                        f"the UTC offset does not match {zone_name} on"
                        f" that date (expected {_offset(expected)})",
                        "offset",
                    )


def _offset(delta: Any) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
