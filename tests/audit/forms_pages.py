"""The forms service's pages as a visitor meets them, captured through Django's test client
(in the process that calls it, on the settings' database and data): the GET pages, and the
three that only a post shows — a form with its errors, "check your answers" and the
confirmation. Run inside a configured Django (pytest-django, or django.setup())."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.test import Client

from forms_service import definitions
from tests.audit.pages import FORM, FORMS_PAGES
from tests.forms_service.filling import hidden, valid_answers
from tests.forms_service.pdfs import pdf_upload


@dataclass(frozen=True)
class Captured:
    kind: str
    lang: str
    path: str  # where the visitor's browser shows it
    status: int
    html: str


def capture(lang: str) -> list[Captured]:
    """Every page of FORMS_PAGES in `lang`. Needs settings.FORMS_MIN_FILL_SECONDS = 0 (the
    posts are made at once) and a call open now in settings.DATA_DIR (live_data's)."""
    cache.clear()  # the rate limits count posts from this address
    client = Client()

    def got(kind: str, path: str, status: int, html: str) -> Captured:
        assert status in (200, 400), f"{path}: {status}"
        return Captured(kind, lang, path, status, html)

    found = []
    for kind in ("form", "status", "alerts", "eligibility"):
        path = f"/{lang}/{FORMS_PAGES[kind]}"
        response = client.get(path)
        found.append(got(kind, path, response.status_code, response.content.decode()))
    form = f"/{lang}/{FORMS_PAGES['form']}"
    errors = client.post(form, hidden(client, form))  # nothing filled in
    found.append(got("form-errors", form, errors.status_code, errors.content.decode()))
    data = settings.DATA_DIR
    contact = definitions.load(data)[FORM]
    sent = client.post(form, {**valid_answers(contact, lang, data), **hidden(client, form)})
    assert sent.status_code == 303, sent.content.decode()[:2000]
    received = client.get(sent["Location"])
    found.append(got("received", sent["Location"], received.status_code, received.content.decode()))
    found.append(_check_answers(client, lang))
    return found


def _check_answers(client: Client, lang: str) -> Captured:
    path = f"/{lang}/{FORMS_PAGES['check-answers']}"
    data = settings.DATA_DIR
    application = definitions.load(data)["project-application"]
    answers = valid_answers(application, lang, data)
    for spec in application.fields:  # each file a PDF of its own
        if spec["type"] == "file":
            answers[spec["name"]] = pdf_upload(f"{spec['name']}.pdf")
    shown = client.post(path, {**answers, **hidden(client, path)})
    html = shown.content.decode()
    assert shown.status_code == 200 and 'value="confirm"' in html, html[:3000]
    return Captured("check-answers", lang, path, shown.status_code, html)
