"""Faults: the database cannot write (its disk is full). The user is told in their language,
keeps every answer and file, nothing is half written; once there is room again, the same
answers go through. SMTP down and the git remote down are in test_contact.py and
test_publishing.py; a kill -9 in the middle of a burst in bench/bench_submissions.py (run by
CI); a broken data file that leaves the deployed site as it was, in test_pipeline.py."""

from __future__ import annotations

import contextlib
import os
import subprocess
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


@pytest.fixture
def unwritable() -> Iterator[None]:
    """Every write of the database fails (SQLite: query_only; PostgreSQL: a read-only
    session), the rate limits' cache table's included."""
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        if sqlite:
            cursor.execute("PRAGMA query_only = 1")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    yield
    with connection.cursor() as cursor:
        if sqlite:
            cursor.execute("PRAGMA query_only = 0")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_a_counter_that_cannot_be_written_is_a_storage_failure(
    lang: str, settings: Any, unwritable: None
) -> None:
    """The rate limits count in the database's cache table: when it cannot write, the count
    fails, and the user is told nothing was recorded — not that they sent too many forms
    (95 of 99 posts on a full disk were told "try again in an hour")."""
    settings.FORMS_MIN_FILL_SECONDS = 0
    client = Client()
    path = f"/{lang}/forms/contact/"
    answers = {"name": "Amal", "email": "amal@example.org", "topic": "project-support",
               "country": "FR", "message": "سؤال"}  # fmt: skip
    refused = client.post(path, {**answers, **hidden(client, path)})
    html = unescape(refused.content.decode())
    assert refused.status_code == 503 and FULL[lang] in html
    assert 'value="amal@example.org"' in html  # the answers are still there
    assert Submission.objects.count() == 0


@pytest.fixture
def full_uploads(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """FORMS_UPLOAD_DIR on a small file system of its own (tmpfs), filled up."""
    mount = tmp_path / "uploads"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode:
        if os.environ.get("REQUIRE_TMPFS") == "1":
            pytest.fail(f"cannot mount a tmpfs here: {done.stderr.decode()}")
        pytest.skip("mounting a tmpfs needs root")
    settings.FORMS_UPLOAD_DIR = mount
    filler = mount / "filler"
    with filler.open("wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 4096)
    yield filler
    subprocess.run(["umount", str(mount)], check=True)


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_a_full_uploads_disk_loses_nothing(
    lang: str, live_data: Path, settings: Any, full_uploads: Path
) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    definition = definitions.load(REPO / "data")["project-application"]
    client = Client()
    answers = valid_answers(definition, lang, live_data)
    path = f"/{lang}/forms/project-application/"
    refused = client.post(path, {**answers, **hidden(client, path)})
    html = unescape(refused.content.decode())
    assert refused.status_code == 503 and FULL[lang] in html  # was a bare English 500
    assert answers["project_title"] in html  # what was typed is still there
    pending = full_uploads.parent / "pending"
    assert [p for p in pending.glob("*") if p.stat().st_size == 0] == [], "no empty file"
    assert Submission.objects.count() == 0

    full_uploads.unlink()  # room again: the user sends the form again, files chosen again
    answers = valid_answers(definition, lang, live_data)
    check = client.post(path, {**answers, **hidden(client, path)})
    assert check.status_code == 200
    again = client.post(path, {**hidden_in(check.content.decode()), "step": "confirm"})
    assert again.status_code == 303
    sent = sum(1 for f in definition.fields if f["type"] == "file")
    assert Submission.objects.get().files.count() == sent
