"""The languages file: one list, read by both halves, with one rule of fallback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from portal_contract import languages


def test_the_portal_speaks_arabic_first_then_french_and_english() -> None:
    assert languages.CODES == ("ar", "fr", "en")
    assert [language.direction for language in languages.LANGUAGES] == ["rtl", "ltr", "ltr"]
    assert languages.get("ar").babel().territories["MA"] == "المغرب"


def test_both_halves_take_their_languages_from_it() -> None:
    from django.conf import settings

    from site_builder.model import i18n

    assert i18n.LANGUAGES == languages.CODES
    assert [code for code, _name in settings.LANGUAGES] == list(languages.CODES)
    assert i18n.direction("ar") == "rtl" and i18n.locale("fr") == languages.locale("fr")


def test_a_text_falls_back_in_the_files_order_and_says_so() -> None:
    assert languages.fallbacks("en") == ("en", "ar", "fr")
    assert languages.pick({"fr": "Appel", "en": "Call"}, "en") == ("Call", "en")
    assert languages.pick({"fr": "Appel", "en": "Call"}, "ar") == ("Appel", "fr")
    assert languages.pick({"en": "Call", "ar": "طلب"}, "fr") == ("طلب", "ar")
    assert languages.pick({"fr": ""}, "fr") == ("", "fr")
    assert languages.pick(None, "fr") == ("", "fr")


def test_an_unknown_code_is_the_first_language() -> None:
    assert languages.get("xx").code == "ar"
    assert languages.direction("xx") == "rtl"


def test_a_file_with_a_new_language_is_read_and_checked(tmp_path: Path) -> None:
    text = languages.FILE.read_text(encoding="utf-8")
    added = tmp_path / "languages.yaml"
    added.write_text(
        text + "- {code: zgh, name: ⵜⴰⵎⴰⵣⵉⵖⵜ, direction: ltr, locale: zgh, font: sans-serif}\n",
        encoding="utf-8",
    )
    found = languages.load(added)
    assert [language.code for language in found] == ["ar", "fr", "en", "zgh"]
    assert found[-1].babel().territories["MA"] == "ⵍⵎⵖⵔⵉⴱ"
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(
        text + "- {code: es, name: Español, direction: down, locale: es, font: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="direction must be ltr or rtl"):
        languages.load(wrong)


def test_each_language_writes_its_own_comma_and_moments() -> None:
    assert [languages.comma(code) for code in ("ar", "fr", "en")] == ["، ", ", ", ", "]
    moment = datetime(2027, 1, 15, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert languages.day_and_time(moment, "ar") == "15 يناير 2027، 09:30"
    assert languages.day_and_time(moment, "fr") == "15 janvier 2027, 09:30"
    assert languages.day_and_time(moment, "en") == "15 January 2027, 09:30"
    # In the moment's own zone, not the server's.
    assert languages.day_and_time(moment.astimezone(UTC), "en") == "15 January 2027, 08:30"
