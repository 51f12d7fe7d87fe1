"""Checks that need more than one record: references, dates, amounts, codes, jurisdictions.

Each check is a function from the dataset (and "today", never the wall clock) to problems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import cache
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale, UnknownLocaleError

from portal_contract.places import Jurisdictions, country_codes, fold
from portal_contract.problems import Problem
from portal_contract.yamlfile import field_name
from site_builder.reading.dataset import Dataset, Item
from site_builder.reading.tables import Row

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
# (kind, fields that must come in this order, the time zone field)
MOMENTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("calls", ("opens", "closes"), "timezone"),
    ("trainings", ("registration_closes", "starts", "ends"), "timezone"),
)


@cache
def known_language(code: str) -> bool:
    try:
        return Locale.parse(code).language == code
    except (UnknownLocaleError, ValueError):
        return False


@cache
def time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _problem(item: Item, at: tuple[str | int, ...], message: str, code: str) -> Problem:
    return Problem(item.doc.path, item.line(*at), field_name((*item.at, *at)), message, code)


def check_ids(data: Dataset, kind: str, one_per_file: bool) -> Iterator[Problem]:
    counts = Counter(item.id for item in data.items.get(kind, []))
    for item in data.items.get(kind, []):
        if not item.id:
            continue
        if counts[item.id] > 1:
            yield _problem(
                item, ("id",), f"{item.id!r} is used by more than one record", "duplicate-id"
            )
        if one_per_file:
            stem = item.doc.path.rsplit("/", 1)[-1].removesuffix(".yaml")
            if stem != item.id:
                yield _problem(
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
                    yield _problem(
                        item, at, f"{value!r} is not in taxonomies/{target}.yaml", "reference"
                    )


def check_countries(data: Dataset) -> Iterator[Problem]:
    for kind, route in COUNTRIES:
        for item in data.items.get(kind, []):
            for at, value in item.values(*route):
                if isinstance(value, str) and value not in country_codes():
                    yield _problem(
                        item, at, f"{value!r} is not an ISO 3166-1 country code", "country"
                    )


def check_languages(data: Dataset) -> Iterator[Problem]:
    for item in data.items.get("trainings", []):
        for at, value in item.values("language"):
            if isinstance(value, str) and not known_language(value):
                yield _problem(item, at, f"{value!r} is not an ISO 639-1 language code", "language")


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
                    yield _problem(
                        item,
                        (zone_field,),
                        f"{zone_name!r} is not a known time zone"
                        " (e.g. Africa/Casablanca, Europe/Paris)",
                        "timezone",
                    )
            present = [(n, m) for n in names if (m := _moment(item.data.get(n)))]
            for (first, a), (second, b) in pairwise(present):
                if a >= b:
                    yield _problem(item, (second,), f"must be after {first}", "order")
            for name, moment in present if zone else []:
                expected = moment.replace(tzinfo=zone).utcoffset()
                if expected != moment.utcoffset():
                    yield _problem(
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


def check_calls(data: Dataset) -> Iterator[Problem]:
    axes = data.by_id("axes")
    for call in data.items.get("calls", []):
        rng = call.data.get("eligibility", {}).get("amount_mad", {})
        lo, hi = rng.get("min"), rng.get("max")
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            yield _problem(
                call,
                ("eligibility", "amount_mad", "min"),
                f"the minimum ({lo}) is above the maximum ({hi})",
                "range",
            )
        programme = call.data.get("programme")
        if programme == "project-support" and not call.data.get("axes"):
            yield _problem(
                call, ("axes",), "a project-support call needs its priority areas", "axes"
            )
        for at, axis in call.values("axes", "*"):
            owner = axes[axis].data.get("programme") if axis in axes else programme
            if owner != programme:
                yield _problem(call, at, f"axis {axis!r} belongs to programme {owner!r}", "axes")


def check_associations(data: Dataset, today: date) -> Iterator[Problem]:
    route = jurisdiction(data)
    for item in data.items.get("associations", []):
        founded = item.data.get("founded")
        if isinstance(founded, int) and founded > today.year:
            yield _problem(item, ("founded",), f"{founded} is in the future", "future")
        updated = item.data.get("updated")
        if isinstance(updated, str) and updated > today.isoformat():
            yield _problem(item, ("updated",), f"{updated} is in the future", "future")
        country, city = item.data.get("country"), item.data.get("city")
        if (
            isinstance(country, str)
            and isinstance(city, str)
            and country in country_codes()
            and route(country, city) is None
        ):
            yield _problem(
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


TAXONOMIES = ("programmes", "axes", "target-groups", "domains", "documents", "regions")


def check_forms(data: Dataset) -> Iterator[Problem]:
    """Field names are unique in a form, options come from a taxonomy that exists, a
    condition names an earlier field, and a form is about one call or training at most."""
    for form in data.items.get("forms", []):
        seen: set[str] = set()
        kinds = [f.get("type") for f in form.data.get("fields", [])]
        if kinds.count("call") + kinds.count("training") > 1:
            yield _problem(form, ("fields",), "at most one field of type call or training", "field")
        names = {f.get("name") for f in form.data.get("fields", [])}
        updates = form.data.get("updates")
        kinds_of = {f.get("name"): f.get("type") for f in form.data.get("fields", [])}
        if updates is not None and kinds_of.get(updates) != "association":
            yield _problem(
                form, ("updates",), f"{updates!r} is not a field of type association", "reference"
            )
        for i, field in enumerate(form.data.get("fields", [])):
            budget = field.get("amount_requested", {}).get("budget")
            if budget is not None and budget not in names:
                yield _problem(
                    form,
                    ("fields", i, "amount_requested", "budget"),
                    f"{budget!r} is not a field of this form",
                    "reference",
                )
            condition = field.get("required_if", {}).get("field")
            if condition is not None and condition not in seen:
                yield _problem(
                    form,
                    ("fields", i, "required_if", "field"),
                    f"{condition!r} is not a field before this one",
                    "reference",
                )
            name = field.get("name")
            if name in seen:
                yield _problem(form, ("fields", i, "name"), f"{name!r} is already a field", "field")
            seen.add(name)
            options = field.get("options")
            if isinstance(options, dict) and options.get("taxonomy") not in TAXONOMIES:
                yield _problem(
                    form,
                    ("fields", i, "options", "taxonomy"),
                    f"{options.get('taxonomy')!r} is not one of: {', '.join(TAXONOMIES)}",
                    "reference",
                )


def check_cities(data: Dataset) -> Iterator[Problem]:
    """A city is named once per country in taxonomies/cities.yaml: a second entry would give
    it two names, and which one a page shows would depend on the order."""
    seen: dict[tuple[str, str], int] = {}
    for item in data.items.get("cities", []):
        key = (str(item.data.get("country")), fold(item.data.get("name")))
        first = seen.setdefault(key, item.line("name"))
        if first != item.line("name"):
            message = f"{item.data.get('name')} ({key[0]}) is already named on line {first}"
            yield _problem(item, ("name",), message, "duplicate-id")


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
            yield _problem(
                whole[0],
                ("jurisdiction",),
                f"covers all of {country}, but other posts are listed there: use rest-of-country",
                "jurisdiction",
            )
        for extra in rest[1:]:
            yield _problem(
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
                    yield _problem(
                        post,
                        ("jurisdiction", i),
                        f"{city} is already covered by {first}",
                        "jurisdiction",
                    )


def project_row_check(data: Dataset) -> Callable[[Iterable[Row]], Iterator[Problem]]:
    """The checks of project rows against the calls and taxonomies: run on each file."""
    calls = {item.id: item.data for item in data.items.get("calls", [])}
    axes = data.ids("axes")
    return lambda rows: check_project_rows(rows, calls, axes)


def check_project_rows(
    rows: Iterable[Row], calls: dict[str, dict[str, Any]], axes: set[str]
) -> Iterator[Problem]:
    for row in rows:
        v = row.values
        call = calls.get(v.get("call_id") or "")
        yield from _project_against_call(row, call, axes)
        country = v.get("country")
        if country and country not in country_codes():
            yield Problem(
                row.path,
                row.line,
                "country",
                f"{country!r} is not an ISO 3166-1 country code",
                "country",
            )
        amount, budget = v.get("amount_mad"), v.get("total_budget_mad")
        if amount is not None and budget is not None and amount > budget:
            yield Problem(
                row.path,
                row.line,
                "amount_mad",
                f"{amount} is more than the total budget ({budget})",
                "range",
            )
        start, end = v.get("start_date"), v.get("end_date")
        if start and end and start > end:
            yield Problem(row.path, row.line, "end_date", "must not be before start_date", "order")


def _project_against_call(
    row: Row, call: dict[str, Any] | None, axes: set[str]
) -> Iterator[Problem]:
    v = row.values
    axis = v.get("axis")
    if axis and axis not in axes:
        yield Problem(
            row.path, row.line, "axis", f"{axis!r} is not in taxonomies/axes.yaml", "reference"
        )
    if call is None:
        return
    if (
        v.get("year") is not None
        and isinstance(call.get("year"), int)
        and v["year"] != call["year"]
    ):
        yield Problem(
            row.path,
            row.line,
            "year",
            f"{v['year']} does not match the year of {v['call_id']} ({call.get('year')})",
            "year",
        )
    if axis and axis in axes and axis not in call.get("axes", []):
        yield Problem(
            row.path, row.line, "axis", f"{axis!r} is not a priority area of {v['call_id']}", "axes"
        )
    eligibility = call.get("eligibility", {})
    rng = eligibility.get("amount_mad", {})
    amount = v.get("amount_mad")
    lo, hi = rng.get("min"), rng.get("max")
    # An upside-down range is the call's problem, reported there.
    if amount is not None and isinstance(lo, int) and isinstance(hi, int) and lo <= hi:  # noqa: SIM102
        if not lo <= amount <= hi:
            yield Problem(
                row.path,
                row.line,
                "amount_mad",
                f"{amount} MAD is outside the call's range ({rng['min']}–{rng['max']} MAD)",
                "range",
            )
    share, budget = eligibility.get("max_share_of_budget"), v.get("total_budget_mad")
    if (
        amount is not None
        and budget
        and isinstance(share, int | float)
        and amount > round(share * budget, 2)
    ):
        yield Problem(
            row.path,
            row.line,
            "amount_mad",
            f"{amount} MAD is more than {share:.0%} of the total budget ({budget} MAD)",
            "share",
        )
