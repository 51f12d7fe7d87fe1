"""Pages drawn into the theme's layout: the layout is rendered once with marks ("shell"),
and each page is the shell with its path, title, heading and body put in.

The plugin makes the shells (with MkDocs); `serve`'s fast path reuses them, kept as JSON.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from markupsafe import escape

from portal_contract import typography
from site_builder.model.i18n import LANGUAGES
from site_builder.model.plan import Plan
from site_builder.pages.render import Rendered

Shells = dict[int, list[str]]  # URL depth → parts

MARK = "@@PORTAL-{}@@"
SLOTS = re.compile(r"@@PORTAL-(PATH|TITLE|HEADING|BODY)@@")


def split(html: str) -> list[str]:
    """Text and slot names, alternating: text, name, text, name, ..., text."""
    return SLOTS.split(compact(html))


LINE_BREAK_AND_INDENT = re.compile(r"\n\s*")


def compact(html: str) -> str:
    """The layout without its templates' indentation and blank lines: a quarter of each
    page's bytes (22 KB to 17 KB for a project), written 15,000 times at national scale. A
    line break stays wherever there was one, so nothing whitespace separated is joined and
    inline scripts keep their lines; a layout with preformatted text is left as it is."""
    if "<pre" in html or "<textarea" in html:
        return html
    return LINE_BREAK_AND_INDENT.sub("\n", html)


def fill(parts: list[str], page: Plan, done: Rendered) -> str:
    values = {
        "PATH": page.path,
        "TITLE": str(escape(done.title)),
        "HEADING": done.heading,
        "BODY": done.body,
    }
    return "".join(part if i % 2 == 0 else values[part] for i, part in enumerate(parts))


def save(path: Path, shells: Shells) -> None:
    data = [{"depth": depth, "parts": parts} for depth, parts in shells.items()]
    path.write_text(json.dumps(data), encoding="utf-8")


def load(folder: Path) -> dict[str, Shells]:
    """Every language's shells, saved by the last build in `folder` as {lang}.json."""
    return {lang: load_one(folder / f"{lang}.json") for lang in LANGUAGES}


def load_one(path: Path) -> Shells:
    entries = json.loads(path.read_text(encoding="utf-8"))
    return {e["depth"]: e["parts"] for e in entries}


def shown(content: str, lang: str) -> str:
    """A section page's content as its page shows it: MkDocs draws those pages, and the
    plugin gives the French ones their typography over the whole page (on_post_page)."""
    return typography.french(content) if lang == "fr" else content


def rooted(html: str, depth: int, root: str) -> str:
    """A shell whose links work at any depth: `../../x` at depth 2 becomes `{root}x`."""
    up = "/".join([".."] * depth)
    return html.replace(f'"{up}/', f'"{root}').replace(f'"{up}"', f'"{root}"')


FORMS_DEPTH = 2  # /{lang}/forms/<form-id>/


def forms_layout(html: str, lang: str) -> dict[str, object]:
    """The theme's layout for the forms service's pages (site/{lang}/forms/layout.json).

    The service puts its own heading (after any error summary, as forms should) and body
    in BODY, the page's title in TITLE and its path in PATH (for the language links); its
    pages live at several depths, so every link is made absolute.
    """
    text = rooted(html, FORMS_DEPTH, f"/{lang}/").replace(f"<h1>{MARK.format('HEADING')}</h1>", "")
    return {"parts": split(text)}
