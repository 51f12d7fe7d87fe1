"""Punctuation in the service's pages and emails: French spacing, as on the site's (the form
definitions' French, data/forms/*.yaml, is typed with a plain space before « ? », which a
line could break at, or none; what a user typed is never changed), and no colon after a
label that is a question."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from forms_service.submissions.models import Email
from tests.forms_service.test_contact import ANSWERS, hidden

NNBSP = "\u202f"


@pytest.mark.django_db
def test_a_french_form_page_has_french_spacing_and_the_others_none() -> None:
    client = Client()
    french = client.get("/fr/forms/partnership-request/").content.decode()
    assert f"Qui cherche un partenaire{NNBSP}?" in french  # data/forms: "partenaire ?"
    assert "partenaire ?" not in french
    english = client.get("/en/forms/partnership-request/").content.decode()
    assert "Who is looking for a partner?" in english and NNBSP + "?" not in english


@pytest.mark.django_db
def test_what_a_user_typed_comes_back_as_typed(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    client = Client()
    typed = "Bonjour: quand ouvre l'appel ?"
    answers = {**ANSWERS, "email": "", "message": typed}  # the missing email sends it back
    page = client.post("/fr/forms/contact/", {**answers, **hidden(client, "fr")})
    assert page.status_code == 400  # sent back, with its errors
    assert f">\n{typed}</textarea>".replace("'", "&#x27;") in page.content.decode()


@pytest.mark.django_db
def test_a_french_confirmation_email_has_french_spacing(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    client = Client()
    done = client.post("/fr/forms/contact/", {**ANSWERS, **hidden(client, "fr")})
    assert done.status_code == 303
    body = Email.objects.get().body
    assert f"Conservez ce courriel{NNBSP}: avec" in body  # the catalog's "courriel : avec"
    assert "courriel :" not in body


@pytest.mark.django_db
def test_a_question_has_no_colon_after_it_in_any_script() -> None:
    arabic = Client().get("/ar/forms/partnership-request/").content.decode()
    assert "<legend>من يبحث عن شريك؟</legend>" in arabic  # was "…شريك؟:"
