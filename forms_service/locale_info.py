"""Django's facts about a language (django.conf.locale.LANG_INFO) for the languages of
languages.yaml that Django does not know: Standard Moroccan Tamazight (zgh) has no entry,
and `get_language_info`, the {% get_language_info %} tag and the language's fallbacks read
it. Its name and direction come from the languages file, its English name from CLDR."""

from __future__ import annotations

from collections.abc import Iterable

from babel import Locale
from django.conf.locale import LANG_INFO

from portal_contract.languages import Language


def add_missing(languages: Iterable[Language]) -> None:
    """An entry for each language Django lacks; those it has are left as Django wrote them."""
    english = Locale("en").languages
    for language in languages:
        LANG_INFO.setdefault(
            language.code,
            {
                "bidi": language.rtl,
                "code": language.code,
                "name": str(english.get(language.code, language.name)),
                "name_local": language.name,
            },
        )
