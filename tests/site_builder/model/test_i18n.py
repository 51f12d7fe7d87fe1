"""The site's catalogs: what is particular to them and their languages (Arabic in Arabic
script, French spacing, counts as plurals), and the formats. That every catalog of both halves
is complete, matches its template and keeps its placeholders: tests/test_catalogs.py."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog
from babel.numbers import format_decimal

from site_builder.model import i18n
from site_builder.model.i18n import LANGUAGES
from tests.catalogs import SITE, read

ARABIC = re.compile(r"[\u0600-\u06ff]")


def catalog(lang: str) -> Catalog:
    return read(i18n.catalog_path(lang), lang)


def template() -> Catalog:
    return read(SITE.template)


def test_arabic_messages_are_in_arabic() -> None:
    latin = []
    for message in catalog("ar"):
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        # A message of placeholders and punctuation only ("%(outcome)s: %(condition)s") has no
        # words to write in Arabic.
        worded = [
            form for form in forms if re.search(r"[^\W\d_]", re.sub(r"%\(\w+\)[sd]", "", form))
        ]
        latin += [form for form in worded if message.id and not ARABIC.search(form)]
    assert latin == []


# English nouns of things the portal counts. A count written before one of them in a message
# that is not a plural ("%(years)s years") reads "1 ans" and "بـ1 سنوات": it must be an
# ngettext message, whose forms follow CLDR's rules (six in Arabic). Amounts are not counts
# ("%(max)s dirhams" is a sum of money, always written with its unit): "dirhams" is not here.
COUNTED = (
    "days|weeks|months|years|hours|minutes|seconds|projects|associations|calls|trainings"
    "|requests|results|seats|places|items|files|applications|people|pages"
)
COUNT_IN_TEXT = re.compile(rf"%\(\w+\)[sd] (?:{COUNTED})\b")


def test_every_count_in_a_message_is_a_plural() -> None:
    """The check can fail: it finds the count of the staff report's old message."""
    assert COUNT_IN_TEXT.search("Calls closing within %(days)s days")
    singular = [m.id for m in template() if isinstance(m.id, str) and COUNT_IN_TEXT.search(m.id)]
    assert singular == []


# French typography: a narrow no-break space (U+202F) before ; : ! ? and inside « », never a
# plain or a no-break one, nor none after a word (portal_contract/typography.py does the same
# to the pages; the catalogs are also read by emails, calendars and the guides' PDFs).
FRENCH_SPACING = re.compile(r"[ \u00a0][;:!?»]|«[ \u00a0]|[^\W\d_][;!?»](?=\s|$)|[^\W\d_]:\s")


def test_french_messages_have_their_narrow_spaces() -> None:
    assert FRENCH_SPACING.search("Licence : CC") and FRENCH_SPACING.search("Pourquoi?")
    assert not FRENCH_SPACING.search("Licence\u202f: à 23:59, https://x.org/?q=1")
    wrong = []
    for message in catalog("fr"):
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        wrong += [form for form in forms if message.id and FRENCH_SPACING.search(form)]
    assert wrong == []


def test_french_is_not_a_copy_of_english() -> None:
    same = [m.id for m in catalog("fr") if m.id and m.string == m.id]
    # Words spelled the same in both languages only.
    assert set(same) <= {
        "Association",
        "Associations",
        "Creative Commons Attribution 4.0 International (CC BY 4.0)",  # the licence's name
        "Dates",
        "Description",
        "Format",
        "Guides",
        "Programme",
        "Pages",
        "Type",
        "date",
        "page %(number)s",
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_formats_follow_the_language(lang: str) -> None:
    fmt = i18n.Formats(lang)
    expected = {
        "ar": ("11 نونبر 2026", "125.000\xa0د.م."),
        "fr": ("11 novembre 2026", "125\u202f000\xa0MAD"),
        "en": ("11 November 2026", "MAD\xa0125,000"),  # CLDR's currency spacing
    }[lang]
    assert fmt.date("2026-11-11") == expected[0]
    assert fmt.mad(125000).replace("\u200f", "") == expected[1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_amounts_are_written_as_babel_writes_them(lang: str) -> None:
    fmt = i18n.Formats(lang)
    for value in (0, 7, 999, 1000, 20000, 125000, 1234567, 98765432101):
        assert fmt.mad(value) == fmt._babel_mad(value), value
        assert fmt.number(value) == format_decimal(value, locale=fmt.locale), value


def test_a_missing_text_falls_back_in_the_portals_order() -> None:
    assert i18n.pick({"fr": "Bonjour"}, "ar") == i18n.Text("Bonjour", "fr", True)
    assert i18n.pick({"ar": "مرحبا", "en": "Hello"}, "en") == i18n.Text("Hello", "en", False)
    assert i18n.pick({}, "fr") is None
