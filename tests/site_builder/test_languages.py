"""Only the page's language: every built page speaks the language it is in, from the theme's
own words and the footer to names, numbers and the order of lists."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import material as mkdocs_material
import pytest
from babel import Locale

from site_builder.model import i18n
from site_builder.model.i18n import LANGUAGES
from tests.conftest import REPO, BuiltSite
from tests.site_builder.model.test_i18n import FRENCH_SPACING
from tests.site_builder.test_build import pages


def gettext(lang: str, message: str) -> str:
    return str(i18n.translations(lang).ugettext(message))


MINISTRY = "Ministry Delegate in charge of Moroccans Residing Abroad and Migration Affairs"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_ends_with_the_portals_footer(built_site: BuiltSite, lang: str) -> None:
    """The ministry that publishes the portal, and its contact, privacy notice, accessibility
    statement and open-data licence, in the page's language; not Material's "Made with"."""
    ministry = gettext(lang, MINISTRY)
    layout = (built_site.out / lang / "forms" / "layout.json").read_text(encoding="utf-8")
    forms = "".join(json.loads(layout)["parts"])
    for name, html in [("forms", forms)] + [
        (f.name, f.read_text()) for f in pages(built_site.out, lang)
    ]:
        assert "Made with" not in html and "Material for MkDocs" not in html, name
        footer = html[html.index('<footer class="md-footer portal-footer">') :]
        assert ministry in footer, name
        for link in (
            f'href="/{lang}/forms/contact/"',
            f'href="/{lang}/about/privacy/"',
            f'href="https://creativecommons.org/licenses/by/4.0/deed.{lang}" rel="license"',
        ):
            assert link in footer, (name, link)
        assert re.search(rf'href="/{lang}/(about/)?accessibility/"', footer), name


# Material's Arabic interface strings that were wrong, as they read before: the portal's
# catalogs give these instead (site_builder/theme/partials/language.html).
MATERIAL_ARABIC = ("إختر اللغة", "نوافذ", "عنوان العارضة", "عد إلى الأعلى")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_themes_own_words_come_from_the_catalogs(built_site: BuiltSite, lang: str) -> None:
    page = (built_site.out / lang / "stories" / "index.html").read_text(encoding="utf-8")
    for message in ("Choose a language", "Site navigation", "Sections of the portal"):
        assert f'aria-label="{gettext(lang, message)}"' in page, message
    assert gettext(lang, "Back to top") in page
    assert gettext(lang, "Skip to content") in page
    if lang == "ar":
        wrong = [
            f.name
            for f in pages(built_site.out, lang)
            for s in MATERIAL_ARABIC
            if s in f.read_text()
        ]
        assert wrong == []


def facet_names(built_site: BuiltSite, lang: str, section: str) -> list[str]:
    """The host countries a list page offers, in the order it shows them."""
    html = (built_site.out / lang / section / "index.html").read_text(encoding="utf-8")
    return re.findall(rf'href="/{lang}/{section}/country/[a-z]+/">([^<]+)</a>', html)


# Some of the sample's host countries, in each language's alphabetical order (by code, BE
# came before DE and ES, AE before all): "Émirats" goes with E, "إسبانيا" and "ألمانيا" with ا.
ORDER = {
    "ar": ("إسبانيا", "الإمارات العربية المتحدة", "ألمانيا", "بلجيكا", "فرنسا"),
    "fr": ("Allemagne", "Belgique", "Émirats arabes unis", "Espagne", "États-Unis", "France"),
    "en": ("Belgium", "Denmark", "France", "Germany", "Spain", "United Arab Emirates"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("section", ["projects", "associations"])
def test_host_countries_are_in_the_pages_alphabetical_order(
    built_site: BuiltSite, lang: str, section: str
) -> None:
    names = facet_names(built_site, lang, section)
    shown = [name for name in names if name in ORDER[lang]]
    assert shown == [name for name in ORDER[lang] if name in names]
    assert len(shown) >= 4


@pytest.mark.parametrize("lang", LANGUAGES)
def test_amounts_are_written_as_the_language_writes_them(built_site: BuiltSite, lang: str) -> None:
    """3,415,000 dirhams as "MAD 3,415,000", "3 415 000 MAD", "3.415.000 د.م." (CLDR, with
    its currency spacing, which Babel leaves out): never "MAD3,415,000"."""
    html = (built_site.out / lang / "projects" / "p2021-004" / "index.html").read_text()
    expected = {"ar": "220.000\xa0د.م.", "fr": "220\u202f000\xa0MAD", "en": "MAD\xa0220,000"}
    assert expected[lang] in html
    assert not re.search(r"MAD\d", html)


CITY = {"ar": "ميلانو", "fr": "Milan", "en": "Milan"}  # written Milano in the records


@pytest.mark.parametrize("lang", LANGUAGES)
def test_cities_are_named_in_the_pages_language(built_site: BuiltSite, lang: str) -> None:
    for page in ("associations/al-andalous-milano/", "projects/p2022-007/"):
        html = (built_site.out / lang / page / "index.html").read_text(encoding="utf-8")
        body = html.split('class="md-content"', 1)[1].split('<script type="application/ld+json"')[0]
        assert CITY[lang] in body, page
        # Only the association's own name (Associazione … Milano, marked as such) says Milano.
        named = re.sub(r'<span lang="und-Latn"[^>]*>[^<]*</span>', "", body)
        assert "Milano" not in named.replace("al-andalous-milano", ""), page
    partners = (built_site.out / lang / "partnerships" / "index.html").read_text(encoding="utf-8")
    assert {"ar": "أنفرس", "fr": "Anvers", "en": "Antwerp"}[lang] in partners


class FrenchText(HTMLParser):
    """The French text of a page as written (spaces kept): not code, scripts or styles, nor
    an element marked with another language."""

    LEFT = frozenset({"script", "style", "code", "pre", "svg", "textarea"})
    VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "path", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        other = tag in self.LEFT or (lang is not None and not lang.startswith("fr"))
        self._stack.append((tag, other or (bool(self._stack) and self._stack[-1][1])))

    def handle_endtag(self, tag: str) -> None:
        while self._stack and self._stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not (self._stack and self._stack[-1][1]):
            self.text.append(data)


def french_text(html: str) -> str:
    parser = FrenchText()
    parser.feed(html)
    return "\x00".join(parser.text)  # text nodes kept apart: no space made up between them


ELISION = re.compile(r"\b[Dd]e [AEIOUYÀÂÉÈÊËÎÏÔŒÙÛÜ]")


def test_french_pages_have_french_typography(built_site: BuiltSite) -> None:
    """U+202F before ; : ! ? and inside « » in the text of every French page, whether it
    comes from the catalogs, the content or the data; "d'Orléans", never "de Orléans"."""
    spacing, elision = [], []
    for file in pages(built_site.out, "fr"):
        text = french_text(file.read_text(encoding="utf-8"))
        spacing += [(file.name, m.group(0)) for m in FRENCH_SPACING.finditer(text)]
        elision += [(file.name, text[m.start() : m.end() + 12]) for m in ELISION.finditer(text)]
    assert spacing[:10] == [] and elision == []
    # and what must be left alone is
    call = (built_site.out / "fr" / "calls" / "support-2030" / "index.html").read_text()
    assert "23:59" in call and 'href="https://' in call


class Text(HTMLParser):
    """A page's text nodes, each with the language of its element: not code, scripts or
    styles, nor a record's text shown in another language with its notice (a fallback), nor
    the language switch's links (each names its language in that language)."""

    LEFT = frozenset({"script", "style", "code", "pre", "svg", "kbd", "samp"})
    VOID = FrenchText.VOID

    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[tuple[str, str]] = []  # (language, text)
        self._stack: list[tuple[str, bool, str]] = [("", False, lang)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        a = dict(attrs)
        _, left, lang = self._stack[-1]
        left = (
            left
            or tag in self.LEFT
            or "portal-fallback" in (a.get("class") or "")
            or a.get("hreflang") is not None
            or a.get("lang") == "zxx"  # not a language: field names, file names
        )
        self._stack.append((tag, left, a.get("lang") or lang))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while len(self._stack) > 1 and self._stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        _, left, lang = self._stack[-1]
        if not left and data.strip():
            self.nodes.append((lang, data))


def text_nodes(html: str, lang: str) -> list[tuple[str, str]]:
    parser = Text(lang)
    parser.feed(html)
    return parser.nodes


LATIN = re.compile(r"[A-Za-zÀ-ɏ]+")
# Codes, not words: times, addresses, paths and file names, keys written like-this or like_this.
CODES = re.compile(
    r"\d{4}-\d\d-\d\dT[\d:+-]+|\S+@\S+|\S*://\S*|\S*/\S*|\S+\.(?:json|csv|zip|yaml|xlsx|pdf|ics|xml)\b"
    r"|\b\w+_\w+\b|\b[a-z0-9]+(?:-[a-z0-9]+)+\b|\b\w*\d\w*(?:-\w+)+|\bYYYY-MM-DD\b"
)
# Latin-script words an Arabic page may show, each for its reason; proper names and codes
# of the data are added from the data itself (latin_names).
ALLOWED_LATIN = {
    "CC",
    "BY",  # the licence's name, "CC BY 4.0", is the same in every language
    "PDF",
    "CSV",
    "JSON",
    "XLSX",
    "XML",
    "Atom",  # file formats, named as their files are
    "UTC",  # times are given with their offset from UTC (UTC+1)
    "ISO",
    "IANA",  # the standards the data's codes follow (ISO 3166-1, IANA time zones)
    "MAD",  # the dirham's ISO 4217 code, the open data's unit
    "UTF",  # the files' encoding, UTF-8
    "zip",  # the archive of all the files
    "Frictionless",
    "Giving",
    "GrantNav",  # the open-data standards the files follow (360Giving) and their tools
    "WCAG",
    "AA",  # the accessibility standard the statement names, and its level
    "Chromium",
    "Lighthouse",  # the tools the statement says the portal was checked with
    "Tab",
    "Esc",  # the keys, as the keyboard reads them
    "NVDA",
    "JAWS",
    "VoiceOver",
    "TalkBack",  # the screen readers the statement names, by their products' names
} | {code for code in Locale("en").territories if len(code) == 2}  # ISO country codes (FR)


def latin_names(built_site: BuiltSite) -> set[str]:
    """The Latin-script proper names of the data (associations, their partners, partnership
    requests, trainers and venues) and its codes (columns, their values, taxonomy keys)."""
    import yaml

    words: set[str] = set()

    def add(text: object) -> None:
        words.update(LATIN.findall(str(text)))

    for path in built_site.data.glob("associations/*.yaml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        add(record["name"]["latin"])
        add(record.get("acronym", ""))
        for partner in record.get("partners_in_morocco", []):
            add(partner["name"])
    for folder, keys in (("partnerships", ("name",)), ("trainings", ("trainer", "venue"))):
        for path in built_site.data.glob(f"{folder}/*.yaml"):
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
            for key in keys:
                add(record.get(key, ""))
    for schema in (built_site.out / "data" / "schemas").glob("*.json"):
        for field in json.loads(schema.read_text())["fields"]:
            add(field["name"])
            add(" ".join(field.get("constraints", {}).get("enum", [])))
    return words


def test_no_latin_word_on_an_arabic_page(built_site: BuiltSite) -> None:
    """Every Latin-script word of an Arabic page is a proper name or a code of the data, or
    in the short list above: no city as the records write it, no English or French."""
    allowed = ALLOWED_LATIN | latin_names(built_site)
    found: dict[str, set[str]] = {}
    for file in pages(built_site.out, "ar"):
        if "staff" in file.relative_to(built_site.out).parts:
            continue  # the staff guide quotes git's and GitHub's words as staff see them
        for _lang, text in text_nodes(file.read_text(encoding="utf-8"), "ar"):
            for word in LATIN.findall(CODES.sub(" ", text)):
                if word not in allowed:
                    found.setdefault(word, set()).add(str(file.relative_to(built_site.out)))
    assert {word: sorted(where)[:3] for word, where in found.items()} == {}


def english_only() -> set[str]:
    """Strings that are English and not French: the portal's English catalog where French
    says otherwise, Material's English interface strings, the schemas' English descriptions."""
    from babel.messages.pofile import read_po

    with i18n.catalog_path("fr").open("rb") as f:
        french = {m.id: m.string for m in read_po(f) if m.id}
    found = set()
    for message_id, translated in french.items():
        english = i18n.translations("en")
        if isinstance(message_id, tuple):
            forms = (english.ungettext(message_id[0], message_id[1], n) for n in (1, 2))
            found |= {f for f in forms if f not in translated}
        elif english.ugettext(message_id) != translated:
            found.add(english.ugettext(message_id))
    material = Path(mkdocs_material.__file__).parent / "templates" / "partials" / "languages"
    strings = {
        lang: dict(re.findall(r'"([\w.]+)": "([^"]*)"', (material / f"{lang}.html").read_text()))
        for lang in ("en", "fr")
    }
    found |= {text for key, text in strings["en"].items() if strings["fr"].get(key) != text}
    schemas = REPO / "data" / "schemas"
    for path in schemas.glob("*.json"):
        found |= set(re.findall(r'"description": "([^"]+)",\s*"x-description"', path.read_text()))
    # Placeholders cut a message into the pieces a page can show verbatim.
    pieces = {p.strip() for s in found for p in re.split(r"%\(\w+\)[sd]|#|\[\w+\]", s)}
    return {p for p in pieces if len(p) >= 4 and re.search(r"[a-z]{3}", p)}


def test_no_english_ui_string_on_a_french_page(built_site: BuiltSite) -> None:
    """No text of a French page is an English string of the catalogs, the theme or the
    schemas (the open data page's descriptions were English there), short or long."""
    english = english_only()
    long = [s for s in english if len(s.split()) >= 4]
    found = []
    for file in pages(built_site.out, "fr"):
        # Every text but a fallback's (a record's text not yet translated, with its notice):
        # the descriptions were English there, marked lang="en".
        for _lang, text in text_nodes(file.read_text(encoding="utf-8"), "fr"):
            node = " ".join(text.split())
            if node in english or any(s in node for s in long):
                found.append((str(file.relative_to(built_site.out)), node[:80]))
    assert found == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_records_structured_data_names_the_ministry_in_the_pages_language(
    built_site: BuiltSite, lang: str
) -> None:
    page = next((built_site.out / lang / "projects").glob("*/index.html"))
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page.read_text(encoding="utf-8"),
        re.S,
    )  # fmt: skip
    grant = next(json.loads(b) for b in blocks if '"MonetaryGrant"' in b)
    assert grant["funder"]["name"] == gettext(lang, MINISTRY)
    assert grant["funder"]["alternateName"] != grant["funder"]["name"]
