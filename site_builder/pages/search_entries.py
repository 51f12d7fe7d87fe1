"""What the search index holds of each record page, made from the records themselves.

    python -m site_builder.pages.search_entries MODEL DOCUMENTS LANG SITE [--documents-ready]

A record page's entry is its title and the words a visitor looks for it by, in the page's
language: the record's own text (summary, description), its place (city, country), its
association, and the labels of its programme, priority area, domains or themes, as the page
shows them (the Renderer's helpers: the same names, the same fallbacks). Its address is the
page's, from the plan and Renderer.url, where the pages take theirs.

Made from the saved model (site.pickle), not from the written pages: the index of a language
is filled while MkDocs writes its pages, and a record's text is not drawn twice. The pages
that are not records (home, sections, stories, guides, content pages) still come from the
documents the plugin writes as MkDocs builds them (site_builder/outputs/search.py): there are
a few dozen, their text is Markdown and templates that only MkDocs draws, and drawing it a
second time here would be a second MkDocs.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from markupsafe import Markup

from site_builder.model import i18n, snapshot
from site_builder.model.plan import Plan, plan
from site_builder.model.site import Site
from site_builder.outputs import search
from site_builder.pages.render import Renderer


def entries(site: Site, lang: str) -> Iterator[search.Entry]:
    """One entry per record page in the search index (Plan.search), in `lang`."""
    renderer = Renderer(site, lang)
    for page in plan(site):
        if page.nav or not page.search:  # section pages: from their documents
            continue
        title, words = _words(renderer, page)
        # Apart, as the page shows them: run on, a title's last word and the summary's first
        # read as one phrase in a result's excerpt ("… in Toulouse Workshops and …").
        text = " · ".join(str(w) for w in (title, *words) if w)
        yield search.Entry(renderer.url(page.path), title, _plain(text))


# The no-break spaces (French typography's narrow one before « : », a number's thousands):
# striptags() joins a text's words with plain spaces, and Python counts these as spaces.
NO_BREAK = str.maketrans({"\u00a0": "\x01", "\u202f": "\x02"})
BACK = str.maketrans({"\x01": "\u00a0", "\x02": "\u202f"})


def _plain(text: str) -> str:
    """The text without its markup, its no-break spaces kept."""
    return Markup(text.translate(NO_BREAK)).striptags().translate(BACK)


def _words(r: Renderer, page: Plan) -> tuple[str, list[Any]]:
    c = page.context
    if "call" in c:
        call = c["call"].data
        axes = [r.label("axes", axis) for axis in call.get("axes", [])]
        programme = r.label("programmes", call["programme"])
        return r.plain(call["title"]), [_text(r, call.get("summary")), programme, *axes]
    if "project" in c:
        p = c["project"]
        association = r.site.associations.get(p["association_id"])
        named = r.association_name(association) if association else ""
        place = [r.city(p), r.fmt.country(p["country"])]
        summary = _text(r, i18n.columns(p, "summary"))
        # With its year: an association's project of the same name funded again read as the
        # same result twice.
        title = f"{r.plain(i18n.columns(p, 'title'))} ({p['year']})"
        return title, [
            summary,
            named,
            r.label("axes", p["axis"]),
            *place,
        ]
    if "association" in c:
        a = c["association"]
        name = (
            a["name"]["arabic"] if r.lang == "ar" and "arabic" in a["name"] else a["name"]["latin"]
        )
        domains = [r.label("domains", key) for key in a.get("domains", [])]
        place = [r.city(a), r.fmt.country(a["country"])]
        return name, [r.association_name(a), _text(r, a.get("description")), *place, *domains]
    if "training" in c:
        t = c["training"]
        place = [r.city(t), r.fmt.country(t["country"])] if t.get("country") else [r.city(t)]
        # With its day: a training given again under its title read as the same result.
        title = f"{r.plain(t['title'])} ({r.fmt.date(str(t['starts'])[:10])})"
        return title, [_text(r, t.get("summary")), *place]
    if "request" in c:
        q = c["request"]
        themes = [r.label("domains", key) for key in q.get("themes", [])]
        place = [r.city(q), r.fmt.country(q["country"]) if q.get("country") else ""]
        # Not the association's name alone, which is also its own page's result.
        title = str(r._("Partnership request: %(name)s", name=q["name"]))
        return title, [
            _text(r, q.get("description")),
            *place,
            r.label("regions", q["region"]),
            *themes,
        ]
    raise ValueError(f"{page.path}: no search entry for {page.template}")


def _text(r: Renderer, texts: Any) -> str:
    """The text in the page's language only. A fallback (an English summary not yet
    written, shown in Arabic on the page with its notice) would be searched by words of
    another language and shown in a result's excerpt without its direction."""
    found = i18n.pick(texts, r.lang) if texts else None
    return found.value if found and found.lang == r.lang else ""


def main(model: Path, documents: Path, lang: str, site: Path, ready: bool = False) -> None:
    release = io.StringIO(f"{search.GO}\n") if ready else sys.stdin
    search.index(entries(snapshot.load(model), lang), documents, lang, site, release)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]), Path(args[1]), args[2], Path(args[3]), args[4:] == [search.READY])
