"""Identifiers and codes: each record's id, references to other records and taxonomies, country
and language codes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import cache

from babel import Locale, UnknownLocaleError

from portal_contract.places import country_codes
from portal_contract.problems import Problem
from site_builder.reading.crossref.common import problem
from site_builder.reading.dataset import Dataset

# (record kind, route to the value, taxonomy it must name)
REFERENCES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("calls", ("programme",), "programmes"),
    ("calls", ("axes", "*"), "axes"),
    ("calls", ("documents", "*"), "documents"),
    ("associations", ("domains", "*"), "domains"),
    ("associations", ("target_groups", "*"), "target-groups"),
    ("associations", ("partners_in_morocco", "*", "region"), "regions"),
    ("partnerships", ("region",), "regions"),
    ("partnerships", ("themes", "*"), "domains"),
    ("trainings", ("programme",), "programmes"),
    ("trainings", ("target_groups", "*"), "target-groups"),
    ("axes", ("programme",), "programmes"),
    ("forms", ("fields", "*", "programmes", "*"), "programmes"),
)


COUNTRIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("calls", ("eligibility", "host_countries", "*")),
    ("associations", ("country",)),
    ("partnerships", ("country",)),
    ("trainings", ("country",)),
    ("consular-posts", ("country",)),
    ("cities", ("country",)),
)


@cache
def known_language(code: str) -> bool:
    try:
        return Locale.parse(code).language == code
    except (UnknownLocaleError, ValueError):
        return False


def check_ids(data: Dataset, kind: str, one_per_file: bool) -> Iterator[Problem]:
    counts = Counter(item.id for item in data.items.get(kind, []))
    for item in data.items.get(kind, []):
        if not item.id:
            continue
        if counts[item.id] > 1:
            yield problem(
                item, ("id",), f"{item.id!r} is used by more than one record", "duplicate-id"
            )
        if one_per_file:
            stem = item.doc.path.rsplit("/", 1)[-1].removesuffix(".yaml")
            if stem != item.id:
                yield problem(
                    item,
                    ("id",),
                    f"id {item.id!r} differs from the file name:"
                    f" rename the file to {item.id}.yaml or fix the id",
                    "file-name",
                )


def check_references(data: Dataset) -> Iterator[Problem]:
    for kind, route, target in REFERENCES:
        known = data.known(target)
        if known is None:
            continue
        for item in data.items.get(kind, []):
            for at, value in item.values(*route):
                if isinstance(value, str) and value not in known:
                    yield problem(
                        item, at, f"{value!r} is not in taxonomies/{target}.yaml", "reference"
                    )


def check_countries(data: Dataset) -> Iterator[Problem]:
    for kind, route in COUNTRIES:
        for item in data.items.get(kind, []):
            for at, value in item.values(*route):
                if isinstance(value, str) and value not in country_codes():
                    yield problem(
                        item, at, f"{value!r} is not an ISO 3166-1 country code", "country"
                    )


def check_languages(data: Dataset) -> Iterator[Problem]:
    for item in data.items.get("trainings", []):
        for at, value in item.values("language"):
            if isinstance(value, str) and not known_language(value):
                yield problem(item, at, f"{value!r} is not an ISO 639-1 language code", "language")
