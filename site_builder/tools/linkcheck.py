"""The built site's internal links: every page's href and src lead to a file of the build.

Run by the publishing pipeline after each build (a broken link stops a deploy), and by the
tests. Links to the forms service (/{lang}/forms/<form>/) are not files of the build: they
must name a form of data/forms/. Outbound links (other hosts) are checked only on request,
by `site-builder report --check-links` (site_builder/tools/report.py), since they need the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from portal_contract import languages
from portal_contract.origin import DEFAULT

LINK = re.compile(r'<(?:a|link|script|img|source)\b[^>]*?\s(?:href|src)="([^"]*)"', re.I)
# A form, or the list of them, in a language of languages.yaml.
FORM_LINK = re.compile(rf"^/(?:{'|'.join(languages.CODES)})/forms/(?:([a-z0-9-]+)/|$)")
# Forms-service pages that are not form definitions.
SERVICE_PAGES = {"status", "eligibility", "alerts"}


@dataclass(frozen=True)
class Broken:
    page: str  # relative to the site folder
    link: str

    def __str__(self) -> str:
        return f"{self.page}: broken link: {self.link}"


def links(html: str) -> Iterator[str]:
    for found in LINK.finditer(html):
        yield found.group(1).replace("&amp;", "&")


def target(
    site: Path, page: Path, link: str, forms: Path | None, origin: str = DEFAULT
) -> Path | None:
    """The file a link leads to, or None when it is not this site's to check. A link on the
    site's own `origin` (canonical, alternates) is checked as the path it names."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "#", "data:", "tel:")):
        if parts.scheme and f"{parts.scheme}://{parts.netloc}" == origin:
            return target(site, page, parts.path, forms, origin)
        return None
    path = unquote(parts.path)
    if not path:
        return None
    form = FORM_LINK.match(path)
    if form and forms is not None:
        name = form.group(1)
        if name is None:  # /{lang}/forms/: the service's list of its forms
            return forms
        return forms if name in SERVICE_PAGES else forms / f"{name}.yaml"
    base = site if path.startswith("/") else page.parent
    found = (base / path.lstrip("/")).resolve()
    return found / "index.html" if path.endswith("/") or found.is_dir() else found


def check(
    site: Path,
    forms: Path | None = None,
    origin: str = DEFAULT,
    pages: Iterable[Path] | None = None,
) -> list[Broken]:
    """Every broken internal link of the site in `site`, built for `origin` (normalised,
    portal_contract.origin.parse); `forms` is data/forms/. `pages`: only those pages' links
    (an incremental build's new pages, when no page went away)."""
    broken = []
    for page in sorted(site.rglob("*.html") if pages is None else pages):
        for link in links(page.read_text(encoding="utf-8", errors="replace")):
            found = target(site, page, link, forms, origin)
            if found is not None and not found.exists():
                broken.append(Broken(page.relative_to(site).as_posix(), link))
    return broken
