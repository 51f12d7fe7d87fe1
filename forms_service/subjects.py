"""What a form can be about: the calls open for online applications, the trainings open for
registration, read from data/ at the moment of the request.

The server's clock decides, never the page: a form shown while a call was open and sent
after it closed is refused. Times in the data carry their offset, so the comparison is exact
whatever the server's time zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from forms_service.datafiles import read_yaml
from portal_contract import languages


@dataclass(frozen=True)
class Subject:
    """A call or a training, with the window in which the forms accept answers for it."""

    id: str
    data: dict[str, Any]
    opens: datetime | None
    closes: datetime

    def title(self, lang: str) -> str:
        return languages.pick(self.data["title"], lang)[0]

    def is_open(self, now: datetime) -> bool:
        return (self.opens is None or self.opens <= now) and now < self.closes

    def when(self, moment: datetime, lang: str) -> str:
        """A moment in the subject's own time zone, as its readers write dates."""
        zone = ZoneInfo(self.data.get("timezone", "Africa/Casablanca"))
        return languages.day_and_time(moment.astimezone(zone), lang)


def _records(data_dir: Path, kind: str) -> Iterator[dict[str, Any]]:
    for path in sorted((data_dir / kind).glob("*.yaml")):
        data = read_yaml(path)
        if isinstance(data, dict) and "id" in data:
            yield data


def all_calls(data_dir: Path) -> dict[str, Subject]:
    """Every call, by id, online or not."""
    return {
        c["id"]: Subject(
            c["id"], c, datetime.fromisoformat(c["opens"]), datetime.fromisoformat(c["closes"])
        )
        for c in _records(data_dir, "calls")
    }


def calls(data_dir: Path) -> dict[str, Subject]:
    """Every call that takes applications online, by id."""
    return {k: c for k, c in all_calls(data_dir).items() if c.data.get("apply", {}).get("online")}


def trainings(data_dir: Path) -> dict[str, Subject]:
    """Every training, by id; registration closes at registration_closes, or when it starts."""
    return {
        t["id"]: Subject(
            t["id"],
            t,
            None,
            datetime.fromisoformat(t.get("registration_closes") or t["starts"]),
        )
        for t in _records(data_dir, "trainings")
    }


KINDS = {"call": calls, "training": trainings}


def of_kind(kind: str, data_dir: Path) -> dict[str, Subject]:
    return KINDS[kind](data_dir)
