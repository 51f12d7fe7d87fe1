"""Associations, cities and consular posts: each seat covered by one post's jurisdiction, dates
not in the future."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from portal_contract.places import Jurisdictions, country_codes, fold
from portal_contract.problems import Problem
from site_builder.reading.crossref.common import problem
from site_builder.reading.dataset import Dataset, Item


def check_associations(data: Dataset, today: date) -> Iterator[Problem]:
    route = jurisdiction(data)
    for item in data.items.get("associations", []):
        founded = item.data.get("founded")
        if isinstance(founded, int) and founded > today.year:
            yield problem(item, ("founded",), f"{founded} is in the future", "future")
        updated = item.data.get("updated")
        if isinstance(updated, str) and updated > today.isoformat():
            yield problem(item, ("updated",), f"{updated} is in the future", "future")
        country, city = item.data.get("country"), item.data.get("city")
        if (
            isinstance(country, str)
            and isinstance(city, str)
            and country in country_codes()
            and route(country, city) is None
        ):
            yield problem(
                item,
                ("city",),
                f"no consular post covers {city} ({country}): add"
                " the city to a post in taxonomies/consular-posts.yaml",
                "jurisdiction",
            )


def jurisdiction(data: Dataset) -> Callable[[str, str], str | None]:
    """The post whose jurisdiction covers a seat (portal_contract.places, the service's rule)."""
    posts = data.items.get("consular-posts", [])
    return Jurisdictions.of({**post.data, "id": post.id} for post in posts).post_for


def check_cities(data: Dataset) -> Iterator[Problem]:
    """A city is named once per country in taxonomies/cities.yaml: a second entry would give
    it two names, and which one a page shows would depend on the order."""
    seen: dict[tuple[str, str], int] = {}
    for item in data.items.get("cities", []):
        key = (str(item.data.get("country")), fold(item.data.get("name")))
        first = seen.setdefault(key, item.line("name"))
        if first != item.line("name"):
            message = f"{item.data.get('name')} ({key[0]}) is already named on line {first}"
            yield problem(item, ("name",), message, "duplicate-id")


def check_posts(data: Dataset) -> Iterator[Problem]:
    posts = data.items.get("consular-posts", [])
    scopes: dict[str, list[tuple[Item, Any]]] = {}
    for post in posts:
        scopes.setdefault(str(post.data.get("country")), []).append(
            (post, post.data.get("jurisdiction"))
        )
    for country, entries in scopes.items():
        whole = [p for p, s in entries if s == "country"]
        rest = [p for p, s in entries if s == "rest-of-country"]
        if whole and len(entries) > 1:
            yield problem(
                whole[0],
                ("jurisdiction",),
                f"covers all of {country}, but other posts are listed there: use rest-of-country",
                "jurisdiction",
            )
        for extra in rest[1:]:
            yield problem(
                extra,
                ("jurisdiction",),
                f"{country} already has a rest-of-country post ({rest[0].id})",
                "jurisdiction",
            )
        seen: dict[str, str] = {}
        for post, scope in entries:
            for i, city in enumerate(scope if isinstance(scope, list) else []):
                first = seen.setdefault(fold(city), post.id)
                if first != post.id:
                    yield problem(
                        post,
                        ("jurisdiction", i),
                        f"{city} is already covered by {first}",
                        "jurisdiction",
                    )
