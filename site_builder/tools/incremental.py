"""The incremental build: the new revision's site from the last build's, redrawing only what
depends on the records that changed.

The last build left beside its pages (out/.site-builder/, site_builder/build.py) the digest
of its global inputs, and for each page what it was made from (site_builder/pages/ledger.py).
Every page of the new plan whose context and reads have the same digests in the new model is
kept: the whole last build is hard-linked into the new folder first, then each page that
changed is drawn again in every language, as `serve`'s fast path draws them (the layouts the
last build kept, site_builder/pages/shells.py; a section page's own layout cut around its
content), and written as a new file (never into a linked one, which the last build shares).
Pages no longer planned are removed. What is made from the whole model and cheap to make
(feeds, calendars, charts, the sitemaps, the open data, the staff's report) is made again.
A language whose searchable pages changed is indexed again, whole (`_index`).

Anything not followed record by record falls back to a full build: other global inputs
(code, templates, catalogs, content/, mkdocs files, taxonomies, schemas, origin), a section
page whose title or layout changed, a success story whose records changed, a missing or
older state.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder import build as full
from site_builder.build import SEARCH, STATE, BuildError, Say, Step
from site_builder.model import snapshot
from site_builder.model.fingerprint import Digests
from site_builder.model.i18n import LANGUAGES
from site_builder.model.plan import Plan, plan
from site_builder.model.site import Site
from site_builder.outputs import language_files, search
from site_builder.outputs.sitemap import sitemap
from site_builder.pages import ledger, shells, stories
from site_builder.pages.render import Renderer
from site_builder.reading import inputs
from site_builder.settings import Settings


@dataclass
class Outcome:
    full: bool  # a full build was made instead, for `reason`
    reason: str = ""
    pages: dict[str, list[str]] = field(default_factory=dict)  # language → paths drawn
    removed: list[str] = field(default_factory=list)  # paths no longer planned
    indexed: list[str] = field(default_factory=list)  # languages indexed again
    seconds: dict[str, float] = field(default_factory=dict)  # step → time


class Fallback(Exception):
    """The change is not one the incremental build follows: build everything."""


def build(
    *,
    previous: Path,
    data: Path,
    content: Path,
    out: Path,
    settings: Settings,
    previous_state: Path | None = None,
    languages: Sequence[str] = LANGUAGES,
    search: bool = True,
    say: Say = print,
    site: Site | None = None,
) -> Outcome:
    """Build into `out` from the build in `previous` (its state in previous/.site-builder,
    or `previous_state`); `out` ends up with a state of its own. `site`: the model, already
    read from `data` as of `settings.now`."""
    started = time.perf_counter()
    seconds: dict[str, float] = {}
    origin = full.public_origin(settings)
    if site is None:
        site = full.read_model(data, settings)
        seconds["validate and model"] = time.perf_counter() - started
    state = previous_state or previous / STATE
    out = out.resolve()
    if out == previous.resolve():
        raise BuildError(f"{out}: build into another folder than the previous build's")
    try:
        given = inputs.digest(
            data=data, content=content, origin=origin, languages=languages, search=search
        )
        saved = full.load_state(state)
        if saved is None:
            raise Fallback(f"the last build left no state in {state} (build --keep-state)")
        if saved != given:
            raise Fallback("the code, content/, the templates or the data's vocabulary changed")
        work = _plan(site, state, languages, origin)
        work.inputs = given
    except Fallback as exc:
        say(f"incremental: a full build, because {exc}")
        shutil.rmtree(out, ignore_errors=True)
        full.build(
            data=data,
            content=content,
            out=out,
            settings=settings,
            languages=languages,
            search=search,
            say=say,
            keep_state=True,
            site=site,
        )
        return Outcome(full=True, reason=str(exc))
    seconds["plan"] = time.perf_counter() - started - sum(seconds.values())
    outcome = _write(work, site, previous, state, out, content, origin, search, say, seconds)
    say(f"incremental: done ({time.perf_counter() - started:.1f} s)")
    return outcome


# --- What changed --------------------------------------------------------------------------


@dataclass
class Language:
    """One language's work: the pages to draw and the ledger to keep."""

    lang: str
    saved: dict[str, Any]  # the last build's ledger
    shells: shells.Shells
    drawn: dict[str, str] = field(default_factory=dict)  # path → the page's HTML
    documents: dict[str, str] = field(default_factory=dict)  # path → its searchable part
    removed: list[str] = field(default_factory=list)
    unsearched: list[str] = field(default_factory=list)  # pages searched before, no longer
    # A searchable page drawn again, added or removed: the language's index is made again.
    # Its records come from the model (site_builder/pages/search_entries.py); only section
    # pages have a document in the state, as the full build's plugin writes them.
    reindex: bool = False


