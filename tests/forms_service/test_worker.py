"""The worker's queues under faults: one bad row never stops the others or the worker, each
email is marked sent in a commit of its own, failures are recorded on their rows and, after
FORMS_MAX_ATTEMPTS tries, shown to staff as failed; a git remote that never answers is
given up on after FORMS_GIT_TIMEOUT and retried with the same local commit."""

from __future__ import annotations

import asyncio
import io
import re
import socket
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from forms_service import addresses, clock
from forms_service.submissions.models import Email, Publication, Submission
from forms_service.worker.commits import publish_due
from forms_service.worker.outbox import send_due
from tests.forms_service.conftest import Smtp, signed_in
from tests.forms_service.test_contact import ANSWERS, hidden

UNSENDABLE = "x@" + "ä" * 60 + ".com"  # IDNA: a label longer than 63 octets
NOW = datetime.fromisoformat("2031-03-02T09:00:00+00:00")


def queued(to: str, n: int, at: datetime = NOW) -> Email:
    return Email.objects.create(to=to, subject=f"Email {n}", body=f"Body {n}\n", next_try=at)


@pytest.mark.parametrize(
    "address",
    [UNSENDABLE, "a" * 65 + "@example.org", "a@" + "b" * 64 + ".org", "a@" + "b." * 130 + "org"],
)
def test_an_address_that_cannot_be_sent_is_refused(address: str) -> None:
    with pytest.raises(ValidationError) as refused:
        addresses.EmailField().clean(address)
    assert [e.code for e in refused.value.error_list] == ["invalid"]  # one message, the field's


@pytest.mark.parametrize("address", ["amal@example.org", "x@bücher.de", "nadia@مثال.المغرب"])
def test_international_addresses_that_can_be_sent_pass(address: str) -> None:
    assert addresses.EmailField().clean(address) == address


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang,message",
    [
        ("ar", "أدخلوا عنوان بريد إلكتروني صحيحا"),
        ("fr", "Indiquez une adresse électronique valide"),
        ("en", "Enter an email address in the correct format"),
    ],
)
def test_the_form_refuses_it_beside_the_field_in_the_page_language(
    client: Client, settings: Any, lang: str, message: str
) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    page = client.post(
        f"/{lang}/forms/contact/", {**ANSWERS, "email": UNSENDABLE, **hidden(client, lang)}
    )
    html = page.content.decode()
    assert page.status_code == 400 and message in html  # as every refused answer
    assert f'value="{UNSENDABLE}"' in html  # what was typed is kept, left to right
    assert re.search(r'<input type="email" name="email"[^>]* dir="ltr"', html)
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_an_unsendable_row_fails_alone_and_the_others_are_sent(smtp: Smtp) -> None:
    queued("first@example.org", 1)
    bad = queued(UNSENDABLE, 2)  # stored before this check existed, or by hand
    queued("third@example.org", 3)
    assert send_due(now=NOW) == (2, 1)
    assert sorted(m["To"] for m in smtp.inbox.messages) == [
        "first@example.org",
        "third@example.org",
    ]
    bad.refresh_from_db()
    assert bad.sent is None and bad.failed == NOW and bad.attempts == 1
    assert "UnicodeError" in bad.last_error or "label" in bad.last_error
    assert send_due(now=NOW + timedelta(days=1)) == (0, 0)  # given up: never again
    assert len(smtp.inbox.messages) == 2


@pytest.mark.django_db
def test_the_worker_goes_on_to_publish_after_a_bad_email(
    smtp: Smtp, tmp_path: Path, settings: Any, live_data: Path
) -> None:
    """The reported failure: the bad address raised out of the worker, which stopped before
    publishing anything."""
    repo = _repository(tmp_path, live_data)
    settings.FORMS_PUBLISH_REPO, settings.FORMS_PUBLISH_REMOTE = repo, ""
    queued(UNSENDABLE, 1, clock.now())
    queued("after@example.org", 2, clock.now())
    item = _publication(tmp_path)
    call_command("send_outbox", "--once")
    item.refresh_from_db()
    assert item.done and item.commit
    assert [m["To"] for m in smtp.inbox.messages] == ["after@example.org"]


@pytest.mark.django_db
def test_each_task_of_a_pass_that_did_something_logs_its_line(
    smtp: Smtp, stderr_log: io.StringIO
) -> None:
    queued("first@example.org", 1, clock.now())
    queued(UNSENDABLE, 2, clock.now())
    call_command("send_outbox", "--once")
    ours = ("forms_service.worker", "forms_service.retries")  # the tasks', the rows' own
    lines = [line for line in stderr_log.getvalue().splitlines() if any(n in line for n in ours)]
    # The idle tasks (no file to remove, no record to publish) say nothing at INFO. The
    # address no retry can help is given up on at once: an ERROR of its own (the task's line
    # said "tried again later" at INFO, which it was not: nothing told the operator).
    assert len(lines) == 2, lines
    assert re.search(
        r" ERROR forms_service\.retries \[status -, reference -, request -\] email \d+ given up"
        r" on after 1 tries, failed in the staff area until tried again: ",
        lines[0],
    ), lines[0]
    assert re.search(
        r" WARNING forms_service\.worker \[status -, reference -, request -\] emails: sent 1,"
        r" failed 1; \d+ ms$",
        lines[1],
    ), lines[1]
    assert "@" not in stderr_log.getvalue()  # neither address, nor the one that failed


