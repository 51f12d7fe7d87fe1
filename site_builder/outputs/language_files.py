"""A language's files made from the model beside its pages: the Atom feed, the deadline
calendar, the charts, and each call's own deadline calendar. Written by each language's
build (site_builder/plugin.py) and again by the incremental build, from the same function."""

from __future__ import annotations

from pathlib import Path

from site_builder.model.site import Site
from site_builder.outputs import charts, feeds


def files(site: Site, lang: str, origin: str, name: str) -> dict[str, bytes]:
    """Each file by its path under the language's folder."""
    made = {
        "feed.xml": feeds.atom(site, lang, origin, name).encode("utf-8"),
        "calendar.ics": feeds.calendar(site, lang, origin, name),
    }
    for chart_name in charts.NAMES:
        item = charts.chart(site, lang, chart_name)
        for variant in charts.VARIANTS:
            drawn = charts.svg(item, lang, variant)
            made[f"charts/{chart_name}{variant.suffix}.svg"] = drawn.encode("utf-8")
    for call in site.calls:  # "add to my calendar" on each call's page
        one = feeds.calendar(site, lang, origin, name, calls=[call])
        made[f"calls/{call.id}/deadline.ics"] = one
    return made


def write(out: Path, made: dict[str, bytes]) -> None:
    """Write the files as new files: one left by an earlier build, which a later one may
    share by a hard link (the incremental build), is replaced, never written into."""
    for path, data in made.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        target.write_bytes(data)
