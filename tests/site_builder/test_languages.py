"""Only the page's language: every built page speaks the language it is in, from the theme's
own words and the footer to names, numbers and the order of lists."""

from __future__ import annotations

import json
import re

import pytest

from site_builder import i18n
from site_builder.i18n import LANGUAGES
from tests.conftest import BuiltSite
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
