"""What a page was made from, as digests: the records it shows and what it read of the model.

A page is a pure function of its plan (template, path, the records in its context), of the
parts of the site model its template reads (another record, a list, the figures, the build's
moment) and of the build's global inputs (code, templates, content, taxonomies, origin:
site_builder/reading/inputs.py). `Reading` stands in for the model while a page renders and
notes what it reads, as keys; `Digests` gives each key's digest in a model. A page whose
context and reads have the same digests in the new model as in the last build would be
drawn the same: the incremental build (site_builder/tools/incremental.py) keeps it.

What the proxy does not know how to name (a new attribute of the model, read by a new
template) is noted as EVERYTHING, whose digest changes with any record: safe by default.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from datetime import date, datetime
from typing import Any

from site_builder.model.site import Call, Site

EVERYTHING = "*"
# Collections read whole (listed, counted, iterated): their digest changes with any member.
WHOLE = ("calls", "projects", "trainings", "partnerships")
# Mappings read by key (one record, one association's projects) or whole.
KEYED = ("associations", "by_association", "by_call")
# What every page may read without it counting: the data's vocabulary (taxonomies, cities),
# in the build's global inputs, and the data folder's path (its schemas, also global).
GLOBAL = ("taxonomies", "cities", "term", "city_names", "root")


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"no digest for {type(value).__name__}")


def record_digest(record: Mapping[str, Any]) -> str:
    return _hash(json.dumps(record, sort_keys=True, ensure_ascii=False, default=_plain))


def call_digest(call: Call) -> str:
    """A call as the pages see it: its record, and its status at the build's moment."""
    return _hash(f"{record_digest(call.data)}|{call.status}")


class Digests:
    """The digests of one site model: of its records, of page contexts, of read keys."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._records: dict[int, str] = {}  # id() of a record or call → its digest
        self._keys: dict[str, str] = {}

    def of(self, obj: Any) -> str:
        """A record's (or call's) digest, worked out once per object."""
        found = self._records.get(id(obj))
        if found is None:
            found = call_digest(obj) if isinstance(obj, Call) else record_digest(obj)
            self._records[id(obj)] = found
        return found

    def context(self, context: Mapping[str, Any]) -> str:
        return _hash(json.dumps(self._walk(dict(context)), sort_keys=True, ensure_ascii=False))

    def _walk(self, value: Any) -> Any:
        if isinstance(value, Call) or (isinstance(value, dict) and "id" in value):
            return {"record": self.of(value)}
        if isinstance(value, dict):
            return {str(k): self._walk(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._walk(v) for v in value]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            return {type(value).__name__: self._walk(fields)}
        if isinstance(value, datetime | date):
            return value.isoformat()
        if value is None or isinstance(value, str | int | float | bool):
            return value
        raise TypeError(f"no digest for {type(value).__name__} in a page's context")

    def key(self, key: str) -> str:
        """The digest of what a read key names in this model."""
        found = self._keys.get(key)
        if found is None:
            found = self._keys[key] = _hash(json.dumps(self._value(key), ensure_ascii=False))
        return found

    def reads(self, keys: set[str]) -> dict[str, str]:
        return {key: self.key(key) for key in sorted(keys)}

    def _value(self, key: str) -> Any:
        site = self.site
        name, _, item = key.partition(":")
        if name == EVERYTHING:
            return [self._value(k) for k in (*WHOLE, *KEYED, "now")]
        if name == "now":
            return site.now.isoformat()
        if name in WHOLE:
            return [self.of(r) for r in getattr(site, name)]
        if name == "call":
            found = site.call(item)
            return self.of(found) if found else None
        if name == "project":
            found_project = site.project(item)
            return self.of(found_project) if found_project else None
        if name == "used":
            return site.used(item)
        if name == "figures":
            return site.figures()
        if name == "associations":
            if item:
                one = site.associations.get(item)
                return self.of(one) if one is not None else None
            return [[k, self.of(v)] for k, v in site.associations.items()]
        if name in ("by_association", "by_call"):
            mapping: dict[str, list[Any]] = getattr(site, name)
            if item:
                return [self.of(r) for r in mapping.get(item, [])]
            return [[k, [self.of(r) for r in v]] for k, v in mapping.items()]
        return [self._value(EVERYTHING), key]  # a key of another version of this module


class Reading:
    """The site model, noting in `reads` what is read of it (site_builder/pages/render.py
    renders a page with it in place of the model)."""

    def __init__(self, site: Site, reads: set[str]) -> None:
        self._site, self._reads = site, reads

    def __getattr__(self, name: str) -> Any:
        site, reads = self._site, self._reads
        if name in GLOBAL:
            return getattr(site, name)
        if name == "now" or name in WHOLE:
            reads.add(name)
            return getattr(site, name)
        if name in KEYED:
            return _Keyed(getattr(site, name), name, reads)
        if name in ("call", "project", "used"):
            method: Callable[[str], Any] = getattr(site, name)
            return _noting(method, name, reads)
        if name == "figures":
            reads.add("figures")
            return site.figures
        reads.add(EVERYTHING)
        return getattr(site, name)


def _noting(method: Callable[[str], Any], name: str, reads: set[str]) -> Callable[[str], Any]:
    def read(key: str) -> Any:
        reads.add(f"{name}:{key}")
        return method(key)

    return read


class _Keyed(Mapping[str, Any]):
    """A mapping of the model: a key read is noted as `name:key`, the whole as `name`."""

    def __init__(self, mapping: Mapping[str, Any], name: str, reads: set[str]) -> None:
        self._mapping, self._name, self._reads = mapping, name, reads

    def __getitem__(self, key: str) -> Any:
        self._reads.add(f"{self._name}:{key}")
        return self._mapping[key]

    def __contains__(self, key: object) -> bool:
        self._reads.add(f"{self._name}:{key}")
        return key in self._mapping

    def __iter__(self) -> Iterator[str]:
        self._reads.add(self._name)
        return iter(self._mapping)

    def __len__(self) -> int:
        self._reads.add(self._name)
        return len(self._mapping)

    # Read whole: noted once, not key by key as Mapping's views would.
    def keys(self) -> KeysView[str]:
        self._reads.add(self._name)
        return self._mapping.keys()

    def values(self) -> ValuesView[Any]:
        self._reads.add(self._name)
        return self._mapping.values()

    def items(self) -> ItemsView[str, Any]:
        self._reads.add(self._name)
        return self._mapping.items()
