"""Each form definition in data/forms/ becomes a form that accepts what the definition says,
and refuses what it forbids with the definition's own words, in every language."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.utils import translation

from forms_service import definitions
from tests.conftest import REPO
from tests.forms_service import autofill, filling

DATA = REPO / "data"
LANGUAGES = ("ar", "fr", "en")
FORMS = definitions.load(DATA)
# A moment when the sample data has a call open online and trainings open for registration.
NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


def valid_answer(spec: dict[str, Any], lang: str) -> Any:
    return filling.valid_answer(spec, lang, DATA, NOW)


def test_the_contact_form_is_defined() -> None:
    assert "contact" in FORMS


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_a_form_accepts_what_its_definition_allows(form_id: str, lang: str) -> None:
    definition = FORMS[form_id]
    answers = filling.valid_answers(definition, lang, DATA, NOW)
    files = {k: answers.pop(k) for k, v in list(answers.items()) if hasattr(v, "read")}
    form = definitions.form_class(definition, lang, DATA, NOW)(data=answers, files=files)
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data) == set(form.fields)
    # Every field is asked but those meant for another programme's calls (a solidarity
    # development call, open at NOW, has no priority area).
    not_asked = {f["name"] for f in definition.fields} - set(form.fields)
    assert not_asked <= {"axis", "region"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_missing_answers_are_refused_in_the_definitions_words(form_id: str, lang: str) -> None:
    definition = FORMS[form_id]
    form = definitions.form_class(definition, lang, DATA, NOW)(data={})
    assert not form.is_valid()
    required = {
        f["name"]: f["errors"]["required"][lang] for f in definition.fields if f.get("required")
    }
    assert {name: form.errors[name] for name in required} == {
        name: [text] for name, text in required.items()
    }
    assert set(form.errors) == set(required)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wrong_answers_get_the_definitions_words(lang: str) -> None:
    definition = FORMS["contact"]
    fields = {f["name"]: f for f in definition.fields}
    answers = {f["name"]: valid_answer(f, lang) for f in definition.fields}
    answers.update(email="amal-at-example.org", name="x" * 201, topic="not-a-programme")
    form = definitions.form_class(definition, lang, DATA)(data=answers)
    wrong = django_message("invalid_choice", lang) % {"value": "not-a-programme"}
    with translation.override(lang):  # as in a request to /{lang}/forms/contact/
        assert not form.is_valid()
        assert form.errors["email"] == [fields["email"]["errors"]["invalid"][lang]]
        assert form.errors["name"] == [fields["name"]["errors"]["max_length"][lang]]
        # No message of its own for a wrong choice: Django's, in the form's language.
        assert form.errors["topic"] == [wrong]


def django_message(code: str, lang: str) -> str:
    with translation.override(lang):
        return str(forms.ChoiceField().error_messages[code])


def test_djangos_own_messages_are_translated() -> None:
    assert len({django_message("invalid_choice", lang) for lang in LANGUAGES}) == 3


@pytest.mark.parametrize("lang", LANGUAGES)
def test_labels_and_countries_are_in_the_language(lang: str) -> None:
    form = definitions.form_class(FORMS["contact"], lang, DATA)()
    assert (
        form.fields["message"].label
        == {"ar": "رسالتكم", "fr": "Votre message", "en": "Your message"}[lang]
    )
    countries = dict(form.fields["country"].choices)
    assert countries["MA"] == {"ar": "المغرب", "fr": "Maroc", "en": "Morocco"}[lang]


# Neighbours in each language's alphabetical order; by code point, "Émirats arabes unis" came
# after "Zimbabwe", and "ألمانيا" (hamza on its alef) before "الأرجنتين" and "أذربيجان"
# before "إثيوبيا" (ث comes before ذ).
ALPHABETICAL = {
    "ar": ("إثيوبيا", "أذربيجان", "الأرجنتين", "ألمانيا", "بلجيكا"),
    "fr": ("Égypte", "Émirats arabes unis", "Équateur", "Espagne", "États-Unis", "France"),
    "en": ("Åland Islands", "Albania", "Yemen", "Zambia"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_countries_are_in_the_languages_alphabetical_order(lang: str) -> None:
    names = [name for _code, name in definitions.country_options(lang)]
    at = [names.index(name) for name in ALPHABETICAL[lang]]
    assert at == sorted(at), [names[i] for i in sorted(at)]


def test_a_definition_published_while_running_is_read_again(tmp_path: Path) -> None:
    (tmp_path / "forms").mkdir()
    path = tmp_path / "forms" / "contact.yaml"
    path.write_text((DATA / "forms" / "contact.yaml").read_text(encoding="utf-8"))
    first = definitions.load(tmp_path)["contact"].data["title"]["en"]
    text = path.read_text(encoding="utf-8").replace(first, "Write to us")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert definitions.load(tmp_path)["contact"].data["title"]["en"] == "Write to us"


class Controls(HTMLParser):
    """A page's form controls by name: the attributes of each input, select and textarea
    (the first of a name: radio buttons share theirs)."""

    def __init__(self) -> None:
        super().__init__()
        self.by_name: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("input", "select", "textarea") and a.get("name"):
            self.by_name.setdefault(str(a["name"]), a)


def controls(client: Client, path: str) -> dict[str, dict[str, str | None]]:
    page = client.get(path)
    assert page.status_code == 200, path
    found = Controls()
    found.feed(page.content.decode())
    return found.by_name


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_form_says_what_the_browser_may_fill_in(
    client: Client, live_data: Path, lang: str
) -> None:
    """Each form's page, as served: the autocomplete token of every field that has one
    (the person's own name, email, phone, association and country), and no other; email
    and phone fields typed left to right, on an Arabic page too."""
    tokens, left_to_right = [], []
    for form_id in sorted(definitions.load(live_data)):
        found = controls(client, f"/{lang}/forms/{form_id}/")
        for name, attrs in sorted(found.items()):
            if name.startswith("_"):  # the field left empty by people (protection.py)
                continue
            if attrs.get("autocomplete"):
                tokens.append((form_id, name, attrs["autocomplete"]))
            if attrs.get("dir") == "ltr":
                left_to_right.append((form_id, name))
    assert sorted(tokens) == sorted(autofill.TOKENS)
    assert sorted(left_to_right) == sorted(autofill.LEFT_TO_RIGHT)


@pytest.mark.django_db
def test_a_phone_field_brings_up_the_phone_keypad(client: Client, live_data: Path) -> None:
    found = controls(client, "/ar/forms/project-application/?call=open-call")
    assert (found["phone"]["inputmode"], found["phone"]["dir"]) == ("tel", "ltr")


@pytest.mark.django_db
def test_an_example_number_in_a_hint_reads_left_to_right_on_an_arabic_page(
    client: Client, live_data: Path
) -> None:
    html = client.get("/ar/forms/association-registration/").content.decode()
    assert 'مثل \u200e<bdi dir="ltr">+33 1 23 45 67 89</bdi>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_consent_box_comes_before_its_own_words_and_apart_from_the_buttons(
    client: Client, lang: str
) -> None:
    """The box, then its label, alone in their block; the buttons come after that block
    (the browser test checks how they are laid out)."""
    html = client.get(f"/{lang}/forms/partnership-request/").content.decode()
    label = FORMS["partnership-request"].text(
        next(f for f in FORMS["partnership-request"].fields if f["name"] == "consent")["label"],
        lang,
    )
    box = re.search(
        r'<div class="consent-box">(<input[^>]*>)<label for="([^"]+)">(.*?)</label></div>', html
    )
    assert box, "no consent box followed by its label"
    assert 'type="checkbox"' in box.group(1) and f'id="{box.group(2)}"' in box.group(1)
    assert html_unescape(box.group(3)) == label
    assert html.index('<div class="consent-box">') < html.index('<div class="actions">')


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_country_lists_offer_only_what_validation_accepts(lang: str) -> None:
    """CLDR's EU, UN, ZZ, XA and XB were offered, and then refused by `site-builder
    validate` in the record the service published."""
    from site_builder.reading.crossref.codes import country_codes  # what validate checks

    offered = {code for code, _name in definitions.country_options(lang)}
    assert offered == set(country_codes())
    assert not offered & {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
    field = definitions.CountryField(lang)
    assert field.valid_value("MA") and not field.valid_value("EU")


def test_a_text_that_falls_back_is_marked_with_its_language() -> None:
    """A definition not yet translated into the page's language: its words in another
    language, said as that language (lang, dir) — the one fallback rule, shown."""
    data = FORMS["contact"].data
    first = data["fields"][0]
    only_french = {**first, "label": {"fr": "Votre nom"}, "hint": {"fr": "Tel: +33 1 23"}}
    partial = definitions.Definition("contact", {**data, "fields": [only_french]})
    with translation.override("ar"):
        field = definitions.form_class(partial, "ar", DATA)()[first["name"]]
        label, hint = str(field.label), str(field.help_text)
    assert label == '<span lang="fr" dir="ltr">Votre nom</span>'
    assert hint.startswith('<span lang="fr" dir="ltr">') and '<bdi dir="ltr">' in hint
    with translation.override("fr"):
        field = definitions.form_class(partial, "fr", DATA)()[first["name"]]
        assert str(field.label) == "Votre nom" and "<span" not in str(field.help_text)


def test_a_definition_found_by_id_follows_its_folder_and_its_file(tmp_path: Path) -> None:
    """definitions.find keeps its last reading of data/forms/ while nothing there changed:
    a definition written in place, added, renamed or removed is read again."""
    forms_dir = tmp_path / "forms"
    forms_dir.mkdir()
    contact = (DATA / "forms" / "contact.yaml").read_text(encoding="utf-8")
    (forms_dir / "contact.yaml").write_text(contact, encoding="utf-8")
    first = definitions.find(tmp_path, "contact")
    assert first is not None and definitions.find(tmp_path, "contact") is first

    edited = contact.replace("reference_prefix: MSG", "reference_prefix: MSX")
    assert edited != contact
    path = forms_dir / "contact.yaml"
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    again = definitions.find(tmp_path, "contact")
    assert again is not None and again.data["reference_prefix"] == "MSX"

    copy = contact.replace("id: contact", "id: contact-copy")
    (forms_dir / "copy.yaml").write_text(copy, encoding="utf-8")
    assert definitions.find(tmp_path, "contact-copy") is not None
    (forms_dir / "copy.yaml").rename(forms_dir / "renamed.yaml")
    renamed = definitions.find(tmp_path, "contact-copy")
    assert renamed is not None and renamed.path == forms_dir / "renamed.yaml"
    (forms_dir / "renamed.yaml").unlink()
    assert definitions.find(tmp_path, "contact-copy") is None


def test_a_forms_choices_changed_leave_the_next_forms_alone() -> None:
    """The copies of an options field share its choices (SharedChoices): a form that
    replaces its own, as the views do, changes no other form's."""
    contact = definitions.load(DATA)["contact"]
    form_class = definitions.form_class(contact, "en", DATA)
    first, second = form_class(), form_class()
    offered = list(second.fields["topic"].choices)
    first.fields["topic"].choices = [("other", "Something else")]
    assert list(first.fields["topic"].choices) == [("other", "Something else")]
    assert list(form_class().fields["topic"].choices) == offered
    assert list(second.fields["topic"].choices) == offered
    assert "capacity-building" in dict(offered)