@dataclass
class Work:
    languages: list[Language]
    plans: list[Plan]
    digests: Digests
    inputs: str = ""  # the global inputs' digest


def _plan(site: Site, state: Path, languages: Sequence[str], origin: str) -> Work:
    """Every page that changed, drawn in memory; raises Fallback when one cannot be."""
    digests = Digests(site)
    plans = plan(site)
    contexts = {p.path: digests.context(p.context) for p in plans}
    work = Work([], plans, digests)
    for lang in languages:
        saved = ledger.load(state / f"{lang}.ledger.json")
        if saved is None or not (state / f"{lang}.json").is_file():
            raise Fallback(f"the last build left no state for {lang}")
        one = Language(lang, saved, shells.load_one(state / f"{lang}.json"))
        told = ledger.stories_of(saved["stories"])
        for story in saved["stories"]:
            if digests.reads(set(story["reads"])) != story["reads"]:
                raise Fallback(f"a record of the success story {story['path']} changed")
        renderer = Renderer(site, lang, origin)
        renderer.stories = stories.index(told)
        _draw(one, renderer, plans, contexts, digests)
        work.languages.append(one)
    return work


def _draw(
    one: Language,
    renderer: Renderer,
    plans: list[Plan],
    contexts: dict[str, str],
    digests: Digests,
) -> None:
    pages: dict[str, dict[str, Any]] = one.saved["pages"]
    planned = {p.path for p in plans}
    for path, gone in pages.items():
        if path not in planned:
            if gone["nav"]:
                raise Fallback(f"the section page /{one.lang}/{path} is gone")
            one.removed.append(path)
            one.reindex = one.reindex or gone["search"]
    for page in plans:
        old = pages.get(page.path)
        if old is not None and _same(old, page, contexts[page.path], digests):
            continue
        if old is None and page.nav:
            raise Fallback(f"a new section page /{one.lang}/{page.path}")
        reads: set[str] = set()
        done = renderer.render(page, reads)
        entry = ledger.entry(digests, page, reads, done.title if page.nav else None)
        content = f"<h1>{done.heading}</h1>{done.body}"
        if page.nav:
            if old is None or done.title != old["title"]:
                raise Fallback(f"the title of /{one.lang}/{page.path} changed")
            cut = one.saved["nav_shells"].get(page.path)
            if not cut:
                raise Fallback(f"the layout of /{one.lang}/{page.path} was not kept")
            html = cut[0] + shells.shown(content, one.lang) + cut[1]
        else:
            depth = page.path.count("/")
            if depth not in one.shells:
                raise Fallback(f"no layout for a page at depth {depth}")
            html = shells.fill(one.shells[depth], page, done)
        one.drawn[page.path] = html
        if page.search:
            one.reindex = True
            if page.nav:
                one.documents[page.path] = content
        elif old is not None and old["search"]:
            one.reindex = True
            if page.nav:
                one.unsearched.append(page.path)
        pages[page.path] = entry
    for path in one.removed:
        del pages[path]


def _same(old: dict[str, Any], page: Plan, context: str, digests: Digests) -> bool:
    if (old["template"], old["nav"], old["search"], old["context"]) != (
        page.template,
        page.nav,
        page.search,
        context,
    ):
        return False
    return all(digests.key(key) == value for key, value in old["reads"].items())


# --- Writing -------------------------------------------------------------------------------


