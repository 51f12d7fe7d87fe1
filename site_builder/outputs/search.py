"""The search index of one language: Pagefind, fed from the records and the section pages.

Each record page is an entry made from the record (site_builder/pages/search_entries.py):
its address, its title and its words in the language, given to Pagefind through its Python
API while MkDocs writes the pages. The pages that are not records (home, sections, content
pages) each leave their heading and body in DOCUMENTS/{lang}/{path}/index.html as MkDocs
builds them (the plugin's `document`); those are read once the language's pages are done,
which the build says on the index's standard input (`index`'s `release`).

The index's files are asked of Pagefind's service (`get_files`) and written here, into
memory (/dev/shm, where there is one), then copied into SITE/pagefind in one pass. Its own
`write_files` answers before the files are on disk and leaves them unfinished when the
service ends first: an empty pagefind-entry.json now and then, and, waited for, still a
pagefind.js cut off mid-word in one full build of the sample data (search broken in that
language until the next build).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService

MEMORY = Path("/dev/shm")
GO = "go"  # what the build writes to an index's input once the language's pages are done
# Said on the command line instead, when the documents are already written (an incremental
# build, site_builder/tools/incremental.py): the index does not wait for its pages.
READY = "--documents-ready"
# Entries sent to Pagefind's service at once: it answers them in any order, and one at a
# time each waited for its answer.
BATCH = 500
# Index chunks of about a quarter of Pagefind's default size: a query fetches the chunk of
# each of its words, and a phone on a slow network waits for every byte of it (measured at
# national scale: chunks of up to 34 KB at the default, 5 to 15 KB for a query at this size).
# More chunks make the meta file, which every first query fetches, only slightly larger.
CHUNK_SIZE = "10000"


@dataclass(frozen=True)
class Entry:
    url: str  # /{lang}/{path}, as the page is published
    title: str
    text: str  # plain text: the title first, then what the page says of the record


def scratch() -> str | None:
    """Where to put short-lived files: memory where the machine offers it."""
    return str(MEMORY) if MEMORY.is_dir() else None


# Elements a browser shows apart from their neighbours. Pagefind reads the text of the ones it
# does not know as blocks (a definition list's <dt> and <dd>, table cells) as if they ran on:
# "<dt>البرنامج</dt><dd>التنمية التضامنية</dd>" came out "البرنامجالتنمية" in results.
APART = re.compile(
    r"(</(?:dt|dd|li|td|th|tr|caption|figcaption|p|div|h[1-6]|dl|ul|ol|table)>|<br\s*/?>)", re.I
)


def spaced(html: str) -> str:
    """The HTML with a space after each element shown apart, so its words stay apart."""
    return APART.sub(r"\1 ", html)


def document(folder: Path, lang: str, path: str, html: str) -> None:
    """One page's searchable part, as Pagefind reads it: its URL is `/{lang}/{path}`."""
    target = folder / lang / path / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    body = spaced(html)
    page = f'<!doctype html><html lang="{lang}"><body data-pagefind-body>{body}</body></html>'
    target.write_text(page, encoding="utf-8")


# Pagefind's own interfaces and its worker, which it writes beside every index: the portal's
# result list (theme/assets/portal.js) uses only pagefind.js, in the page's thread.
UNUSED = (
    "pagefind-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-component-ui.*",
    "pagefind-highlight.js",
    "pagefind-worker.js",
)


