"""The built site, checked as a visitor and a search engine would see it, in every language."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlparse
from urllib.request import urlopen

import pytest
import yaml

from site_builder.build import BuildError, build
from site_builder.model import i18n
from site_builder.model.i18n import LANGUAGES
from site_builder.settings import Settings
from site_builder.tools import linkcheck
from tests.browser import serve
from tests.conftest import BUILT_AS_OF, REPO, BuiltSite, copy_data, edit
from tests.menus import menu_links

ORIGIN = "http://127.0.0.1:8000"
OUTSIDE = r'<(?:script|link)[^>]+(?:src|href)="(https?://(?!127\.0\.0\.1)[^"]+)"'


class Page(HTMLParser):
    """What the tests read off a page: lang, dir, alternates, links, and the visible text
    outside any element marked with another language."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.html_lang = ""
        self.html_dir = ""
        self.body_dir = ""
        self.alternates: dict[str, str] = {}
        self.links: list[str] = []
        self.text: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, in another language or not text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang") or ""
            self.html_dir = a.get("dir") or ""
        elif tag == "body":
            self.body_dir = a.get("dir") or ""
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"] or ""] = a.get("href") or ""
        for name in ("href", "src"):
            if a.get(name) and tag in {"a", "link", "script", "img"}:
                self.links.append(a[name] or "")
        if tag in {"meta", "link", "br", "hr", "img", "input", "path"}:
            return
        other = (a.get("lang") not in (None, self.lang)) or tag in {"script", "style", "svg"}
        inherited = bool(self._stack) and self._stack[-1][1]
        self._stack.append((tag, other or inherited))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not (self._stack and self._stack[-1][1]) and data.strip():
            self.text.append(data.strip())


@cache
def read(path: Path, lang: str) -> Page:
    page = Page(lang)
    page.feed(path.read_text(encoding="utf-8"))
    return page


def pages(out: Path, lang: str) -> list[Path]:
    return sorted((out / lang).rglob("*.html"))


def url_path(out: Path, lang: str, file: Path) -> str:
    rel = file.relative_to(out / lang).as_posix()
    return rel.removesuffix("index.html")


def test_the_build_says_what_it_did(built_site: BuiltSite) -> None:
    for lang in LANGUAGES:
        assert any(line.startswith(f"{lang}: pages done") for line in built_site.log)
        assert any(line.startswith(f"{lang}: search index done") for line in built_site.log)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_its_language_and_direction(built_site: BuiltSite, lang: str) -> None:
    """On <html> (lang and dir: the whole document, its title included) and on <body>
    (where Material reads the direction)."""
    files = pages(built_site.out, lang)
    assert len(files) > 100
    expected = (lang, i18n.direction(lang), i18n.direction(lang))
    wrong = [
        f.relative_to(built_site.out).as_posix()
        for f in files
        if (read(f, lang).html_lang, read(f, lang).html_dir, read(f, lang).body_dir) != expected
    ]
    assert wrong == []


def test_every_html_file_outside_the_languages_has_a_language_and_direction(
    built_site: BuiltSite,
) -> None:
    """The front door, the root 404 page, the staff's report: <html lang dir> of a language
    of the portal, in agreement."""
    out = built_site.out
    files = [f for f in out.rglob("*.html") if f.relative_to(out).parts[0] not in LANGUAGES]
    assert {"index.html", "404.html"} <= {f.relative_to(out).as_posix() for f in files}
    found = {
        f.relative_to(out).as_posix(): (read(f, "").html_lang, read(f, "").html_dir) for f in files
    }
    wrong = {
        name: pair
        for name, pair in found.items()
        if pair[0] not in LANGUAGES or pair[1] != i18n.direction(pair[0])
    }
    assert wrong == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_alternates_are_reciprocal(built_site: BuiltSite, lang: str) -> None:
    out = built_site.out
    for file in pages(out, lang):
        if file.name == "404.html":
            continue
        here = url_path(out, lang, file)
        alternates = read(file, lang).alternates
        assert set(alternates) == {*LANGUAGES, "x-default"}, file
        for other in LANGUAGES:
            assert alternates[other] == f"{ORIGIN}/{other}/{here}"
            target = out / other / here / "index.html" if here else out / other / "index.html"
            assert target.is_file(), f"{file} names {alternates[other]}, which does not exist"
            assert read(target, other).alternates[lang] == f"{ORIGIN}/{lang}/{here}"


