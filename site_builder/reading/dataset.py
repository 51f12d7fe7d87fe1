"""The data folder read into values: YAML documents and CSV rows, each knowing its lines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portal_contract.yamlfile import Document, Path_
from site_builder.reading.tables import Row, Table


@dataclass(frozen=True)
class Item:
    """One record: a whole one-per-file document, or one entry of a taxonomy list."""

    doc: Document
    at: Path_  # () for a whole document, ("terms", 3) for a list entry

    @property
    def data(self) -> dict[str, Any]:
        value: Any = self.doc.data
        for part in self.at:
            value = value[part]
        return value if isinstance(value, dict) else {}

    @property
    def id(self) -> str:
        return str(self.data.get("id", ""))

    def line(self, *rest: str | int) -> int:
        return self.doc.line((*self.at, *rest))

    def values(self, *route: str) -> Iterator[tuple[tuple[str | int, ...], Any]]:
        """Values found along `route`, where "*" walks every item of a list."""
        yield from _walk(self.data, (), route)


def _walk(
    value: Any, at: tuple[str | int, ...], route: tuple[str, ...]
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    if not route:
        yield at, value
        return
    head, rest = route[0], route[1:]
    if head == "*":
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _walk(item, (*at, i), rest)
    elif isinstance(value, dict) and head in value:
        yield from _walk(value[head], (*at, head), rest)


@dataclass
class Dataset:
    """Everything read from data/, whether valid or not; `valid` says whether it may be used."""

    root: Path
    items: dict[str, list[Item]] = field(default_factory=dict)
    tables: dict[str, list[Table]] = field(default_factory=dict)  # table name → its files
    # Records that could not be read (kind → file stems; "*" for a whole taxonomy file): their
    # problem is reported once, and references to them are not reported again.
    unread: dict[str, set[str]] = field(default_factory=dict)

    def rows(self, group: str) -> Iterator[Row]:
        for table in self.tables.get(group, []):
            yield from table.rows()

    def ids(self, kind: str) -> set[str]:
        return {item.id for item in self.items.get(kind, [])}

    def known(self, kind: str) -> set[str] | None:
        """Ids a reference may name; None when the whole kind could not be read."""
        unread = self.unread.get(kind, set())
        return None if "*" in unread else self.ids(kind) | unread

    def by_id(self, kind: str) -> dict[str, Item]:
        return {item.id: item for item in self.items.get(kind, [])}
