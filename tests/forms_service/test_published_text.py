"""A text the public record will carry (`maps_to`) that starts as a spreadsheet formula is
refused by the form, next to its field and in the page's language, while the applicant can
still correct it; what the form accepts, the review can publish."""

from __future__ import annotations

from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from forms_service import clock
from forms_service.staff import publishing
from forms_service.submissions.models import Submission
from tests.forms_service.filling import hidden
from tests.forms_service.test_registrations import REGISTRATION as ANSWERS

pytestmark = pytest.mark.django_db

PATH = "/{lang}/forms/association-registration/"
# Each error names its field (the summary lists both).
SAID = {
    "ar": ("ابدؤوا «{}» بحرف أو رقم", "اسم الجمعية بالحروف اللاتينية", "تقديم الجمعية"),
    "fr": (
        "Commencez «\u202f{}\u202f» par une lettre ou un chiffre",
        "Nom de l'association en caractères latins",
        "Présentation de l'association",
    ),
    "en": ("Start “{}” with a letter or a digit", "Name of the association in Latin script",
           "About the association"),
}  # fmt: skip


@pytest.fixture(autouse=True)
def no_wait(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0


def beside(html: str, field: str) -> str:
    """What the page shows between a field's label and the field itself (its error)."""
    return html.split(f'for="id_{field}"', 1)[1].split(f'name="{field}"', 1)[0]


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_a_published_text_starting_as_a_formula_is_refused_beside_its_field(
    client: Client, live_data: Path, lang: str
) -> None:
    path = PATH.format(lang=lang)
    typed = {**ANSWERS, "name_latin": "@amal_asso", "description": "-Soutien scolaire\n-Santé"}
    page = client.post(path, {**typed, **hidden(client, path)})
    assert page.status_code == 400  # the form again, with its errors
    html = unescape(page.content.decode())
    said, name, description = SAID[lang]
    assert said.format(name) in beside(html, "name_latin")
    assert said.format(description) in beside(html, "description")
    assert html.count(said.format(name)) == 2  # beside the field and in the summary
    assert said.split("«")[0].split("“")[0] not in beside(html, "city")
    assert 'value="@amal_asso"' in html and "-Soutien scolaire\n-Santé</textarea>" in html
    assert not Submission.objects.exists()


def test_what_the_form_accepts_the_review_can_publish(client: Client, live_data: Path) -> None:
    """A list written with "- ", a sign before a number, and a private field (not published;
    the staff exports write such cells as text) pass; the record has nothing to refuse."""
    path = PATH.format(lang="fr")
    typed = {
        **ANSWERS,
        "description": "- Soutien scolaire\n-20 % d'abandon en deux ans",
        "contact_name": "=Amal",
    }
    assert client.post(path, {**typed, **hidden(client, path)}).status_code == 303
    found = publishing.record_of(Submission.objects.get(), clock.today())
    assert found is not None
    assert publishing.schema_errors(*found) == []