def test_no_internal_link_is_broken(built_site: BuiltSite) -> None:
    assert linkcheck.check(built_site.out, REPO / "data" / "forms") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_per_record(built_site: BuiltSite, lang: str) -> None:
    data, out = built_site.data, built_site.out / lang
    for kind in ("calls", "associations", "trainings"):
        ids = {p.stem for p in (data / kind).glob("*.yaml")}
        made = {p.parent.name for p in (out / kind).glob("*/index.html")}
        made -= {"page", "country", "domain"}
        assert made == ids, kind
    projects = set()
    for table in (data / "projects").glob("*.csv"):
        with table.open(encoding="utf-8") as f:
            projects |= {row["id"] for row in csv.DictReader(f)}
    made = {p.parent.name for p in (out / "projects").glob("*/index.html")}
    assert made - {"page"} == projects


def test_lists_are_paginated_and_complete(built_site: BuiltSite) -> None:
    out = built_site.out / "fr" / "associations"
    listed = set()
    for file in [out / "index.html", *sorted((out / "page").glob("*/index.html"))]:
        listed |= set(re.findall(r'href="/fr/associations/([a-z0-9-]+)/"', file.read_text()))
    listed -= {"page", "country", "domain"}
    ids = {p.stem for p in (built_site.data / "associations").glob("*.yaml")}
    assert listed >= ids


def _ui_strings(lang: str) -> list[str]:
    """The catalog's strings in `lang`, cut at placeholders, long enough to be telling."""
    strings = []
    for message in i18n.translations(lang)._catalog.values():  # type: ignore[attr-defined]
        for piece in re.split(r"%\(\w+\)[sd]", str(message)):
            if len(piece.strip(" .:;,")) >= 12:
                strings.append(piece.strip())
    return strings


def test_no_english_ui_string_on_an_arabic_page(built_site: BuiltSite) -> None:
    english = _ui_strings("en")
    found = []
    for file in pages(built_site.out, "ar"):
        text = " ".join(read(file, "ar").text)
        found += [(file.name, s) for s in english if s in text]
    assert found == []


def test_a_missing_translation_shows_another_language_and_says_so(built_site: BuiltSite) -> None:
    # associations/amal-test.yaml has its description in French only.
    for lang in ("ar", "en"):
        html = (built_site.out / lang / "associations/amal-test/index.html").read_text()
        assert '<div class="portal-fallback" lang="fr" dir="ltr">Soutien scolaire à Lyon.' in html
        notice = i18n.translations(lang).ugettext("Not yet translated: shown in %(language)s.")
        assert notice % {"language": i18n.Formats(lang).language("fr")} in html
    french = (built_site.out / "fr/associations/amal-test/index.html").read_text()
    assert "portal-fallback" not in french


def test_dates_and_amounts_follow_the_language(built_site: BuiltSite) -> None:
    call = "calls/support-2030/index.html"
    data = yaml.safe_load((built_site.data / "calls/support-2030.yaml").read_text())
    low = data["eligibility"]["amount_mad"]["min"]
    for lang in LANGUAGES:
        html = (built_site.out / lang / call).read_text()
        assert i18n.Formats(lang).mad(low) in html
        assert i18n.Formats(lang).datetime(data["closes"]) in html
    assert "د.م." in (built_site.out / "ar" / call).read_text()


def test_open_calls_come_first_on_the_home_page(built_site: BuiltSite) -> None:
    html = (built_site.out / "en/index.html").read_text()
    listed = re.findall(r'href="/en/calls/([a-z0-9-]+)/"', html)
    # As of the build's moment, solidarity-2026 is open (until 15 January 2027).
    assert listed[0] == "solidarity-2026"
    assert "in 47 days" in html


def test_sitemap_lists_every_page_with_its_alternates(built_site: BuiltSite) -> None:
    text = (built_site.out / "fr/sitemap.xml").read_text()
    locs = set(re.findall(r"<loc>([^<]+)</loc>", text))
    made = {f"{ORIGIN}/fr/{url_path(built_site.out, 'fr', f)}" for f in pages(built_site.out, "fr")}
    made.discard(f"{ORIGIN}/fr/404.html")
    made = {url for url in made if "/fr/staff/" not in url}  # the staff guide is left out
    assert locs == made
    assert text.count('hreflang="ar"') == len(locs)
    assert "<sitemapindex" in (built_site.out / "sitemap.xml").read_text()


