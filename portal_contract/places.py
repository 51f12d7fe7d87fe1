"""Places both halves name: the countries a record or a form may give, and the consular posts
whose jurisdiction covers an association's seat.

Countries are CLDR's two-letter territories less those that are not countries (the EU, the
UN, the "unknown region" ZZ, the pseudo-locales' XA and XB…): a form offering them would
accept an answer `site-builder validate` then refuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from babel import Locale
from babel.lists import format_list

from portal_contract import languages
from portal_contract.collation import sorted_by_name

# Two-letter codes CLDR lists among territories that ISO 3166-1 does not assign to a country:
# groupings (EU, EZ eurozone, UN, QO outlying Oceania), unknown (ZZ), pseudo-locales (XA, XB).
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes known to CLDR."""
    codes = (str(code) for code in Locale("en").territories)
    return frozenset(c for c in codes if len(c) == 2 and c.isalpha() and c not in NOT_COUNTRIES)


def country_name(code: str, lang: str) -> str:
    return str(languages.locale(lang).territories.get(code, code))


@cache
def countries(lang: str) -> tuple[tuple[str, str], ...]:
    """Every country's code and name in `lang`, in the order its readers expect."""
    pairs = [(code, country_name(code, lang)) for code in country_codes()]
    return tuple(sorted_by_name(pairs, lambda pair: pair[1]))


@cache
def country_names(lang: str) -> Mapping[str, str]:
    return dict(countries(lang))


def by_name(codes: Iterable[str], lang: str) -> list[tuple[str, str]]:
    """Each of `codes` once with its name, in alphabetical order in `lang` (by code,
    "DE" would put Allemagne after Belgique)."""
    return sorted_by_name({(c, country_name(c, lang)) for c in codes}, lambda pair: pair[1])


def one_of(codes: Iterable[str], lang: str) -> str:
    """Countries as CLDR lists alternatives, in alphabetical order: "A, B or C", "A أو B"."""
    names = sorted_by_name(country_name(code, lang) for code in codes)
    return format_list(names, style="or", locale=languages.locale(lang))


def fold(city: Any) -> str:
    """A city's name as people type it: "Den Haag" and "den  haag" are one city."""
    return " ".join(str(city).casefold().split())


def city_index(entries: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], Mapping[str, str]]:
    """(country, folded name) → the city's names by language, from the entries of
    data/taxonomies/cities.yaml: Milano is ميلانو in Arabic, Milan in French and English."""
    return {(str(e["country"]), fold(e["name"])): e["label"] for e in entries}


@dataclass(frozen=True)
class Jurisdictions:
    """Which consular post covers a seat, from data/taxonomies/consular-posts.yaml: a post
    listing the city first, then the post covering the whole country (or the rest of it)."""

    by_city: dict[tuple[str, str], str] = field(default_factory=dict)
    by_country: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, posts: Iterable[Mapping[str, Any]]) -> Jurisdictions:
        """From the posts' records (their `id`, `country` and `jurisdiction`); the first post
        to claim a city or a country keeps it, as validation reports the second."""
        found = cls()
        for post in posts:
            country, scope = str(post.get("country")), post.get("jurisdiction")
            if isinstance(scope, list):
                for city in scope:
                    found.by_city.setdefault((country, fold(city)), str(post["id"]))
            elif isinstance(scope, str):
                found.by_country.setdefault(country, str(post["id"]))
        return found

    def post_for(self, country: str, city: str) -> str | None:
        """The id of the post covering `city` in `country`, or None when none does."""
        return self.by_city.get((country, fold(city))) or self.by_country.get(country)
