"""The portal's languages: gettext catalogs, CLDR names, and dates and amounts per language.

Arabic and French use Babel's Moroccan locales (ar_MA, fr_MA): Moroccan month names
(نونبر, not نوفمبر), Western digits, and the dirham written as Moroccan administration does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_symbol,
    get_group_symbol,
)
from babel.support import Translations

from portal_contract import catalogs, eligibility, languages, places
from portal_contract.collation import sorted_by_name

LANGUAGES = languages.CODES  # portal_contract/languages.yaml, in their order of fallback
CATALOGS = Path(__file__).parent.parent / "locale"
DOMAIN = "messages"


@dataclass(frozen=True)
class Text:
    """A record's text in one language: the one asked for, or another when it is missing."""

    value: str
    lang: str
    fallback: bool  # True when `lang` is not the page's language


def direction(lang: str) -> str:
    return languages.direction(lang)


_HTML_TAG = re.compile(r"<html\b([^>]*)>", re.I)


def with_direction(html: str, lang: str) -> str:
    """The page with `dir` on its <html> element. Material's layout sets `lang` there but
    the direction only on <body>, which leaves the <head> (the title a screen reader says
    first) and the root of the page without it; its base template has no block for it."""
    found = _HTML_TAG.search(html)
    if found is None or re.search(r"\sdir=", found.group(1), re.I):
        return html
    attrs, given = found.group(1), f' dir="{direction(lang)}"'
    after_lang = re.search(r"\slang=\"[^\"]*\"", attrs)
    at = after_lang.end() if after_lang else len(attrs)
    tag = f"<html{attrs[:at]}{given}{attrs[at:]}>"
    return html[: found.start()] + tag + html[found.end() :]


def locale(lang: str) -> Locale:
    return languages.locale(lang)


def catalog_path(lang: str) -> Path:
    return CATALOGS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> Translations:
    """The language's catalog, falling back to the next languages of languages.yaml for the
    strings it has not translated yet (portal_contract.catalogs.chained: the one rule)."""
    return catalogs.chained(catalog_path, lang, DOMAIN)


def columns(row: Any, name: str) -> dict[str, Any]:
    """A table's text kept in one column per language (title_ar, title_fr…), as a text
    object {lang: text}: the languages of languages.yaml, a new one's column optional."""
    return {lang: row.get(f"{name}_{lang}") for lang in LANGUAGES}


def pick(texts: Any, lang: str) -> Text | None:
    """The text in `lang`, else in the first language of the portal's order that has it
    (portal_contract.languages.fallbacks: the one rule, the forms' too)."""
    if isinstance(texts, str):
        return Text(texts, lang, False)
    if not isinstance(texts, dict):
        return None
    value, found = languages.pick(texts, lang)
    return Text(value, found, found != lang) if value else None


class Formats:
    """Dates, numbers, amounts and names for one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = locale(lang)

    def date(self, value: date | str | None, form: str = "long") -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            value = date.fromisoformat(value)
        return format_date(value, form, locale=self.locale)

    def datetime(self, value: datetime | str, form: str = "long") -> str:
        """A moment in its own time zone (the call's or the training's), with that zone shown."""
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return f"{languages.day_and_time(value, self.lang, form)} ({_utc_offset(value)})"

    def number(self, value: float | int) -> str:
        if isinstance(value, int) and value >= 0:  # as mad(): Babel's grouping, without Babel
            return f"{value:,}".replace(",", self._mad_shape[2])
        return format_decimal(value, locale=self.locale)

    def mad(self, value: float | int) -> str:
        """Whole dirhams, in the locale's currency pattern: amounts in the data have no cents.

        Babel parses the pattern on every call; pages show thousands of amounts, so a whole
        non-negative amount is written into Babel's own rendering of a sample amount (the
        same prefix, suffix and grouping; tests compare the two).
        """
        if isinstance(value, int) and value >= 0:
            prefix, suffix, group = self._mad_shape
            return prefix + f"{value:,}".replace(",", group) + suffix
        return self._babel_mad(value)

    def _babel_mad(self, value: float | int) -> str:
        pattern = self.locale.currency_formats["standard"].pattern.replace(".00", "")
        text = format_currency(
            value, "MAD", format=pattern, locale=self.locale, currency_digits=False
        )
        return _currency_spacing(text, get_currency_symbol("MAD", locale=self.locale))

    @cached_property
    def _mad_shape(self) -> tuple[str, str, str]:
        sample = self._babel_mad(1234567)
        group = get_group_symbol(self.locale)
        number = f"1{group}234{group}567"
        prefix, found, suffix = sample.partition(number)
        if not found:
            raise ValueError(f"unexpected amount format {sample!r} for {self.locale}")
        return prefix, suffix, group

    def percent(self, share: float) -> str:
        """As the call's conditions write it (portal_contract.eligibility), CLDR's pattern."""
        return eligibility.percent(share, self.lang)

    def country(self, code: str) -> str:
        return places.country_name(code, self.lang)

    def one_of_countries(self, codes: Iterable[str]) -> str:
        """Countries as alternatives, "A, B or C", in alphabetical order (as the conditions)."""
        return places.one_of(codes, self.lang)

    def countries(self) -> list[tuple[str, str]]:
        """Every country (portal_contract.places: no CLDR region or test code), named and
        in the language's order: the eligibility checker's list of host countries."""
        return list(places.countries(self.lang))

    def by_name(self, codes: Iterable[str]) -> list[tuple[str, str]]:
        """Each country code once with its name, in the language's alphabetical order (the
        facets' lists of host countries)."""
        return places.by_name(codes, self.lang)

    def one_of(self, names: Iterable[str]) -> str:
        """Names in alphabetical order, as CLDR lists alternatives: "A, B or C", "A أو B"."""
        return format_list(sorted_by_name(names), style="or", locale=self.locale)

    def language(self, code: str) -> str:
        return str(self.locale.languages.get(code, code))


def _currency_spacing(text: str, symbol: str) -> str:
    """CLDR's currency spacing, which Babel leaves out: a currency sign that ends or begins
    with a letter is set apart from the digits by a no-break space ("MAD 125,000" in
    English, not "MAD125,000"); a sign like "$" stays against them."""
    at = text.find(symbol)
    if at < 0:
        return text
    end = at + len(symbol)
    if symbol[-1].isalpha() and end < len(text) and text[end].isdigit():
        return text[:end] + "\xa0" + text[end:]
    if symbol[0].isalpha() and at > 0 and text[at - 1].isdigit():
        return text[:at] + "\xa0" + text[at:]
    return text


def _utc_offset(moment: datetime) -> str:
    offset = moment.utcoffset()
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
