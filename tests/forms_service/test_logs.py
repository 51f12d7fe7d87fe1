"""With DEBUG off, a server error is logged to stderr with its path, status, traceback,
submission reference and request id, and without the answers or an email address."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from forms_service.submissions.models import Submission
from tests.forms_service.filling import hidden_in
from tests.forms_service.test_applications import PATH, answers, post
from tests.forms_service.test_contact import ANSWERS

pytestmark = pytest.mark.django_db


def test_a_server_error_is_logged_without_the_answers(
    stderr_log: io.StringIO, settings: Any
) -> None:
    settings.ROOT_URLCONF = "tests.forms_service.failing_urls"
    client = Client(raise_request_exception=False)  # the answer a browser would get
    failed = client.post("/en/forms/fails/", ANSWERS)
    assert failed.status_code == 500
    text = stderr_log.getvalue()
    (line,) = [line for line in text.splitlines() if "Internal Server Error" in line]
    # The id the person was given (the response's header) finds the line and its traceback.
    request = failed["X-Request-ID"]
    assert line.endswith(f"[status 500, reference -, request {request}] Internal Server Error:"
                         " /en/forms/fails/")  # fmt: skip
    assert "Traceback (most recent call last)" in text and "ValueError: cannot take" in text
    for answer in ANSWERS.values():
        assert answer not in text
    assert "@" not in text


def test_a_server_error_names_the_submission(
    client: Client, live_data: Path, settings: Any, stderr_log: io.StringIO
) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    check = post(client, "en", answers()).content.decode()
    done = client.post(PATH.format(lang="en"), {**hidden_in(check), "step": "confirm"})
    reference = Submission.objects.get().reference
    # The consular posts' file is broken (say, by a bad edit): the confirmation page fails.
    (live_data / "taxonomies" / "consular-posts.yaml").write_text("posts: [", encoding="utf-8")
    client.raise_request_exception = False
    failed = client.get(done["Location"])
    assert failed.status_code == 500
    text = stderr_log.getvalue()
    request = failed["X-Request-ID"]
    assert f"status 500, reference {reference}, request {request}]" in text
    assert done["Location"] in text
    assert "Traceback (most recent call last)" in text
    assert "amal@example.org" not in text and "Amal Benali" not in text