@pytest.mark.django_db
def test_after_the_last_try_an_email_is_failed_and_staff_see_it(
    settings: Any, staff_accounts: None, stderr_log: io.StringIO
) -> None:
    settings.FORMS_MAX_ATTEMPTS = 3
    _smtp_at(settings, _closed_port())
    email = queued("later@example.org", 1)
    when = NOW
    for attempt in range(1, 4):
        assert send_due(now=when) == (0, 1)
        email.refresh_from_db()
        assert email.attempts == attempt and "refused" in email.last_error.lower()
        errors = [line for line in stderr_log.getvalue().splitlines() if " ERROR " in line]
        # Only the last try needs someone: the operator is told then, and only then.
        assert len(errors) == (attempt == 3), errors
        when = email.next_try
    assert f"email {email.pk} given up on after 3 tries" in errors[0]
    assert email.failed is not None and send_due(now=when + timedelta(days=1)) == (0, 0)
    page = signed_in("ministry").get("/staff/submissions/email/?state=failed")
    html = page.content.decode()
    assert page.status_code == 200 and "later@example.org" in html


@pytest.mark.django_db(transaction=True)
def test_each_email_is_marked_sent_as_soon_as_the_server_accepts_it(smtp: Smtp) -> None:
    """A worker killed mid-batch sends again only the email in flight: when the server takes
    the n-th email, the n - 1 before it are already committed as sent."""
    seen: list[int] = []
    handler = smtp.inbox.handle_DATA

    async def counting(server: Any, session: Any, envelope: Any) -> str:
        # aiosmtpd's own thread: its database connection sees only what is committed.
        seen.append(await asyncio.to_thread(_committed_as_sent))
        return await handler(server, session, envelope)

    smtp.inbox.handle_DATA = counting  # type: ignore[method-assign]
    for n in range(5):
        queued(f"n{n}@example.org", n)
    assert send_due(now=NOW) == (5, 0)
    assert seen == [0, 1, 2, 3, 4]


def _committed_as_sent() -> int:
    from django.db import connection

    try:
        return Email.objects.filter(sent__isnull=False).count()
    finally:
        connection.close()


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


@pytest.mark.django_db
def test_an_smtp_server_that_never_answers_costs_one_timeout(
    settings: Any, silent_server: int
) -> None:
    _smtp_at(settings, silent_server)
    settings.EMAIL_TIMEOUT = 1
    for n in range(3):
        queued(f"n{n}@example.org", n)
    assert send_due(now=NOW) == (0, 1)  # the first found out; the rest wait for the next run
    tried = Email.objects.filter(attempts=1).get()
    assert "timed out" in tried.last_error and tried.failed is None
    assert Email.objects.filter(attempts=0, sent__isnull=True).count() == 2


@pytest.mark.django_db
def test_a_remote_that_never_answers_is_given_up_on_and_retried_with_the_same_commit(
    tmp_path: Path, settings: Any, live_data: Path, silent_server: int
) -> None:
    repo = _repository(tmp_path, live_data)
    settings.FORMS_PUBLISH_REPO = repo
    settings.FORMS_PUBLISH_REMOTE = f"git://127.0.0.1:{silent_server}/portal.git"
    settings.FORMS_GIT_TIMEOUT = 2
    item = _publication(tmp_path)
    assert publish_due(now=NOW) == (0, 1)  # before: TimeoutExpired out of the worker
    item.refresh_from_db()
    first = item.commit
    assert first and not item.pushed and item.attempts == 1 and item.done is None
    assert "no answer in 2 s" in item.last_error
    assert item.next_try == NOW + timedelta(minutes=1)
    # The remote comes back: the same local commit is pushed, none is made again.
    remote = tmp_path / "remote.git"
    _git(tmp_path, "init", "-q", "--bare", str(remote))
    settings.FORMS_PUBLISH_REMOTE = str(remote)
    assert publish_due(now=NOW + timedelta(minutes=2)) == (1, 0)
    item.refresh_from_db()
    assert item.commit == first and item.pushed and item.done
    assert _git(remote, "rev-parse", item.branch) == first


def _smtp_at(settings: Any, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once it is closed


def _git(repo: Path, *args: str) -> str:
    import subprocess

    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _repository(tmp_path: Path, data: Path) -> Path:
    import shutil

    repo = tmp_path / "portal"
    shutil.copytree(data, repo / "data")
    _git(tmp_path, "init", "-q", "-b", "main", str(repo))
    who = ["-c", "user.name=Ministry", "-c", "user.email=m@example.org"]
    _git(repo, *who, "add", "data")
    _git(repo, *who, "commit", "-qm", "Data")
    return repo


def _publication(tmp_path: Path) -> Publication:
    submission = Submission.objects.create(
        reference="REG-2222-3333", token="t", form_id="association-registration", lang="fr",
        answers={}, email="",
    )  # fmt: skip
    return Publication.objects.create(
        submission=submission,
        path="data/associations/worker-test.yaml",
        content="id: worker-test\n",
        message="Add association worker-test\n",
        branch=f"submissions/{submission.reference}",
        author_name="ministry",
        author_email="ministry@staff.invalid",
        next_try=NOW - timedelta(days=3650),
    )
