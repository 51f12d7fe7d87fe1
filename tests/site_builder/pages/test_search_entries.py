"""The search index made from the records (site_builder/pages/search_entries.py): on the
sample data, in every language, each record page is an entry at its page's address, and
Pagefind, in a real browser over the built site, finds a record by a word of its title, an
Arabic word in another form than the record's, and leads only to pages that were built."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from site_builder.model import snapshot
from site_builder.model.i18n import LANGUAGES
from site_builder.model.plan import plan
from site_builder.outputs.search import Entry
from site_builder.pages.search_entries import entries
from tests.browser import launch, require_chromium, serve
from tests.conftest import BUILT_AS_OF, BuiltSite

require_chromium()

from playwright.sync_api import Browser, Page  # noqa: E402

# A record of each kind in the sample data, by its page's path.
RECORDS = (
    "calls/solidarity-2026/",
    "projects/t2030-001/",
    "associations/amal-test/",
    "trainings/training-test/",
    "partnerships/jusoor-lille-oriental/",
)
# Pagefind's API in the page: every result's address and title for a query.
SEARCH = """async ([bundle, query]) => {
  const pagefind = await import(bundle + "pagefind.js");
  await pagefind.options({ baseUrl: "/", noWorker: true });
  const found = await pagefind.search(query);
  const pages = await Promise.all(found.results.map(r => r.data()));
  return pages.map(p => [p.url, p.meta.title]);
}"""


def site_entries(built_site: BuiltSite, lang: str) -> list[Entry]:
    from datetime import datetime

    site = snapshot.read_site(built_site.data, datetime.fromisoformat(BUILT_AS_OF))
    return list(entries(site, lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_record_page_is_an_entry_at_its_address(built_site: BuiltSite, lang: str) -> None:
    from datetime import datetime

    site = snapshot.read_site(built_site.data, datetime.fromisoformat(BUILT_AS_OF))
    made = list(entries(site, lang))
    records = [f"/{lang}/{p.path}" for p in plan(site) if p.search and not p.nav]
    assert [e.url for e in made] == records
    for entry in made:  # a page that was built, in this language
        page = built_site.out / entry.url.strip("/") / "index.html"
        assert page.is_file(), entry.url
        assert entry.title and entry.text.startswith(entry.title), entry
        assert "<" not in entry.text, entry  # plain text: no markup in the index


@pytest.fixture(scope="module")
def origin(built_site: BuiltSite) -> Iterator[str]:
    yield from serve(built_site.out)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def search(page: Page, origin: str, lang: str, query: str) -> list[Any]:
    page.goto(f"{origin}/{lang}/search/")
    found: list[Any] = page.evaluate(SEARCH, [f"/{lang}/pagefind/", query])
    return found


def longest_word(title: str) -> str:
    return max(re.findall(r"\w+", title), key=len)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_word_of_a_records_title_finds_its_page(
    built_site: BuiltSite, origin: str, page: Page, lang: str
) -> None:
    made = {e.url: e for e in site_entries(built_site, lang)}
    for path in RECORDS:
        entry = made[f"/{lang}/{path}"]
        word = longest_word(entry.title)
        found = search(page, origin, lang, word)
        assert [entry.url, entry.title] in found, (word, found[:5])
        for url, _title in found:  # every result leads to a built page
            assert (built_site.out / url.strip("/") / "index.html").is_file(), url


def test_an_arabic_word_finds_records_written_with_another_form(
    built_site: BuiltSite, origin: str, page: Page
) -> None:
    """ "دعم" (support) finds the records that say "الدعم" (the support), "والدعم", and so on:
    Pagefind's Arabic stemming, on the records' own text."""
    made = site_entries(built_site, "ar")
    words = {e.url: re.findall(r"\w+", e.text) for e in made}
    inflected = [url for url, w in words.items() if "الدعم" in w and "دعم" not in w]
    assert inflected, "the sample data has a record with an inflected form only"
    found = [url for url, _title in search(page, origin, "ar", "دعم")]
    assert set(inflected) <= set(found), set(inflected) - set(found)


def test_the_section_pages_are_found_too(built_site: BuiltSite, origin: str, page: Page) -> None:
    """Not records: read from the pages MkDocs writes (the plugin's documents)."""
    found = [url for url, _title in search(page, origin, "en", "accessibility")]
    assert "/en/accessibility/" in found, found


def test_an_entry_holds_no_text_of_another_language(built_site: BuiltSite) -> None:
    """A summary not yet translated is shown on the page in another language, marked as
    such; the entry leaves it out, or an English result's excerpt would run into Arabic
    (p2025-012 has no English summary in the sample data)."""
    made = {e.url: e for e in site_entries(built_site, "en")}
    entry = made["/en/projects/p2025-012/"]
    assert entry.text.startswith("Digital literacy classes for women in Ottawa (2025) · ")
    assert "حلقات تكوينية" not in entry.text, entry.text  # its Arabic summary
    translated = made["/en/projects/p2025-001/"].text  # translated: its summary is there
    assert "Weekly sessions led by volunteers" in translated


def test_no_two_results_look_the_same(built_site: BuiltSite) -> None:
    """A project funded again under its name (p2022-005, p2023-001: reading workshops in
    Lyon) gave two results with one title and nothing to tell them apart: each says its
    year; a training given again, its day. Only two grants of one year to one association
    under one title (p2022-002, p2022-010 in the sample) still share theirs."""
    for lang in ("ar", "fr", "en"):
        made = {e.url: e.title for e in site_entries(built_site, lang)}
        alike: dict[str, list[str]] = {}
        for url, title in made.items():
            alike.setdefault(title, []).append(url)
        shared = sorted(sorted(urls) for urls in alike.values() if len(urls) > 1)
        assert shared == [[f"/{lang}/projects/p2022-002/", f"/{lang}/projects/p2022-010/"]], shared
        assert made[f"/{lang}/projects/p2023-001/"].endswith("(2023)")
