"""The site's own layout around the service's pages, so that a form looks like the site.

The site's build leaves its theme's page, with slots, in site/{lang}/forms/layout.json
(site_builder.pages.shells.forms_layout). Each page of the service is rendered on its own, then
put into that layout: title, path (for the language links) and body. Without a built site
(tests, a service running alone) the pages keep their own plain layout.

The layout runs a few inline scripts of the theme; the page's Content-Security-Policy
allows exactly those, by their hashes, and still no other inline script.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import escape

from forms_service import security
from forms_service.datafiles import version


@dataclass(frozen=True)
class Layout:
    parts: tuple[str, ...]  # text, slot name, text, ..., text
    script_hashes: tuple[str, ...]

    def fill(self, path: str, title: str, body: str) -> str:
        values = {
            "PATH": str(escape(path)),
            "TITLE": str(escape(title)),
            "BODY": body,
            "HEADING": "",
        }
        return "".join(p if i % 2 == 0 else values[p] for i, p in enumerate(self.parts))


def find(site_dir: Path, lang: str) -> Layout | None:
    path = site_dir / lang / "forms" / "layout.json"
    try:
        return _read(str(path), version(path))
    except (OSError, ValueError, KeyError):
        return None


@lru_cache(maxsize=8)
def _read(path: str, stamp: int) -> Layout:
    parts = json.loads(Path(path).read_text(encoding="utf-8"))["parts"]
    text = "".join(parts[::2])
    hashes = tuple(security.digest(s) for s in security.INLINE_SCRIPT.findall(text))
    return Layout(tuple(str(p) for p in parts), hashes)
