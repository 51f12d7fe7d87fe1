"""The staff report's findings, worked out from the site model, and its pages in the build
(staff-report/{lang}/, kept out of the navigation, the sitemap and search engines):

- translation coverage: per record kind and per language, how many records have all their
  texts in that language, and which lack which (the content pages too: a page of one
  language missing in another);
- calls closing soon (and opening soon), for a given "today";
- associations whose record was not updated for two years.

Pure functions of the model. `site-builder report` (tools/report.py) adds what needs the
network or git: failing outbound links, changes since a revision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from site_builder.model import i18n, templates
from site_builder.model.i18n import LANGUAGES
from site_builder.model.site import Site

SOON = timedelta(days=30)
STALE = timedelta(days=2 * 365)


@dataclass(frozen=True)
class Missing:
    kind: str
    key: str
    field: str
    lang: str


@dataclass
class Report:
    today: date
    coverage: dict[str, dict[str, tuple[int, int]]]  # kind → lang → (complete, total)
    missing: list[Missing]
    closing: list[tuple[str, date]]  # open calls closing within SOON
    opening: list[tuple[str, date]]  # upcoming calls opening within SOON
    stale: list[tuple[str, date]]  # associations not updated within STALE
    broken: list[tuple[str, str, str]] | None = None  # (address, where, why), when checked
    changes: list[str] | None = None  # in words, when asked since a revision
    since: str | None = field(default=None)


# --- Translation coverage ----------------------------------------------------------------


def _texts(value: Any, at: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every multilingual text of a record: (its field, {lang: text})."""
    if isinstance(value, dict):
        if value and set(value) <= set(LANGUAGES):
            yield at, value
            return
        for key, item in value.items():
            yield from _texts(item, f"{at}.{key}" if at else str(key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _texts(item, f"{at}[{n}]")


def records(site: Site) -> Iterator[tuple[str, str, Any]]:
    for call in site.calls:
        yield "calls", call.id, call.data
    for key, association in site.associations.items():
        yield "associations", key, association
    for training in site.trainings:
        yield "trainings", training["id"], training
    for project in site.projects:
        texts = {name: i18n.columns(project, name) for name in ("title", "summary")}
        # A project without any summary has nothing to translate there.
        if not any(texts["summary"].values()):
            del texts["summary"]
        yield "projects", project["id"], texts


def coverage(
    site: Site, content: Path | None
) -> tuple[dict[str, dict[str, tuple[int, int]]], list[Missing]]:
    totals: dict[str, Counter[str]] = {}
    complete: dict[str, Counter[str]] = {}
    missing = []
    for kind, key, record in records(site):
        totals.setdefault(kind, Counter())
        complete.setdefault(kind, Counter())
        lacking = set()
        for name, text in _texts(record):
            for lang in LANGUAGES:
                if not text.get(lang):
                    missing.append(Missing(kind, key, name, lang))
                    lacking.add(lang)
        for lang in LANGUAGES:
            totals[kind][lang] += 1
            complete[kind][lang] += lang not in lacking
    if content is not None:
        pages = {lang: _pages(content / lang) for lang in LANGUAGES}
        every = set().union(*pages.values())
        totals["pages"] = Counter({lang: len(every) for lang in LANGUAGES})
        complete["pages"] = Counter({lang: len(pages[lang]) for lang in LANGUAGES})
        for page in sorted(every):
            missing += [
                Missing("pages", page, "", lang) for lang in LANGUAGES if page not in pages[lang]
            ]
    table = {
        kind: {lang: (complete[kind][lang], totals[kind][lang]) for lang in LANGUAGES}
        for kind in totals
    }
    return table, missing


def _pages(folder: Path) -> set[str]:
    return (
        {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")}
        if folder.is_dir()
        else set()
    )


# --- Dates -------------------------------------------------------------------------------


def calls_soon(site: Site, today: date) -> tuple[list[tuple[str, date]], list[tuple[str, date]]]:
    closing = [
        (c.id, c.closes.date())
        for c in site.calls
        if today <= c.closes.date() <= today + SOON and c.opens.date() <= today
    ]
    opening = [(c.id, c.opens.date()) for c in site.calls if today < c.opens.date() <= today + SOON]
    return sorted(closing, key=lambda x: x[1]), sorted(opening, key=lambda x: x[1])


def stale(site: Site, today: date) -> list[tuple[str, date]]:
    found = []
    for key, association in site.associations.items():
        updated = date.fromisoformat(str(association["updated"])[:10])
        if updated < today - STALE:
            found.append((key, updated))
    return sorted(found, key=lambda x: x[1])


def findings(site: Site, today: date, content: Path | None = None) -> Report:
    """What the model alone says: coverage, calls closing and opening soon, stale records."""
    table, missing = coverage(site, content)
    closing, opening = calls_soon(site, today)
    return Report(today, table, missing, closing, opening, stale(site, today))


def html(report: Report, lang: str) -> str:
    """The report as a page for staff, in `lang`."""

    env = templates.environment(lang)
    _ = i18n.translations(lang).ugettext
    fmt = i18n.Formats(lang)
    kinds = {
        "calls": _("Calls"),
        "associations": _("Associations"),
        "trainings": _("Trainings"),
        "projects": _("Funded projects"),
        "pages": _("Pages"),
    }
    return env.get_template("staff_report.html").render(
        report=report,
        lang=lang,
        dir=i18n.direction(lang),
        languages=LANGUAGES,
        language_name=fmt.language,
        fmt=fmt,
        kinds=kinds,
        soon=SOON.days,
    )


def write(report: Report, out: Path) -> None:
    """The staff's page in every language under `out` (staff-report/ of the build)."""
    for lang in LANGUAGES:
        (out / lang).mkdir(parents=True, exist_ok=True)
        (out / lang / "index.html").write_text(html(report, lang), encoding="utf-8")
    links = "".join(
        f'<li><a href="{lang}/" hreflang="{lang}">{lang}</a></li>' for lang in LANGUAGES
    )
    index = (
        '<!DOCTYPE html><html lang="en" dir="ltr"><meta charset="utf-8">'
        '<meta name="robots" content="noindex, nofollow"><title>Report</title>'
        f"<ul>{links}</ul></html>"
    )
    (out / "index.html").write_text(index, encoding="utf-8")
