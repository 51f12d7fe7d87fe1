"""The portal's languages, read from languages.yaml: the one list every part takes them from
(URLs, catalogs, records' text objects, menus, PDF fonts, the order of fallback)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import yaml
from babel import Locale
from babel.dates import format_date, format_datetime

FILE = Path(__file__).with_name("languages.yaml")
CODE = re.compile(r"^[a-z]{2,3}$")  # a primary language subtag: one URL segment, one folder
RECORDS = ("required", "optional")


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    direction: str
    locale: str
    font: str
    # "required": records must give their texts in it and its catalogs are complete;
    # "optional": a language being added, shown with fallbacks where it is missing.
    records: str = "optional"

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def required(self) -> bool:
        return self.records == "required"

    def babel(self) -> Locale:
        return _locale(self.locale)


@cache
def _locale(tag: str) -> Locale:
    return Locale.parse(tag)


def load(path: Path = FILE) -> tuple[Language, ...]:
    """The languages of `path`; a tool can read another file (the tests add one)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = tuple(Language(**entry) for entry in entries)
    for language in found:
        if not CODE.match(language.code):
            raise ValueError(f"{path}: {language.code!r}: a code is 2 or 3 lower-case letters")
        if language.direction not in ("ltr", "rtl"):
            raise ValueError(f"{path}: {language.code}: direction must be ltr or rtl")
        if language.records not in RECORDS:
            raise ValueError(f"{path}: {language.code}: records must be required or optional")
        language.babel()  # an unknown locale fails here, not in the middle of a build
    if len({language.code for language in found}) != len(found):
        raise ValueError(f"{path}: a language is listed twice")
    if not found or not found[0].required:
        # The last resort of every fallback: it must have every text.
        raise ValueError(f"{path}: the first language must have records: required")
    return found


LANGUAGES: tuple[Language, ...] = load()
CODES: tuple[str, ...] = tuple(language.code for language in LANGUAGES)
BY_CODE: Mapping[str, Language] = {language.code: language for language in LANGUAGES}
FIRST = CODES[0]  # where a request names no language or one the portal does not have
# The languages every record's texts and every catalog are complete in (records: required);
# the others may be partial, and fall back.
REQUIRED: tuple[str, ...] = tuple(language.code for language in LANGUAGES if language.required)


def get(code: str) -> Language:
    """The language `code`, or the first one for a code the portal does not have."""
    return BY_CODE.get(code) or BY_CODE[FIRST]


def direction(code: str) -> str:
    return get(code).direction


def locale(code: str) -> Locale:
    return get(code).babel()


def fallbacks(code: str) -> tuple[str, ...]:
    """Where a text is looked for when the reader asks for `code`: that language, then the
    others in the file's order. The one rule for records, forms and catalogs."""
    return (code, *(other for other in CODES if other != code))


def pick(texts: Mapping[str, str] | None, code: str) -> tuple[str, str]:
    """A text object's value for a reader of `code`, and the language it is in (another one
    when `code` has none: the caller shows that it fell back). ("", code) for no text."""
    for lang in fallbacks(code):
        value = (texts or {}).get(lang)
        if value:
            return str(value), lang
    return "", code


def comma(code: str) -> str:
    """The comma between the parts of a phrase (a city and its country, a place and a date):
    "، " in Arabic. CLDR has no such symbol of its own; it is the glue its pattern puts
    between a day and a time ("{1}، {0}")."""
    pattern = str(locale(code).datetime_formats["medium"])
    glue = pattern.replace("'", "").split("{1}", 1)[-1].split("{0}", 1)[0]
    return glue if glue.strip() in {",", "،"} else ", "


def day_and_time(moment: datetime, code: str, form: str = "long") -> str:
    """A moment's day and time in its own time zone, joined as CLDR joins them: "15 janvier
    2027, 09:30", "15 يناير 2027، 09:30". The one way both halves write a call's deadline
    or a training's start."""
    where = locale(code)
    day = format_date(moment.date(), form, locale=where)
    time = format_datetime(moment, "HH:mm", tzinfo=moment.tzinfo, locale=where)
    return str(where.datetime_formats["medium"]).format(time, day)
