"""GET /healthz: an instance says whether it can take a post now (its database and its
cache answer), on its own address, whatever the production settings, and says nothing else."""

from __future__ import annotations

import io
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client


@pytest.fixture
def production(settings: Any) -> None:
    """As the units run it: only the public name allowed, HTTPS required behind nginx."""
    settings.ALLOWED_HOSTS = ["partenariat.example.ma"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.django_db
def test_an_instance_polled_on_its_own_address_says_ok(production: None) -> None:
    answer = Client(HTTP_HOST="127.0.0.1:8001").get("/healthz")
    assert answer.status_code == 200
    assert answer.content == b"ok\n" and answer["Content-Type"].startswith("text/plain")
    assert answer["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_head_is_answered_too(production: None) -> None:
    assert Client(HTTP_HOST="127.0.0.1:8001").head("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_database_that_does_not_answer_is_a_503_naming_it_and_nothing_more(
    production: None, stderr_log: io.StringIO
) -> None:
    refused = OperationalError('connection to server at "10.0.0.5", port 5432 failed')
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=refused):
        answer = Client(HTTP_HOST="127.0.0.1:8001").get("/healthz")
    assert answer.status_code == 503
    # The cache is the database's too here (no REDIS_URL); never the error's text.
    assert answer.content == b"unavailable: database, cache\n"
    assert "WARNING forms_service.health" in stderr_log.getvalue()


@pytest.mark.django_db
def test_a_cache_that_does_not_answer_is_a_503(production: None) -> None:
    with mock.patch("django.core.cache.cache.get", side_effect=ConnectionError("redis")):
        answer = Client(HTTP_HOST="127.0.0.1:8001").get("/healthz")
    assert answer.status_code == 503 and answer.content == b"unavailable: cache\n"


@pytest.mark.django_db
def test_a_post_to_it_goes_the_usual_way(production: None) -> None:
    """Only a poll is answered early: anything else meets the host check as before."""
    answer = Client(HTTP_HOST="127.0.0.1:8001").post("/healthz")
    assert answer.status_code == 400
