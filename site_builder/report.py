"""`site-builder report`: what staff should look at, worked out from the data.

- translation coverage: per record kind and per language, how many records have all their
  texts in that language, and which lack which (the content pages too: a page of one
  language missing in another);
- calls closing soon (and opening soon), for a given "today";
- associations whose record was not updated for two years;
- with --check-links, outbound links (associations' websites, guides, pages) that fail,
  each tried once with a timeout;
- with --since REV, the changes to data/ and content/ since that git revision, in words.

The same report is written into the build as a page for staff (staff-report/, kept out of
the navigation, the sitemap and search engines). Pure functions of the site model, except
the git and network steps, which are asked for.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from site_builder import i18n
from site_builder.i18n import LANGUAGES
from site_builder.model import Site

SOON = timedelta(days=30)
STALE = timedelta(days=2 * 365)
TIMEOUT = 10.0  # seconds per outbound link
KINDS = {"calls": "call", "associations": "association", "trainings": "training"}
OTHER = {
    "partnerships": "partnership request",
    "forms": "form",
    "schemas": "schema",
    "taxonomies": "taxonomy",
}


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


def _records(site: Site) -> Iterator[tuple[str, str, Any]]:
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
    for kind, key, record in _records(site):
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


# --- Outbound links ----------------------------------------------------------------------

URL = re.compile(r"https?://[^\s)\"'<>\]]+")
Fetch = Callable[[str], str | None]  # an address → why it failed, or None


def outbound(site: Site, content: Path | None) -> dict[str, str]:
    """Every outbound address of the data and pages → one place it appears."""
    found: dict[str, str] = {}
    for kind, key, record in _records(site):
        for address in URL.findall(repr(record)):
            found.setdefault(address.rstrip(".,;"), f"{kind}/{key}")
    if content is not None:
        for page in sorted(content.rglob("*.md")):
            for address in URL.findall(page.read_text(encoding="utf-8")):
                found.setdefault(address.rstrip(".,;"), page.relative_to(content).as_posix())
    return found


def fetch(address: str, timeout: float = TIMEOUT) -> str | None:
    request = urllib.request.Request(address, headers={"User-Agent": "site-builder link check"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read(1)
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return str(reason) or type(exc).__name__
    return None


def check_links(addresses: dict[str, str], get: Fetch = fetch) -> list[tuple[str, str, str]]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(get, addresses))
    return [
        (address, where, why)
        for (address, where), why in zip(addresses.items(), results, strict=True)
        if why is not None
    ]


# --- Changes since a revision ------------------------------------------------------------

WORDS = {"A": "added", "M": "updated", "D": "removed"}


def changes(repo: Path, since: str) -> list[str]:
    """What changed in data/ and content/ since `since`, in words, most numerous first."""
    listed = _git(repo, "diff", "--name-status", "--no-renames", since, "--", "data", "content")
    # New files not yet committed are changes too.
    untracked = _git(repo, "ls-files", "--others", "--exclude-standard", "--", "data", "content")
    listed += "".join(f"A\t{path}\n" for path in untracked.splitlines())
    counts: Counter[tuple[str, str]] = Counter()
    named: dict[tuple[str, str], list[str]] = {}
    for line in listed.splitlines():
        status, _, path = line.partition("\t")
        what = WORDS.get(status[:1], "changed")
        parts = Path(path).parts
        if len(parts) >= 3 and parts[0] == "data" and parts[1] in KINDS:
            key = (KINDS[parts[1]], what)
            named.setdefault(key, []).append(Path(path).stem)
        elif len(parts) >= 3 and parts[0] == "data" and parts[1] == "projects":
            for row_what, n in _project_rows(repo, since, path).items():
                counts["funded project", row_what] += n
            continue
        elif parts and parts[0] == "content":
            key = ("page", what)
        elif len(parts) >= 3 and parts[0] == "data" and parts[1] in OTHER:
            key = (OTHER[parts[1]], what)
        else:
            key = ("other data file", what)
        counts[key] += 1
    for key, names in named.items():
        counts[key] += len(names)
    lines = []
    for (thing, what), n in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
        names = named.get((thing, what), [])
        if names and len(names) <= 3:
            listed_names = ", ".join(f"`{n_}`" for n_ in sorted(names))
            lines.append(f"{thing} {listed_names} {what}")
        else:
            lines.append(f"{n} {thing}{'s' if n != 1 else ''} {what}")
    return lines


def _project_rows(repo: Path, since: str, path: str) -> Counter[str]:
    """Rows of a projects table added, updated or removed between `since` and the work tree."""
    before = _rows(_git(repo, "show", f"{since}:{path}", check=False))
    current = repo / path
    after = _rows(current.read_text(encoding="utf-8") if current.exists() else "")
    found: Counter[str] = Counter(
        added=len(after.keys() - before.keys()), removed=len(before.keys() - after.keys())
    )
    found["updated"] = sum(after[k] != before[k] for k in after.keys() & before.keys())
    return +found  # without the zero counts


def _rows(text: str) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text)) if row.get("id")}


def _git(repo: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    if check and done.returncode:
        raise ValueError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout if done.returncode == 0 else ""


# --- The whole report --------------------------------------------------------------------


def make(
    site: Site,
    today: date,
    *,
    content: Path | None = None,
    repo: Path | None = None,
    since: str | None = None,
    links: bool = False,
    get: Fetch = fetch,
) -> Report:
    table, missing = coverage(site, content)
    closing, opening = calls_soon(site, today)
    found = Report(today, table, missing, closing, opening, stale(site, today))
    if links:
        found.broken = check_links(outbound(site, content), get)
    if since is not None and repo is not None:
        found.changes, found.since = changes(repo, since), since
    return found


def text(report: Report) -> str:
    """The report as plain text, for the terminal."""
    out = [f"Report as of {report.today.isoformat()}", "", "Translation coverage (complete / all):"]
    for kind, langs in report.coverage.items():
        cells = "  ".join(f"{lang} {done}/{total}" for lang, (done, total) in langs.items())
        out.append(f"  {kind:<13} {cells}")
    if report.missing:
        out.append("Missing translations:")
        for m in report.missing:
            place = f"{m.kind}/{m.key}" + (f": {m.field}" if m.field else "")
            out.append(f"  {place}: no {m.lang} text")
    out.append(f"Calls closing within {SOON.days} days: " + _dated(report.closing))
    out.append(f"Calls opening within {SOON.days} days: " + _dated(report.opening))
    out.append("Associations not updated for two years: " + _dated(report.stale))
    if report.broken is not None:
        out.append(f"Outbound links failing: {len(report.broken) or 'none'}")
        out += [f"  {address} ({where}): {why}" for address, where, why in report.broken]
    if report.changes is not None:
        out.append(f"Changes since {report.since}: " + ("; ".join(report.changes) or "none"))
    return "\n".join(out) + "\n"


def _dated(items: list[tuple[str, date]]) -> str:
    return ", ".join(f"{key} ({day.isoformat()})" for key, day in items) or "none"


def html(report: Report, lang: str) -> str:
    """The report as a page for staff, in `lang`."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from site_builder import i18n
    from site_builder.render import TEMPLATES

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
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
