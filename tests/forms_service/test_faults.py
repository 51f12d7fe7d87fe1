"""Faults: the database cannot write (its disk is full). The user is told in their language,
keeps every answer and file, nothing is half written; once there is room again, the same
answers go through. SMTP down and the git remote down are in test_contact.py and
test_publishing.py; a kill -9 in the middle of a burst in bench/bench_submissions.py (run by
CI); a broken data file that leaves the deployed site as it was, in test_pipeline.py."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client

from forms_service import definitions
from forms_service.submissions.models import Attachment, Email, Submission
from tests.conftest import REPO
from tests.forms_service.filling import hidden, hidden_in, valid_answers

pytestmark = pytest.mark.django_db(transaction=True)
FULL = {
    "ar": "تعذر حفظ استمارتكم",
    "fr": "Votre formulaire n'a pas pu être enregistré",
    "en": "Your form could not be saved",
}


@pytest.fixture
def full_disk() -> Iterator[None]:
    """The database cannot write. SQLite is told it may not grow, then filled: every write
    that needs a page fails as on a full disk (SQLITE_FULL, "database or disk is full").
    PostgreSQL has no such switch: its session is made read-only, which fails the same
    writes with another DatabaseError."""
    with connection.cursor() as cursor:
        if connection.vendor != "sqlite":
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        else:
            cursor.execute("CREATE TABLE filler (x BLOB)")
            cursor.execute("PRAGMA page_count")
            cursor.execute(f"PRAGMA max_page_count = {cursor.fetchone()[0] + 8}")
            for size in (4000, 500, 50, 1):  # big rows first, then the crumbs
                with contextlib.suppress(OperationalError):
                    while True:
                        cursor.execute("INSERT INTO filler VALUES (randomblob(%s))", [size])
    yield
    room()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE filler")


def room() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA max_page_count = 1073741823")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")


def fill(client: Client, lang: str, answers: dict[str, Any]) -> Any:
    path = f"/{lang}/forms/project-application/"
    response = client.post(path, {**answers, **hidden(client, path)})
    assert response.status_code == 200  # the answers to check
    return response, hidden_in(response.content.decode())


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_a_full_disk_loses_nothing(
    lang: str, live_data: Path, settings: Any, full_disk: None
) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    # The rate limits' counters elsewhere than the failing database (Redis, in production).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    definition = definitions.load(REPO / "data")["project-application"]
    client = Client()
    answers = valid_answers(definition, lang, live_data)
    # A summary as long as allowed: on SQLite, the row needs pages the full disk lacks.
    answers["summary"] = "دعم مدرسي " * 300
    _, carried = fill(client, lang, answers)
    path = f"/{lang}/forms/project-application/"
    refused = client.post(path, {**carried, "step": "confirm"})
    assert refused.status_code == 503
    html = refused.content.decode()
    assert FULL[lang] in unescape(html)
    assert (Submission.objects.count(), Attachment.objects.count(), Email.objects.count()) == (
        0,
        0,
        0,
    )
    uploads = Path(settings.FORMS_UPLOAD_DIR)
    assert list((uploads / "files").glob("*")) == [], "no file without its submission"
    sent = sum(1 for f in definition.fields if f["type"] == "file")
    assert len(list((uploads / "pending").glob("*.pdf"))) == sent, "the files are kept"

    shown = hidden_in(html)  # the form again, filled in, its files kept
    assert "دعم مدرسي" in html and shown.get("kept")
    room()  # room again: the user sends the form as it is shown
    typed = {k: v for k, v in answers.items() if not hasattr(v, "read")}  # files are kept
    check = client.post(path, {**typed, **shown})
    assert check.status_code == 200
    again = client.post(path, {**hidden_in(check.content.decode()), "step": "confirm"})
    assert again.status_code == 303
    stored = Submission.objects.get()
    assert stored.files.count() == sent
    assert len(list((uploads / "files").glob("*"))) == sent
