"""Save and return on the project application: save with an email, come back from the
emailed link with the same address (another browser, another day), saved again at each step,
sent and gone; the link expires; the secret is not in the database; drafts and their files
are purged after their call closes plus the retention period."""

from __future__ import annotations

import io
import os
import re
from datetime import datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

from forms_service import clock, definitions, storage
from forms_service.submissions import drafts
from forms_service.submissions.models import Draft, Email, Submission
from forms_service.uploads import purge_pending
from forms_service.worker.outbox import send_due
from tests.forms_service.conftest import Smtp
from tests.forms_service.filling import hidden, hidden_in, valid_answers
from tests.forms_service.pdfs import pdf_upload

pytestmark = pytest.mark.django_db
FORM = "project-application"
LINK = re.compile(r"http://127\.0\.0\.1:8000(/\w\w/forms/project-application/resume/[\w-]+/)")
SAVED = {
    "ar": "حفظت أجوبتكم",
    "fr": "Vos réponses sont enregistrées",
    "en": "Your answers are saved",
}
NO_MATCH = {
    "ar": "انتهت صلاحية هذا الرابط",
    "fr": "Ce lien a expiré",
    "en": "This link has expired",
}


@pytest.fixture(autouse=True)
def quick(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    settings.PORTAL_ORIGIN = "http://127.0.0.1:8000"


def start(client: Client, lang: str, live_data: Path) -> tuple[dict[str, Any], str]:
    """Half the application typed and one file chosen, then "Save and come back later"."""
    full = valid_answers(definitions.load(live_data)[FORM], lang, live_data)
    half = {k: full[k] for k in ("call", "association_name", "country", "email")}
    path = f"/{lang}/forms/{FORM}/"
    posted = {**half, **hidden(client, path), "statutes": pdf_upload("statuts.pdf")}
    page = client.post(path, {**posted, "step": "save"})
    assert page.status_code == 200, page.content.decode()[:2000]
    return full, unescape(page.content.decode())


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_save_come_back_from_the_email_and_send(
    client: Client, smtp: Smtp, live_data: Path, lang: str
) -> None:
    full, page = start(client, lang, live_data)
    assert SAVED[lang] in page and full["email"] in page
    (draft,) = Draft.objects.all()
    assert draft.data["association_name"] == [full["association_name"]]
    assert draft.subject == full["call"]
    assert set(draft.files) == {"statutes"}
    assert send_due() == (1, 0)
    (mail,) = smtp.inbox.messages
    assert mail["To"] == full["email"]
    link = LINK.search(mail.get_content())
    assert link, mail.get_content()
    secret = link.group(1).rstrip("/").rsplit("/", 1)[1]
    assert draft.secret_sha256 == drafts.digest(secret) != secret  # only its digest is kept

    later = Client()  # another browser, no cookie from the first
    asked = later.get(link.group(1))
    assert asked.status_code == 200 and full["association_name"] not in asked.content.decode()
    wrong = later.post(link.group(1), {"email": "someone.else@example.org"})
    assert wrong.status_code == 400 and NO_MATCH[lang] in unescape(wrong.content.decode())
    assert full["association_name"] not in unescape(wrong.content.decode())
    opened = later.post(link.group(1), {"email": full["email"].upper()})
    html = unescape(opened.content.decode())
    assert opened.status_code == 200
    assert f'value="{full["association_name"]}"' in html and "statuts.pdf" in html

    # The rest of the answers (the statutes are not asked for again), then the check page:
    # the draft is saved at this step too.
    rest = {k: v for k, v in full.items() if k != "statutes"}
    path = f"/{lang}/forms/{FORM}/"
    check = later.post(path, {**rest, **hidden_in(html), **hidden(later, path)})
    assert check.status_code == 200, unescape(check.content.decode())[:3000]
    draft.refresh_from_db()
    assert draft.data["project_title"] == [full["project_title"]]
    sent = later.post(path, {**hidden_in(check.content.decode()), "step": "confirm"})
    assert sent.status_code == 303
    stored = Submission.objects.get()
    assert stored.answers["association_name"] == full["association_name"]
    assert [f.name for f in stored.files.all() if f.field == "statutes"] == ["statuts.pdf"]
    assert not Draft.objects.exists()  # sent: the draft is gone, and its link with it
    assert later.post(link.group(1), {"email": full["email"]}).status_code == 400


# Characters the fields drop, typed (pasted from another program) or crafted: PostgreSQL
# refuses a NUL in JSON, and a draft holding one made the save, then every later step of the
# form, fail (503); a call of 200 characters was more than the draft's subject holds.
ODD = {
    "call": "c" * 200,
    "association_name": "Amal\x00 Paris",
    "city": "Ly\x0bon \u202e",
    "summary": "Une ligne\r\nune autre\x00",
    "founded": "20\x0012",
    "country": "FR\x00",
    "email": "amal@example.org",
}
# What the form reads: text as its field reads it, any other answer without those characters.
READ = {
    "call": ["c" * 200],
    "association_name": ["Amal Paris"],
    "city": ["Lyon"],
    "summary": ["Une ligne\nune autre"],
    "founded": ["2012"],
    "country": ["FR"],
    "email": ["amal@example.org"],
}


def test_a_draft_holds_the_answers_as_the_form_reads_them(client: Client, live_data: Path) -> None:
    path = f"/fr/forms/{FORM}/"
    saved = client.post(path, {**ODD, **hidden(client, path), "step": "save"})
    assert saved.status_code == 200, unescape(saved.content.decode())[:2000]
    (draft,) = Draft.objects.all()
    assert draft.data == READ and draft.subject == ""  # no call the service knows

    link = LINK.search(Email.objects.get().body)  # not sent yet: the link is still in it
    assert link
    later = Client()
    html = unescape(later.post(link.group(1), {"email": ODD["email"]}).content.decode())
    assert 'value="Amal Paris"' in html and 'value="Lyon"' in html and 'value="2012"' in html
    assert ">\nUne ligne\nune autre</textarea>" in html and "\x00" not in html

    # The next step, with such characters again: the draft is saved again, and the answers
    # still missing asked for (400), not a server error.
    more = {**ODD, "project_title": "Bibliothèque\x00 d'été"}
    step = later.post(path, {**more, **hidden_in(html), **hidden(later, path)})
    assert step.status_code == 400
    draft.refresh_from_db()
    assert draft.data == {**READ, "project_title": ["Bibliothèque d'été"]}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_saving_asks_only_for_the_email(client: Client, live_data: Path, lang: str) -> None:
    path = f"/{lang}/forms/{FORM}/"
    typed = {"association_name": "Amal Paris", "project_title": "Bibliothèque d'été"}
    page = client.post(path, {**typed, **hidden(client, path), "step": "save"})
    html = unescape(page.content.decode())
    assert page.status_code == 400 and not Draft.objects.exists()
    errors = re.findall(r'aria-invalid="true"[^>]*id="id_(\w+)"', html)
    assert errors == ["email"]  # the other answers may wait
    assert 'value="Amal Paris"' in html  # and what was typed is kept
    message = {"ar": "أدخلوا عنوان بريدكم الإلكتروني لحفظ أجوبتكم", "en": "Enter your email"}
    assert message[lang] in html


def test_the_sent_link_is_not_kept_in_the_outbox(
    client: Client, smtp: Smtp, live_data: Path
) -> None:
    """Only the link's SHA-256 is kept: once the email has gone, its body is redacted too."""
    start(client, "en", live_data)
    assert send_due() == (1, 0)
    (mail,) = smtp.inbox.messages
    link = LINK.search(mail.get_content())
    assert link  # the person received it
    secret = link.group(1).rstrip("/").rsplit("/", 1)[1]
    (kept,) = Email.objects.all()
    assert kept.sent is not None and kept.to == mail["To"]
    assert secret not in kept.body and "/resume/" not in kept.body
    assert not Email.objects.filter(body__contains=secret).exists()


def test_a_link_expires(client: Client, smtp: Smtp, live_data: Path) -> None:
    full, _page = start(client, "fr", live_data)
    send_due()
    link = LINK.search(smtp.inbox.messages[0].get_content())
    assert link
    Draft.objects.update(link_expires=clock.now() - timedelta(minutes=1))
    page = Client().post(link.group(1), {"email": full["email"]})
    assert page.status_code == 400 and NO_MATCH["fr"] in unescape(page.content.decode())


def test_saving_again_sends_a_new_link_and_the_old_one_stops(
    client: Client, smtp: Smtp, live_data: Path
) -> None:
    full, page = start(client, "en", live_data)
    again = client.post(
        f"/en/forms/{FORM}/",
        {**hidden_in(page), "step": "change"},
    )
    html = again.content.decode()
    assert again.status_code == 200 and 'name="draft"' in html
    client.post(f"/en/forms/{FORM}/", {**full, **hidden_in(html), "step": "save"})
    send_due()
    first, second = (LINK.search(m.get_content()) for m in smtp.inbox.messages)
    assert first and second and first.group(1) != second.group(1)
    assert Draft.objects.count() == 1
    assert Client().post(first.group(1), {"email": full["email"]}).status_code == 400
    assert Client().post(second.group(1), {"email": full["email"]}).status_code == 200


def test_drafts_and_their_files_are_purged_after_the_call_closes(
    client: Client, live_data: Path, settings: Any
) -> None:
    start(client, "fr", live_data)
    (draft,) = Draft.objects.all()
    (stored,) = [kept["stored"] for kept in draft.files.values()]
    pending = Path(settings.FORMS_UPLOAD_DIR) / "pending" / stored
    # Two days on, the worker clears abandoned uploads: not those a draft holds.
    os.utime(pending, (86400, 86400))  # long ago, whatever the clock (see test_applications)
    assert purge_pending(storage.uploads(), 86400, drafts.held_files()) == 0
    assert pending.exists()
    call = yaml.safe_load((live_data / "calls" / "open-call.yaml").read_text(encoding="utf-8"))
    closes = datetime.fromisoformat(call["closes"])
    assert draft.purge_after == closes + timedelta(days=settings.FORMS_DRAFT_RETENTION_DAYS)
    said = io.StringIO()
    call_command("purge", stdout=said)
    assert "removed 0 saved forms" in said.getvalue()
    assert Draft.objects.count() == 1 and pending.exists()  # the call is still open
    Draft.objects.update(purge_after=clock.now() - timedelta(seconds=1))
    assert drafts.purge(clock.now(), storage.uploads()) == 1
    assert not Draft.objects.exists() and not pending.exists()
