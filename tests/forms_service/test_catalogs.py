"""The service's UI catalogs: the same messages in every language, all translated."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from forms_service.catalogs import SOURCE

LANGUAGES = ("ar", "fr", "en")
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def messages(lang: str) -> dict[str, str]:
    with (SOURCE / lang / "LC_MESSAGES" / "django.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


def test_every_catalog_has_the_same_messages() -> None:
    assert {frozenset(messages(lang)) for lang in LANGUAGES} == {frozenset(messages("en"))}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang: str) -> None:
    for source, text in messages(lang).items():
        assert text, f"{lang}: {source!r} is not translated"
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(source))
        if lang == "ar":
            assert re.search(r"[\u0600-\u06ff]", text), text
        if lang == "fr":
            assert text != source, f"fr: {source!r} is left in English"