def test_root_offers_the_three_languages(built_site: BuiltSite) -> None:
    html = (built_site.out / "index.html").read_text()
    for lang in LANGUAGES:
        assert f'<a href="/{lang}/" hreflang="{lang}">' in html
        assert f'<section lang="{lang}" dir="{i18n.direction(lang)}">' in html


def test_no_request_leaves_the_site(built_site: BuiltSite) -> None:
    """Fonts, scripts and styles all come from the site itself."""
    outside = set()
    for file in list(built_site.out.rglob("*.html"))[:400]:
        html = file.read_text()
        outside |= set(re.findall(OUTSIDE, html))
    assert outside == set()


def test_every_table_says_what_it_is_and_names_its_columns(built_site: BuiltSite) -> None:
    """Each table the templates draw, on the pages and in the staff's report: a caption
    first, then a header row with a heading for each column. (Tables written in Markdown,
    in the staff guide, have Material's style and no caption.)"""
    lacking = []
    for file in built_site.out.rglob("*.html"):
        drawn = r'<table class="portal-table' if "staff-report" not in file.parts else "<table"
        for table in re.findall(drawn + r"\b.*?</table>", file.read_text(), flags=re.S):
            head = re.search(r"<thead>\s*<tr>(.*?)</tr>", table, flags=re.S)
            body = re.search(r"<tbody>\s*<tr>(.*?)</tr>", table, flags=re.S)
            captioned = re.match(r"<table[^>]*>\s*<caption[^>]*>[^<\s]", table)
            named = (
                head
                and body
                and len(re.findall(r'<th scope="col"', head[1]))
                == len(re.findall(r"<t[dh]\b", body[1]))
            )
            if not (captioned and named):
                lacking.append((file.relative_to(built_site.out).as_posix(), table[:80]))
    assert lacking == []


SCRIPT_OR_SHEET = re.compile(r'<script[^>]*\ssrc="([^"]+)"|<link rel="stylesheet" href="([^"]+)"')


def test_pages_load_the_portals_script_and_not_materials(built_site: BuiltSite) -> None:
    """Material's script is not loaded (theme/main.html says why), nor anything that only
    served it: its inline helpers, its configuration; nor the palette's stylesheet, whose
    rules never apply (site_builder/pages/material_markup.py). The forms' layout is drawn from the
    same theme."""
    loaded: set[str] = set()
    inline: set[str] = set()
    layouts = [built_site.out / lang / "forms" / "layout.json" for lang in LANGUAGES]
    for file in [*built_site.out.rglob("*.html"), *layouts]:
        html = file.read_text()
        loaded |= {Path(src or href).name for src, href in SCRIPT_OR_SHEET.findall(html)}
        inline |= set(re.findall(r"__md_\w+|id=\\?\"__config", html))
    assert {"portal.js", "portal.css"} <= loaded
    material = {name for name in loaded if name.startswith(("bundle.", "palette."))}
    assert material == set() and inline == set()


def test_search_has_an_index_per_language(built_site: BuiltSite) -> None:
    for lang in LANGUAGES:
        entry = (built_site.out / lang / "pagefind" / "pagefind-entry.json").read_text()
        assert f'"{lang}"' in entry


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_search_page_preloads_files_that_exist(built_site: BuiltSite, lang: str) -> None:
    """Its script, WebAssembly, entry file and meta file are fetched with the page: files of
    the built index, the meta file the one its entry file names."""
    html = (built_site.out / lang / "search" / "index.html").read_text(encoding="utf-8")
    preloaded = re.findall(r'<link rel="(?:module)?preload" href="/([^"?]+)[^"]*"', html)
    entry = json.loads((built_site.out / lang / "pagefind" / "pagefind-entry.json").read_text())
    meta = f"{lang}/pagefind/pagefind.{entry['languages'][lang]['hash']}.pf_meta"
    assert preloaded == [
        f"{lang}/pagefind/pagefind.js",
        f"{lang}/pagefind/wasm.{lang}.pagefind",
        f"{lang}/pagefind/pagefind-entry.json",
        meta,
    ]
    for path in preloaded:
        assert (built_site.out / path).is_file(), path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_javascript_the_search_page_leads_to_the_lists(
    built_site: BuiltSite, lang: str
) -> None:
    html = (built_site.out / lang / "search" / "index.html").read_text(encoding="utf-8")
    # The page's own, not the head's (which links portal-nojs.css).
    (hidden,) = [n for n in re.findall(r"<noscript>(.*?)</noscript>", html, re.S) if "<a " in n]
    links = re.findall(r'<a href="(/[^"]+)">', hidden)
    assert links == [
        f"/{lang}/{s}/" for s in ("calls", "projects", "associations", "trainings", "partnerships")
    ]
    assert all((built_site.out / link.strip("/") / "index.html").is_file() for link in links)


