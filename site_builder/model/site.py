"""The validated data as the site sees it: records by id, and the indexes the pages list.

Built once per build from a valid Dataset; everything here is read-only afterwards.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from portal_contract.places import city_index, fold
from site_builder.reading.crossref import TAXONOMIES
from site_builder.reading.dataset import Dataset

Record = dict[str, Any]


@dataclass(frozen=True)
class Call:
    data: Record
    status: str  # "open", "upcoming" or "closed" at the build's moment
    opens: datetime
    closes: datetime

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def results_day(self) -> date | None:
        """The day its funded projects were published: the record's last update once its
        results are in (the feed's "results" entry and the 360Giving award date)."""
        if not self.data.get("results_published"):
            return None
        updated = self.data.get("updated")
        return date.fromisoformat(str(updated)[:10]) if updated else None


@dataclass
class Site:
    now: datetime
    calls: list[Call]
    associations: dict[str, Record]
    projects: list[Record]
    trainings: list[Record]
    partnerships: list[Record]  # the published partnership requests, newest first
    taxonomies: dict[str, dict[str, Record]]  # kind → id → term
    # (country, city as records write it, case and spacing folded) → its name per language
    cities: dict[tuple[str, str], Mapping[str, str]] = field(default_factory=dict)
    by_association: dict[str, list[Record]] = field(default_factory=dict)
    by_call: dict[str, list[Record]] = field(default_factory=dict)
    root: Path | None = None  # the data folder it was read from (its schemas are published)
    _used: dict[str, list[str]] = field(default_factory=dict)

    def used(self, kind: str) -> list[str]:
        """Taxonomy keys that some record uses, in the taxonomy's order: the facets with a page."""
        if kind in self._used:
            return self._used[kind]
        if kind == "domains":
            keys = {d for a in self.associations.values() for d in a.get("domains", [])}
        elif kind == "axes":
            keys = {p["axis"] for p in self.projects if p.get("axis")}
        else:
            raise ValueError(kind)
        self._used[kind] = [key for key in self.taxonomies.get(kind, {}) if key in keys]
        return self._used[kind]

    def forget(self) -> None:
        """Drop what was worked out from the records, after one of them changed."""
        self._used.clear()

    def term(self, kind: str, key: str) -> Record:
        return self.taxonomies.get(kind, {}).get(key, {})

    def city_names(self, country: str, city: str) -> Mapping[str, str]:
        """A city's names in each language (taxonomies/cities.yaml); {} when it has none."""
        return self.cities.get((country, fold(city)), {})

    def call(self, key: str) -> Call | None:
        return next((c for c in self.calls if c.id == key), None)

    def project(self, key: str) -> Record | None:
        return next((p for p in self.projects if p["id"] == key), None)

    def figures(self) -> dict[str, int]:
        return {
            "associations": len(self.associations),
            "countries": len({a["country"] for a in self.associations.values()}),
            "projects": len(self.projects),
            "amount": sum(p.get("amount_mad") or 0 for p in self.projects),
        }


def build_site(dataset: Dataset, now: datetime) -> Site:
    calls = [call_of(item.data, now) for item in dataset.items.get("calls", [])]
    # Open calls first, closing soonest; then upcoming by opening; then closed, newest first.
    rank = {"open": 0, "upcoming": 1, "closed": 2}
    calls.sort(
        key=lambda c: (
            rank[c.status],
            c.closes.timestamp() if c.status == "open" else 0,
            c.opens.timestamp() if c.status == "upcoming" else 0,
            -c.closes.timestamp(),
        )
    )
    projects = sorted(
        (row.values for row in dataset.rows("projects")),
        key=lambda p: (-(p.get("year") or 0), p["id"]),
    )
    by_association: dict[str, list[Record]] = defaultdict(list)
    by_call: dict[str, list[Record]] = defaultdict(list)
    for project in projects:
        by_association[project["association_id"]].append(project)
        by_call[project["call_id"]].append(project)
    trainings = sorted((i.data for i in dataset.items.get("trainings", [])), key=_starts)
    return Site(
        now=now,
        calls=calls,
        associations={
            i.id: i.data
            for i in sorted(dataset.items.get("associations", []), key=lambda i: _name(i.data))
        },
        projects=projects,
        trainings=trainings,
        partnerships=sorted(
            (i.data for i in dataset.items.get("partnerships", [])),
            key=lambda p: (p["updated"], p["id"]),
            reverse=True,
        ),
        taxonomies={k: {i.id: i.data for i in dataset.items.get(k, [])} for k in TAXONOMIES},
        cities=city_index(i.data for i in dataset.items.get("cities", [])),
        by_association=dict(by_association),
        by_call=dict(by_call),
        root=dataset.root,
    )


def call_of(data: Record, now: datetime) -> Call:
    opens, closes = datetime.fromisoformat(data["opens"]), datetime.fromisoformat(data["closes"])
    status = "upcoming" if now < opens else "open" if now <= closes else "closed"
    return Call(data, status, opens, closes)


def _starts(training: Record) -> datetime:
    return datetime.fromisoformat(training["starts"]).astimezone(UTC)


def _name(association: Record) -> str:
    name = association.get("name", {})
    return str(name.get("latin") or name.get("arabic") or association.get("id")).casefold()
