"""A confirmation page (reference, consular post) shows only in the browser that sent the
form: anyone else gets the same 404 as for a reference that does not exist."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.forms_service.filling import REFERENCE, hidden_in
from tests.forms_service.test_applications import PATH, POST_LABEL, answers, post

pytestmark = pytest.mark.django_db


def test_only_the_sender_sees_the_confirmation_page(
    client: Client, live_data: Path, settings: Any
) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0  # posted at once
    check = post(client, "fr", answers())
    done = client.post(
        PATH.format(lang="fr"), {**hidden_in(check.content.decode()), "step": "confirm"}
    )
    received = done["Location"]
    reference = REFERENCE.search(received)
    assert reference
    mine = client.get(received)
    assert mine.status_code == 200
    assert reference.group() in mine.content.decode() and POST_LABEL["fr"] in mine.content.decode()

    other = Client().get(received)  # another browser, with the address
    unknown = Client().get(received.replace(reference.group(), "APP-2222-2222"))
    assert unknown.status_code == 404
    assert (other.status_code, other.content) == (unknown.status_code, unknown.content)
    assert client.get(received).status_code == 200  # the sender's, still