def test_search_indexes_records_and_section_pages_not_facet_lists(built_site: BuiltSite) -> None:
    out = built_site.out / "fr"
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    # Home, sections, content pages and one page per record sit at most two folders deep;
    # facet and later list pages, deeper, are left out, and so are the search page itself
    # and the staff guide.
    shallow = [
        f
        for f in out.glob("**/index.html")
        if len(f.relative_to(out).parts) <= 3
        and f.parent.name not in {"pagefind", "search"}
        and f.relative_to(out).parts[0] != "staff"
    ]
    assert entry["languages"]["fr"]["page_count"] == len(shallow)
    assert len(shallow) < len(list(out.glob("**/index.html")))


def test_a_data_problem_stops_the_build(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    edit(data, "calls/support-2030.yaml", "year: 2030", "year: twenty")
    with pytest.raises(BuildError) as caught:
        build(
            data=data,
            content=REPO / "content",
            out=tmp_path / "site",
            settings=Settings(now=BUILT_AS_OF),
            say=lambda _: None,
        )
    assert re.search(r"calls/support-2030\.yaml:\d+: year: ", str(caught.value))
    assert not (tmp_path / "site" / "fr").exists()


def test_open_calls_and_trainings_lead_to_their_forms(built_site: BuiltSite) -> None:
    out = built_site.out
    apply = 'href="/ar/forms/project-application/?call=solidarity-2026"'
    assert apply in (out / "ar/calls/solidarity-2026/index.html").read_text()
    assert "forms/project-application" not in (out / "ar/calls/support-2025/index.html").read_text()
    register = 'href="/fr/forms/training-registration/?training=project-engineering-2027-05-8"'
    upcoming = out / "fr/trainings/project-engineering-2027-05-8/index.html"
    assert register in upcoming.read_text()
    past = out / "fr/trainings/project-engineering-2026-03-1/index.html"
    assert "forms/training-registration" not in past.read_text()
    assert 'href="/en/forms/contact/"' in (out / "en/index.html").read_text()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urlopen(url) as answer:
            return answer.status, answer.read().decode("utf-8", errors="replace")
    except HTTPError as refused:
        return refused.code, refused.read().decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def served(built_site: BuiltSite) -> Iterator[str]:
    """The built site on `site-builder serve`'s static server, as the static host serves it."""
    yield from serve(built_site.out)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_menu_and_footer_link_leads_to_a_page(
    built_site: BuiltSite, served: str, lang: str
) -> None:
    """From the home page, a section's page and a record's page: every tab, side menu entry
    and footer link answers 200. The forms service's addresses are its own tests' to open
    (tests/forms_service/test_site_pages.py); here they must be a form or its list."""
    seen: dict[str, int] = {}
    for path in ("", "guides/how-to-apply/", "calls/support-2030/"):
        page = f"{served}/{lang}/{path}"
        html = (built_site.out / lang / path / "index.html").read_text(encoding="utf-8")
        links = menu_links(html)
        assert len(links) > 10, page
        for link in links:
            url = urljoin(page, link).split("#", 1)[0]
            if urlparse(url).netloc != urlparse(served).netloc:
                # Another site's page (the open-data licence's): not fetched from the tests,
                # which run offline; it must at least be a secure address.
                assert url.startswith("https://"), url
            elif "/forms/" in url:
                assert re.search(rf"/{lang}/forms/(?:[a-z-]+/)?$", url), url
            elif url not in seen:
                seen[url] = fetch(url)[0]
    assert {url: code for url, code in seen.items() if code != 200} == {}
    assert f"{served}/{lang}/programmes/" in seen and f"{served}/{lang}/guides/" in seen


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_section_of_the_menu_has_its_own_page(built_site: BuiltSite, lang: str) -> None:
    """/{lang}/programmes/ and /{lang}/guides/ are pages (their tabs lead there), each
    linking to every page of its section."""
    out = built_site.out / lang
    tabs = re.findall(r'<a href="([^"]*)" class="md-tabs__link">', (out / "index.html").read_text())
    for section in ("programmes", "guides"):
        assert f"{section}/" in tabs
        html = (out / section / "index.html").read_text(encoding="utf-8")
        members = sorted(p.parent.name for p in (out / section).glob("*/index.html"))
        assert len(members) >= 3
        assert [m for m in members if f'href="{m}/"' not in html] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_404_page_says_not_found_in_its_language(built_site: BuiltSite, lang: str) -> None:
    html = (built_site.out / lang / "404.html").read_text(encoding="utf-8")
    not_found = i18n.translations(lang).ugettext("Page not found")
    assert not_found != "Page not found" or lang == "en"
    assert re.search(rf"<title>{re.escape(not_found)} - ", html)
    assert f"<h1>{not_found}</h1>" in html


@pytest.mark.parametrize(
    ("name", "said"),
    [("404.html", "Page not found"), ("50x.html", "The forms are unavailable for a moment")],
)
def test_a_page_outside_the_languages_speaks_the_three(
    built_site: BuiltSite, name: str, said: str
) -> None:
    """/nothing-here names no language, nor does nginx's page for a forms service that does
    not answer (deploy/nginx): each says its word in each language, each part in its own
    language and direction, leading to its home page."""
    html = (built_site.out / name).read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html)
    assert title and '<meta name="robots" content="noindex">' in html
    for lang in LANGUAGES:
        not_found = i18n.translations(lang).ugettext(said)
        assert not_found != said or lang == "en"
        assert not_found in title.group(1)
        section = re.search(
            rf'<section lang="{lang}" dir="{i18n.direction(lang)}">(.*?)</section>', html, re.S
        )
        assert section, lang
        assert f"<h1>{not_found}</h1>" in section.group(1)
        assert f'<a href="/{lang}/" hreflang="{lang}">' in section.group(1)


