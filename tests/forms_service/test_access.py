"""One log line per request (forms_service/access.py): its id, method, path, status, duration
and reference, and never the query string, the answers or an email address; the proxy's
X-Request-ID kept when it is a plain token, replaced otherwise, and sent back."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client

from forms_service.submissions.models import Submission
from tests.forms_service.test_contact import ANSWERS, hidden

pytestmark = pytest.mark.django_db
GENERATED = re.compile(r"[0-9a-f]{32}")  # as nginx's $request_id


def access_lines(log: io.StringIO) -> list[str]:
    return [line for line in log.getvalue().splitlines() if " forms_service.access " in line]


def test_a_request_is_one_line_with_what_it_was_and_nothing_typed(
    stderr_log: io.StringIO, settings: Any
) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    client = Client()
    fields = hidden(client, "fr")
    stderr_log.truncate(0)
    stderr_log.seek(0)
    sent = client.post(
        "/fr/forms/contact/?from=amal@example.org&q=secret-word",
        {**ANSWERS, **fields},
        headers={"X-Request-ID": "nginx-req.2026:42"},
    )
    assert sent.status_code == 303
    reference = Submission.objects.get().reference
    (line,) = access_lines(stderr_log)
    assert re.search(
        rf" INFO forms_service\.access \[status 303, reference {reference},"
        r" request nginx-req\.2026:42\] POST /fr/forms/contact/ \d+ ms$",
        line,
    ), line
    # The reference aside: drawn at random, it may hold a short answer ("FR" in MSG-52VG-RWFR).
    text = stderr_log.getvalue().replace(reference, "[reference]")
    assert "?" not in text and "secret-word" not in text and "@" not in text
    for answer in ANSWERS.values():
        assert answer not in text


def test_each_request_has_its_line_and_a_page_without_a_submission_names_none(
    stderr_log: io.StringIO,
) -> None:
    client = Client()
    assert client.get("/en/forms/contact/").status_code == 200
    assert client.get("/en/forms/nothing-here/").status_code == 404
    shown, missing = access_lines(stderr_log)
    assert "[status 200, reference -, request " in shown and "GET /en/forms/contact/ " in shown
    assert "[status 404, reference -, request " in missing


def test_a_path_cannot_break_the_line(stderr_log: io.StringIO) -> None:
    """Decoded, a path may hold spaces and line breaks (%20, %0A): it is written escaped."""
    assert Client().get("/en/forms/a%0Ab%20c/").status_code == 404
    (line,) = access_lines(stderr_log)
    assert "] GET /en/forms/a%0Ab%20c/ " in line and line.endswith(" ms") and "b c" not in line
    assert len(stderr_log.getvalue().splitlines()) == 1


@pytest.mark.parametrize(
    "given",
    [
        "7f3c9a0e12ab4cd58e6f0a1b2c3d4e5f",  # nginx's $request_id  # pragma: allowlist secret
        "0d5a8c2e-3b1f-4e6a-9c7d-2f4b6a8c0e1d",  # a UUID
        "a" * 128,
    ],
)
def test_a_well_formed_request_id_passes_through(stderr_log: io.StringIO, given: str) -> None:
    response = Client().get("/en/forms/contact/", headers={"X-Request-ID": given})
    assert response["X-Request-ID"] == given
    (line,) = access_lines(stderr_log)
    assert f", request {given}] GET " in line


@pytest.mark.parametrize(
    "given",
    [
        "a" * 129,  # too long
        "abc def",  # a space
        'abc"def',
        "amal@example.org",
        "x\tforged line",
        "",
    ],
)
def test_a_malformed_request_id_is_replaced(stderr_log: io.StringIO, given: str) -> None:
    response = Client().get("/en/forms/contact/", headers={"X-Request-ID": given})
    made = response["X-Request-ID"]
    assert GENERATED.fullmatch(made)
    (line,) = access_lines(stderr_log)
    assert f", request {made}] GET " in line
    assert not given or given not in stderr_log.getvalue()


def test_without_one_each_request_gets_its_own(stderr_log: io.StringIO) -> None:
    client = Client()
    ids = {client.get("/en/forms/contact/")["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3 and all(GENERATED.fullmatch(i) for i in ids)


@pytest.mark.parametrize(
    "path",
    [
        "/fr/forms/project-application/resume/{}/",
        "/en/forms/alerts/confirm/{}/",
        "/ar/forms/alerts/unsubscribe/{}/",
    ],
)
def test_a_secret_in_the_path_is_not_logged(stderr_log: io.StringIO, path: str) -> None:
    """A saved form's link opens its answers and files for whoever has it: the database keeps
    its hash only, and the log (the access line, Django's "Not Found") none of it."""
    secret = "Zq8Wn3kVb5TfLr2Hx9YmCd4Pj7Ge6Sa"  # pragma: allowlist secret
    answered = Client().get(path.format(secret))
    assert answered.status_code in (200, 302, 404, 410)
    text = stderr_log.getvalue()
    assert path.format("[secret]") in text
    assert secret not in text
