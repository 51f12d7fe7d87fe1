"""Which pages the data makes: a pure function from the site model to a list of page plans.

The same plan serves every language (every page exists at the same path in each). A plan
names its template and the records it shows; the text is written by `render`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from site_builder.model.site import Record, Site

PER_PAGE = 50


@dataclass(frozen=True)
class Plan:
    path: str  # URL path inside a language, "" for home, else ending in "/"
    template: str
    nav: bool = False  # a section's front page: drawn by MkDocs, listed in the navigation
    # In the search index. Facet and later list pages are not: they repeat the titles of the
    # records they list, so a search would find the list beside the record (and indexing them
    # took 40 % of Pagefind's time for 8 % of the pages).
    search: bool = True
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Pager:
    """One page of a long list, with the links to its neighbours."""

    number: int
    count: int
    base: str  # the list's first page, e.g. "projects/country/fr/"

    def path(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"


def plan(site: Site) -> list[Plan]:
    return [
        Plan("", "home.html", nav=True),
        *_calls(site),
        *_projects(site),
        *_associations(site),
        *_trainings(site),
        *_partnerships(site),
        Plan("data/", "data.html", nav=True),
        Plan("search/", "search.html", nav=True, search=False),
    ]


def _calls(site: Site) -> Iterator[Plan]:
    yield Plan("calls/", "calls.html", nav=True)
    for call in site.calls:
        yield Plan(f"calls/{call.id}/", "call.html", context={"call": call})


def _projects(site: Site) -> Iterator[Plan]:
    yield from _paged("projects/", "projects.html", site.projects, {"facet": None}, nav=True)
    for (kind, key), rows in project_facets(site).items():
        base = f"projects/{kind}/{key.lower()}/"
        yield from _paged(base, "projects.html", rows, {"facet": (kind, key)})
    for project in site.projects:
        yield Plan(f"projects/{project['id']}/", "project.html", context={"project": project})


def _associations(site: Site) -> Iterator[Plan]:
    everyone = list(site.associations.values())
    yield from _paged("associations/", "associations.html", everyone, {"facet": None}, nav=True)
    for (kind, key), rows in association_facets(site).items():
        base = f"associations/{kind}/{key.lower()}/"
        yield from _paged(base, "associations.html", rows, {"facet": (kind, key)})
    for association in everyone:
        yield Plan(
            f"associations/{association['id']}/",
            "association.html",
            context={"association": association},
        )


def project_facets(site: Site) -> dict[tuple[str, str], list[Record]]:
    """The funded projects by year, priority area and host country: a list page each, and
    its download (site_builder/outputs/opendata.py)."""
    facets: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for project in site.projects:
        facets["year", str(project["year"])].append(project)
        facets["axis", project["axis"]].append(project)
        facets["country", project["country"]].append(project)
    return dict(sorted(facets.items()))


def association_facets(site: Site) -> dict[tuple[str, str], list[Record]]:
    """The associations by host country and by domain: a list page each, and its download."""
    facets: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for association in site.associations.values():
        facets["country", association["country"]].append(association)
        for domain in association.get("domains", []):
            facets["domain", domain].append(association)
    return dict(sorted(facets.items()))


def _partnerships(site: Site) -> Iterator[Plan]:
    rows = site.partnerships
    facets = partnership_facets(site)
    browse: dict[str, list[str]] = defaultdict(list)  # the facets' keys, for the links
    for kind, key in facets:
        browse[kind].append(key)
    # Regions and themes in their taxonomy's order, as everywhere on the site.
    for kind, taxonomy in (("region", "regions"), ("theme", "domains")):
        order = list(site.taxonomies.get(taxonomy, {}))
        browse[kind].sort(key=lambda k: order.index(k) if k in order else len(order))
    first = {"facet": None, "browse": dict(browse)}
    yield from _paged("partnerships/", "partnerships.html", rows, first, nav=True)
    for (kind, key), chosen in facets.items():
        base = f"partnerships/{kind}/{key.lower()}/"
        yield from _paged(base, "partnerships.html", chosen, {"facet": (kind, key)})
    for request in rows:
        yield Plan(
            f"partnerships/{request['id']}/", "partnership.html", context={"request": request}
        )


def partnership_facets(site: Site) -> dict[tuple[str, str], list[Record]]:
    """The partnership requests by Moroccan region, theme and host country (the diaspora
    side's; a local association's request has none)."""
    facets: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for request in site.partnerships:
        facets["region", request["region"]].append(request)
        for theme in request["themes"]:
            facets["theme", theme].append(request)
        if request.get("country"):
            facets["country", request["country"]].append(request)
    return dict(sorted(facets.items()))


def _trainings(site: Site) -> Iterator[Plan]:
    yield Plan("trainings/", "trainings.html", nav=True, context=trainings_split(site))
    for training in site.trainings:
        context = {"training": training, "registration_open": registration_open(site, training)}
        yield Plan(f"trainings/{training['id']}/", "training.html", context=context)


def registration_open(site: Site, training: Record) -> bool:
    """At the build's moment; the forms service decides again when a registration comes."""
    closes = training.get("registration_closes") or training["starts"]
    return site.now < datetime.fromisoformat(closes).astimezone(UTC)


def trainings_split(site: Site) -> dict[str, list[Record]]:
    """Upcoming sessions first, soonest first; then past ones, latest first."""

    def ends(t: Record) -> datetime:
        return datetime.fromisoformat(t["ends"]).astimezone(UTC)

    upcoming = [t for t in site.trainings if ends(t) >= site.now]
    past = [t for t in reversed(site.trainings) if ends(t) < site.now]
    return {"upcoming": upcoming, "past": past}


def _paged(
    base: str,
    template: str,
    rows: Sequence[Record],
    context: dict[str, Any],
    *,
    nav: bool = False,
) -> Iterator[Plan]:
    count = max(1, -(-len(rows) // PER_PAGE))
    for number in range(1, count + 1):
        pager = Pager(number, count, base)
        chunk = rows[(number - 1) * PER_PAGE : number * PER_PAGE]
        yield Plan(
            pager.path(number),
            template,
            nav=nav and number == 1,
            search=nav and number == 1,
            context={**context, "rows": chunk, "total": len(rows), "pager": pager},
        )