def test_serve_answers_a_missing_page_in_the_addresss_language(served: str) -> None:
    """As the static host does (deploy/nginx): /fr/… in French, an address without a
    language in the three."""
    code, french = fetch(f"{served}/fr/nulle-part/")
    assert code == 404 and "<title>Page introuvable - " in french
    code, three = fetch(f"{served}/nothing-here")
    assert code == 404 and all(f'<section lang="{lang}"' in three for lang in LANGUAGES)


# The accessibility statement's date, as each language writes it (its text says it).
STATEMENT_DATE = "2026-11-30"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_accessibility_statement_in_every_language(built_site: BuiltSite, lang: str) -> None:
    """/{lang}/accessibility/, where the footer leads: the standard and its status, how to
    report a problem (the contact form, on its accessibility topic), the date it was
    prepared, written as the language writes dates."""
    html = (built_site.out / lang / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert "(WCAG) 2.2" in html and "AA" in html
    assert f'href="/{lang}/forms/contact/?topic=accessibility"' in html
    assert i18n.Formats(lang).date(STATEMENT_DATE) in html
    footer = menu_links((built_site.out / lang / "index.html").read_text(encoding="utf-8"))
    assert f"/{lang}/accessibility/" in footer


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_index_ships_only_what_the_result_list_loads(built_site: BuiltSite, lang: str) -> None:
    """Pagefind's interfaces and worker are not published: nothing loads them (portal.js
    imports pagefind.js, without a worker), and they were a fifth of each index's files."""
    folder = built_site.out / lang / "pagefind"
    assert (folder / "pagefind.js").is_file() and (folder / "pagefind-entry.json").is_file()
    assert list(folder.glob(f"wasm.{lang}.pagefind"))
    left = sorted(p.name for p in folder.glob("pagefind-*") if p.name != "pagefind-entry.json")
    assert left == [], left
