"""Each form, in each language, as a user goes through it with Django's test client: send
the answers (checking them first where the form asks), see the reference number, receive
the confirmation email on a real SMTP server with none of the answers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from forms_service import definitions
from forms_service.submissions.models import Submission
from forms_service.worker.outbox import send_due
from tests.conftest import REPO
from tests.forms_service.conftest import Smtp
from tests.forms_service.filling import REFERENCE, hidden, send, valid_answers

pytestmark = pytest.mark.django_db
FORMS = sorted(definitions.load(REPO / "data"))
RECEIVED = {"ar": "توصلنا بطلبكم", "fr": "Formulaire reçu", "en": "Form received"}


@pytest.fixture(autouse=True)
def no_wait(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0


def test_the_five_forms_are_defined() -> None:
    assert set(FORMS) >= {
        "association-registration",
        "contact",
        "partnership-request",
        "partnership-reply",
        "project-application",
        "training-registration",
    }


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
@pytest.mark.parametrize("form_id", FORMS)
def test_a_form_is_sent_and_confirmed_by_email(
    client: Client, smtp: Smtp, live_data: Path, form_id: str, lang: str
) -> None:
    definition = definitions.load(live_data)[form_id]
    answers = valid_answers(definition, lang, live_data)
    page = send(client, lang, form_id, answers)
    reference = REFERENCE.search(page)
    assert reference and RECEIVED[lang] in page
    stored = Submission.objects.get(reference=reference.group())
    assert (stored.form_id, stored.lang, stored.email) == (form_id, lang, "amal@example.org")
    assert reference.group().startswith(definition.data["reference_prefix"])

    forwarded = 1 if definition.data.get("forwards_to") else 0  # tested in test_partnerships
    assert send_due() == (1 + forwarded, 0)
    (mail,) = [m for m in smtp.inbox.messages if m["To"] == "amal@example.org"]
    assert mail["To"] == "amal@example.org" and reference.group() in mail["Subject"]
    body = mail.get_content()
    title = definition.text(definition.data["title"], lang)
    assert reference.group() in body and title in mail["Subject"]
    asked = [spec for spec in definition.fields if spec["name"] in stored.answers]
    # Every field was asked but those meant for another programme's calls than the one chosen.
    assert {spec["name"] for spec in definition.fields} - set(stored.answers) <= {"axis", "region"}
    # Sent to whatever address was typed: nothing typed is carried (the portal would carry
    # anyone's text, from its own address, to anyone), not even a name.
    typed = [stored.answers[s["name"]] for s in asked if s["type"] in ("text", "textarea", "phone")]
    assert typed and not [text for text in typed if str(text) in body]


ERROR = {"ar": "خطأ:", "fr": "Erreur\u202f:", "en": "Error:"}
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
SUMMARY = re.compile(r'<div class="error-summary"[^>]*>')


def comes_back_with_its_errors(html: str, lang: str) -> None:
    """GOV.UK's pattern: the title says "Error:" first, in the page's language, and the list
    of errors comes before the heading and takes the focus on load (autofocus, on an element
    that can hold it), so that it is read first, with or without JavaScript."""
    title = TITLE.search(html)
    assert title and title.group(1).startswith(ERROR[lang] + " "), title
    summary = SUMMARY.search(html)
    assert summary, "no error summary"
    assert " autofocus" in summary.group() and 'tabindex="-1"' in summary.group()
    assert summary.start() < html.index("<h1")


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
@pytest.mark.parametrize("form_id", FORMS)
def test_a_form_sent_without_its_answers_comes_back_with_its_errors_first(
    client: Client, live_data: Path, form_id: str, lang: str
) -> None:
    path = f"/{lang}/forms/{form_id}/"
    response = client.post(path, hidden(client, path))
    assert response.status_code == 400
    comes_back_with_its_errors(response.content.decode(), lang)


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
@pytest.mark.parametrize("page", ["status", "alerts"])
def test_the_services_own_forms_come_back_with_their_errors_first(
    client: Client, page: str, lang: str
) -> None:
    path = f"/{lang}/forms/{page}/"
    response = client.post(path, hidden_fields(client, path))
    assert response.status_code == 400
    comes_back_with_its_errors(response.content.decode(), lang)


def hidden_fields(client: Client, path: str) -> dict[str, str]:
    html = client.get(path).content.decode()
    return dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', html))


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_a_saved_forms_link_that_fails_comes_back_with_its_error_first(
    client: Client, lang: str
) -> None:
    path = f"/{lang}/forms/project-application/resume/no-such-link/"
    response = client.post(path, {"email": "amal@example.org"})
    assert response.status_code == 400
    comes_back_with_its_errors(response.content.decode(), lang)
