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
