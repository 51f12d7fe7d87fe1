"""The service's UI catalogs: the same messages in every language, all translated."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po

from forms_service.catalogs import SOURCE

LANGUAGES = ("ar", "fr", "en")
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def messages(lang: str) -> dict[str, str]:
    """Each message by its id; a plural's forms joined (each is checked as a whole)."""
    with (SOURCE / lang / "LC_MESSAGES" / "django.po").open("rb") as f:
        catalog = read_po(f)
    found = {}
    for m in catalog:
        if isinstance(m.id, tuple):
            forms = [text for text in m.string if text]
            assert len(forms) == catalog.num_plurals, f"{lang}: {m.id[0]!r} lacks plural forms"
            found[m.id[0]] = " | ".join(forms)
        elif m.id:
            found[m.id] = m.string
    return found


def test_every_catalog_has_the_same_messages() -> None:
    assert {frozenset(messages(lang)) for lang in LANGUAGES} == {frozenset(messages("en"))}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang: str) -> None:
    for source, text in messages(lang).items():
        assert text, f"{lang}: {source!r} is not translated"
        # A plural's forms for one or two may name no number ("مقعدان"): none may add one.
        wanted = set(PLACEHOLDER.findall(source))
        has = set(PLACEHOLDER.findall(text))
        assert has <= wanted if " | " in text else has == wanted, (lang, source)
        if lang == "ar":
            assert re.search(r"[\u0600-\u06ff]", text), text
        if lang == "fr":
            assert text != source, f"fr: {source!r} is left in English"


SERVICE = SOURCE.parent
KEYWORDS = {"_": None, "gettext": None, "gettext_lazy": None, "ngettext": (1, 2)}
TEMPLATE_MESSAGE = re.compile(
    r'{%\s*translate\s+"([^"]+)"\s*%}'
    r"|{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate\s*%}",
    re.S,
)


def code_messages() -> set[str]:
    """Every message the service's code and templates ask for, as gettext sees it."""
    found: set[str] = set()
    for path in SERVICE.rglob("*.py"):
        with path.open("rb") as f:
            for _line, funcname, message, _comments in extract_python(f, KEYWORDS, [], {}):
                first = message[0] if isinstance(message, tuple) else message
                if funcname in KEYWORDS and first:
                    found.add(first)
    for path in SERVICE.rglob("*.html"):
        for plain, block in TEMPLATE_MESSAGE.findall(path.read_text(encoding="utf-8")):
            found.add(plain or re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", block))
    return found


def test_every_message_of_the_code_is_in_the_catalogs() -> None:
    found = code_messages()
    assert len(found) > 30
    catalog = set(messages("en"))
    missing, stale = found - catalog, catalog - found
    assert not missing, f"add to forms_service/locale/*/django.po: {sorted(missing)}"
    assert not stale, f"no longer used, remove from the catalogs: {sorted(stale)}"