def _write(
    work: Work,
    site: Site,
    previous: Path,
    state: Path,
    out: Path,
    content: Path,
    origin: str,
    search_on: bool,
    say: Say,
    seconds: dict[str, float],
) -> Outcome:
    began = time.perf_counter()
    shutil.rmtree(out, ignore_errors=True)
    # Made again whole, so not linked: the open data, the staff's report, and the search
    # index of each language whose searchable pages changed.
    reindexed = [one.lang for one in work.languages if search_on and one.reindex]
    skip = {"data", full.REPORT, *(f"{lang}/pagefind" for lang in reindexed)}
    link_tree(previous, out, skip)
    new_state = out / STATE
    if state.resolve() != (previous / STATE).resolve():
        shutil.rmtree(new_state, ignore_errors=True)
        link_tree(state, new_state)
    seconds["link"] = time.perf_counter() - began
    began = time.perf_counter()
    # The model, for the search indexes made again (their records come from it).
    private = Path(tempfile.mkdtemp(prefix="site-builder-", dir=search.scratch()))
    model = private / "site.pickle"
    if reindexed:
        snapshot.save(site, model)
    try:
        outcome = Outcome(full=False)
        steps = []
        for one in work.languages:
            lang_out = out / one.lang
            for path, html in one.drawn.items():
                _fresh(lang_out / path / "index.html", html.encode("utf-8"))
            for path in one.removed:
                _remove(lang_out / path / "index.html", lang_out)
            for path in one.unsearched:
                _remove(new_state / "search" / one.lang / path / "index.html", new_state)
            made = language_files.files(site, one.lang, origin, one.saved["site_name"])
            for stale in set(one.saved["files"]) - set(made):
                _remove(lang_out / stale, lang_out)
            language_files.write(lang_out, made)
            paths = [*one.saved["content"], *(p.path for p in work.plans)]
            text = sitemap(origin, one.lang, paths)
            _fresh(lang_out / "sitemap.xml", text.encode("utf-8"))
            for path, document in one.documents.items():
                _searchable(new_state / "search", one.lang, path, document)
            kept = ledger.Ledger(work.digests, pages=one.saved["pages"])
            kept.stories, kept.nav_shells = one.saved["stories"], one.saved["nav_shells"]
            kept.save(
                new_state / f"{one.lang}.ledger.json",
                site_name=one.saved["site_name"],
                content=one.saved["content"],
                files=sorted(made),
            )
            outcome.pages[one.lang] = sorted(one.drawn)
            outcome.removed = sorted(set(outcome.removed) | set(one.removed))
            if one.lang in reindexed:
                steps.append(_index(model, new_state / "search", one.lang, lang_out))
                outcome.indexed.append(one.lang)
        seconds["pages"] = time.perf_counter() - began
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        with ThreadPoolExecutor(max_workers=1) as pool:
            began = time.perf_counter()
            extras = pool.submit(_extras, site, out, content, origin)
            full.run_all(steps, env, say)
            for one in work.languages:  # a search page drawn again, its index not remade
                if search_on and one.lang not in reindexed:
                    search.point_to_meta(out / one.lang)
            seconds["search"] = time.perf_counter() - began
            seconds["open data"] = extras.result()
        full.save_state(new_state, work.inputs)
    finally:
        shutil.rmtree(private, ignore_errors=True)
    outcome.seconds = seconds
    drawn = sum(len(p) for p in outcome.pages.values())
    say(
        f"incremental: {drawn} pages drawn again, {len(outcome.removed)} removed,"
        f" search indexed again in {', '.join(outcome.indexed) or 'no language'}"
    )
    return outcome


def _extras(site: Site, out: Path, content: Path, origin: str) -> float:
    began = time.perf_counter()
    full.write_extras(site, out, content, origin)
    return time.perf_counter() - began


def _index(model: Path, documents: Path, lang: str, lang_out: Path) -> Step:
    """A language's search index, made again whole from the model's records and the section
    pages' documents: Pagefind has no incremental mode, so one changed page costs the
    language's whole index. The documents are already written (READY): nothing to wait for."""
    argv = [*SEARCH, str(model), str(documents), lang, str(lang_out), search.READY]
    return Step(lang, [("search index", argv)])


def _searchable(documents: Path, lang: str, path: str, html: str) -> None:
    """A page's search document, as a new file (the old one is shared with the last build)."""
    (documents / lang / path / "index.html").unlink(missing_ok=True)
    search.document(documents, lang, path, html)


def link_tree(source: Path, target: Path, skip: set[str] | None = None) -> None:
    """`target` as a copy of `source` whose files are hard links to its files (a plain copy
    where they are on different file systems), without the folders `skip` names (relative
    paths)."""
    skip = skip or set()
    target.mkdir(parents=True, exist_ok=True)
    whole = []
    for entry in sorted(source.iterdir()):
        inner = {s.split("/", 1)[1] for s in skip if s.startswith(f"{entry.name}/")}
        if entry.name in skip:
            continue
        if inner and entry.is_dir() and not entry.is_symlink():
            link_tree(entry, target / entry.name, inner)
        else:
            whole.append(str(entry))
    if not whole:
        return
    # One `cp` for many entries, not a process (or a Python call) per file.
    done = subprocess.run(["cp", "-al", *whole, str(target)], capture_output=True)
    if done.returncode:
        for name in whole:
            there = target / Path(name).name
            if Path(name).is_dir():
                shutil.rmtree(there, ignore_errors=True)
                shutil.copytree(name, there, symlinks=True)
            else:
                shutil.copy2(name, there)


def _fresh(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.write_bytes(data)


def _remove(target: Path, root: Path) -> None:
    """A file, and the folders it leaves empty up to `root`."""
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
