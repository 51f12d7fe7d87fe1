"""`site-builder report`: what staff should look at — the staff report's findings from the
model (outputs/staff_report.py, also written into the build as a page) and, when asked:

- with --check-links, outbound links (associations' websites, guides, pages) that fail,
  each tried once with a timeout;
- with --since REV, the changes to data/ and content/ since that git revision, in words.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from portal_contract import git
from site_builder.model.site import Site
from site_builder.outputs import staff_report
from site_builder.outputs.staff_report import SOON, Report

TIMEOUT = 10.0  # seconds per outbound link
KINDS = {"calls": "call", "associations": "association", "trainings": "training"}
OTHER = {
    "partnerships": "partnership request",
    "forms": "form",
    "schemas": "schema",
    "taxonomies": "taxonomy",
}


# --- Outbound links ----------------------------------------------------------------------

URL = re.compile(r"https?://[^\s)\"'<>\]]+")
Fetch = Callable[[str], str | None]  # an address → why it failed, or None


def outbound(site: Site, content: Path | None) -> dict[str, str]:
    """Every outbound address of the data and pages → one place it appears."""
    found: dict[str, str] = {}
    for kind, key, record in staff_report.records(site):
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
    try:
        return git.run(repo, *args)
    except subprocess.CalledProcessError as exc:
        if check:
            raise ValueError(git.said(exc)) from None
        return ""


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
    found = staff_report.findings(site, today, content)
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
