"""What a contact form's submission writes, and how: one transaction for the submission, its
outbox email and its rate-limit counts; no session; the sent references in a signed cookie.
(How fast it goes is bench/bench_submissions.py's to measure, never a test's.)"""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forms_service.submissions import sent, storing
from forms_service.submissions.models import Email, RateCount, Submission
from tests.forms_service.test_contact import ANSWERS, hidden

# BEGIN, the counters' one upsert, the submission, its outbox email, COMMIT: 5 on SQLite
# (PostgreSQL logs no BEGIN nor COMMIT); a resent post is found by the token's unique index.
# It was 20 and more: the form token looked up by the ORM, the counters in Django's database
# cache (several queries and a commit each), and the session written.
MOST_QUERIES = 5


@pytest.mark.django_db(transaction=True)  # real transactions: BEGIN and COMMIT, not savepoints
def test_a_submission_makes_one_transaction_and_few_queries(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    client = Client()
    fields = hidden(client, "en")
    with CaptureQueriesContext(connection) as queries:
        done = client.post("/en/forms/contact/", {**ANSWERS, **fields})
    assert done.status_code == 303
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) <= MOST_QUERIES, statements
    assert not any("django_session" in s or "forms_cache" in s for s in statements)
    assert sum(s.startswith("COMMIT") for s in statements) <= 1
    assert Submission.objects.count() == Email.objects.count() == 1
    counters = RateCount.objects.values_list("hits", flat=True)
    assert sorted(counters) == [1, 1]  # this address, this email: counted once each


@pytest.mark.django_db
def test_the_limits_count_in_their_table_keyed_by_a_hash(settings: Any) -> None:
    """One row per counter, whatever the number of posts; neither the address nor the email
    in it; and `purge` removes a counter whose window has ended."""
    settings.FORMS_MIN_FILL_SECONDS = 0
    settings.FORMS_RATE_PER_IP, settings.FORMS_RATE_PER_EMAIL = "5/h", "5/h"
    client = Client()
    for _ in range(3):
        fields = hidden(client, "en")
        assert client.post("/en/forms/contact/", {**ANSWERS, **fields}).status_code == 303
    rows = list(RateCount.objects.values_list("counter", "hits", "ends"))
    assert sorted(hits for _c, hits, _e in rows) == [3, 3]
    assert not any(ANSWERS["email"] in c or "127.0.0.1" in c for c, _h, _e in rows)
    assert all(ends > time.time() for _c, _h, ends in rows)

    RateCount.objects.update(ends=int(time.time()) - 1)  # the windows have ended
    said = io.StringIO()
    call_command("purge", stdout=said)
    assert "removed 2 rate-limit counters" in said.getvalue()
    assert not RateCount.objects.exists()


@pytest.mark.django_db
def test_the_sent_references_are_a_signed_cookie_not_a_session(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    client = Client()
    done = client.post("/en/forms/contact/", {**ANSWERS, **hidden(client, "en")})
    assert done.status_code == 303
    assert settings.SESSION_COOKIE_NAME not in done.cookies  # no session row written
    cookie = done.cookies[sent.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    reference = done["Location"].rstrip("/").rsplit("/", 1)[1]
    assert client.get(done["Location"]).status_code == 200

    forger = Client()  # the reference known, the cookie made up without the key
    forger.cookies[sent.COOKIE] = reference
    assert forger.get(done["Location"]).status_code == 404


def test_the_rows_a_submission_inserts_have_no_signal_receiver() -> None:
    """rows.insert writes a submission and its email without save(), so without Django's
    model signals: a receiver added to either would silently never run. Move it to storing.py
    or give up rows.insert for that model."""
    from django.db.models import signals

    for model in (Submission, Email):
        for signal in (signals.pre_save, signals.post_save):
            assert not signal.has_listeners(model), (model.__name__, signal)


@pytest.mark.django_db(transaction=True)
def test_a_reference_already_given_is_drawn_again_not_a_500(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """References are drawn at random: were one drawn twice, the unique index refuses the
    second row. The post is then stored under another reference, its email saying that one."""
    settings.FORMS_MIN_FILL_SECONDS = 0
    client = Client()
    done = client.post("/en/forms/contact/", {**ANSWERS, **hidden(client, "en")})
    taken = done["Location"].rstrip("/").rsplit("/", 1)[1]
    draws = iter([taken, "MSG-2345-6789"])  # the next draw hits the one given; then another
    monkeypatch.setattr(storing, "new_reference", lambda prefix: next(draws))
    again = client.post("/en/forms/contact/", {**ANSWERS, **hidden(client, "en")})
    assert again.status_code == 303
    assert again["Location"].rstrip("/").endswith("/MSG-2345-6789")
    assert Submission.objects.count() == Email.objects.count() == 2
    email = Email.objects.get(submission__reference="MSG-2345-6789")
    assert "MSG-2345-6789" in email.subject + email.body and taken not in email.body


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["x" * 5000, "short", "bad token with spaces and ' quotes"])
def test_a_crafted_token_is_no_token(settings: Any, token: str) -> None:
    """Only a token shaped as the page's is taken: a longer one than its column was a
    database error (a 503) on PostgreSQL. The form comes back with a token of its own."""
    settings.FORMS_MIN_FILL_SECONDS = 0
    client = Client()
    page = client.post("/en/forms/contact/", {**ANSWERS, **hidden(client, "en"), "token": token})
    assert page.status_code == 400
    assert not Submission.objects.exists()
    assert 'name="token" value="' in page.content.decode() and token not in page.content.decode()