def index(
    entries: Iterable[Entry], documents: Path, lang: str, site: Path, release: TextIO
) -> None:
    """Index `entries`, then, once `release` says GO, the documents of `lang`; write the index
    into SITE/pagefind. Without GO (the pages failed: the input closed), nothing is written."""
    os.environ["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = CHUNK_SIZE  # read by Pagefind's service
    with tempfile.TemporaryDirectory(prefix="pagefind-", dir=scratch()) as tmp:
        built = Path(tmp) / "pagefind"
        asyncio.run(_index(entries, documents, lang, built, release))
        target = site / "pagefind"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(built, target, ignore=shutil.ignore_patterns(*UNUSED))
    point_to_meta(site)


# The search page fetches Pagefind's meta file (a first query's largest after the
# WebAssembly) while its styles load, rather than after pagefind.js, its WebAssembly and its
# entry file, one after the other. The file is named after the index's hash, known once the
# index is written: the page holds a place for it (templates/search.html), filled here.
META_PLACE = re.compile(r"<template data-pagefind-meta></template>|<link [^>]*data-pagefind-meta>")
SEARCH_PAGE = Path("search") / "index.html"


def point_to_meta(site: Path) -> None:
    """SITE/search/index.html preloading SITE/pagefind's meta file, when both exist. The page
    is written anew (never in place: it may be a hard link to a release's)."""
    page, entry = site / SEARCH_PAGE, site / "pagefind" / "pagefind-entry.json"
    if not page.exists() or not entry.exists():
        return
    (language,) = json.loads(entry.read_text(encoding="utf-8"))["languages"].values()
    href = f"/{site.name}/pagefind/pagefind.{language['hash']}.pf_meta"
    link = f'<link rel="preload" href="{href}" as="fetch" crossorigin data-pagefind-meta>'
    html = page.read_text(encoding="utf-8")
    pointed = META_PLACE.sub(link, html, count=1)
    if pointed != html:
        fresh = page.with_name(page.name + ".new")
        fresh.write_text(pointed, encoding="utf-8")
        fresh.replace(page)


async def _index(
    entries: Iterable[Entry], documents: Path, lang: str, built: Path, release: TextIO
) -> None:
    service = _Service()
    await service.launch()
    try:
        pagefind = await service.create_index(IndexConfig(force_language=lang))
        await _fill(pagefind, entries, documents, lang, release)
        for file in await pagefind.get_files():
            path = built / file["path"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(file["content"])
    except BaseException:
        await service.close()
        raise
    await service.finish()


async def _fill(
    pagefind: PagefindIndex,
    entries: Iterable[Entry],
    documents: Path,
    lang: str,
    release: TextIO,
) -> None:
    """The records first, while MkDocs writes the pages; then, once it has, the documents."""
    batch: list[Entry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == BATCH:
            await _add(pagefind, batch, lang)
            batch = []
    await _add(pagefind, batch, lang)
    said = await asyncio.to_thread(release.readline)
    if said.strip() != GO:
        raise SystemExit(f"{lang}: the pages were not built; no search index")
    if (documents / lang).is_dir():
        await pagefind.add_directory(path=str(documents), glob=f"{lang}/**/*.html")


class _Service(PagefindService):
    """Pagefind's service, its answers read as they come. The package's own reader sleeps
    0.1 s before each answer: ten records a second, 500 s for a language at national scale."""

    async def finish(self) -> None:
        """Let the service end on its own, its input closed: it exits once every file it
        wrote is on disk. Ended by a signal, as the package's `close` ends it, it sometimes
        had not finished them (an empty pagefind-entry.json, now and then)."""
        assert self._backend.stdin is not None
        self._backend.stdin.close()
        await asyncio.wait_for(self._backend.wait(), timeout=120)
        self._poll_task.cancel()
        if self._backend.returncode:
            raise RuntimeError(f"Pagefind's service ended with {self._backend.returncode}")

    async def _wait_for_responses(self) -> None:
        """Each answer, base64 ended by a comma, read in chunks: the index's files come as one
        answer of megabytes, beyond the 2 MiB a line of the package's reader may hold."""
        assert self._backend.stdout is not None
        pending = bytearray()
        while chunk := await self._backend.stdout.read(1 << 20):
            pending += chunk
            while (end := pending.find(b",")) >= 0:
                self._answered(json.loads(base64.b64decode(pending[:end])))
                del pending[: end + 1]

    def _answered(self, answer: dict[str, Any] | None) -> None:
        message = answer.get("message_id") if answer else None
        future = self._responses.get(message) if isinstance(message, int) else None
        if answer is None or future is None:  # not an answer to a request of ours
            return
        payload = answer["payload"]
        if payload["type"] == "Error":
            future.set_exception(RuntimeError(payload["message"]))
        else:
            future.set_result(payload)


async def _add(pagefind: PagefindIndex, batch: list[Entry], lang: str) -> None:
    add = pagefind.add_custom_record
    await asyncio.gather(
        *(add(url=e.url, content=e.text, language=lang, meta={"title": e.title}) for e in batch)
    )
