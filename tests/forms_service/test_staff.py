"""The staff area at /staff/: signed-in staff only, and a submission is there at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.forms_service.filling import hidden

pytestmark = pytest.mark.django_db


def test_the_staff_area_asks_to_sign_in(client: Client) -> None:
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    User.objects.create_user("visitor", password="a-long-pass-phrase")  # not staff
    client.login(username="visitor", password="a-long-pass-phrase")
    assert client.get("/staff/submissions/submission/").status_code == 302


def test_staff_find_a_submission_just_made(client: Client, settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    answers = {
        "name": "Amal Benali",
        "email": "amal@example.org",
        "topic": "project-support",
        "message": "Bonjour",
    }
    sent = client.post("/fr/forms/contact/", {**answers, **hidden(client, "/fr/forms/contact/")})
    reference = sent["Location"].rstrip("/").rsplit("/", 1)[1]
    User.objects.create_superuser("amina", password="a-long-pass-phrase")
    staff = Client()
    assert staff.login(username="amina", password="a-long-pass-phrase")
    listing = staff.get("/staff/submissions/submission/", {"q": reference})
    assert listing.status_code == 200 and reference in listing.content.decode()
    assert "Content-Security-Policy" in listing.headers
