"""What caches may keep of the service's pages. Every page is drawn for one visitor (its form
token, its answers): no shared cache (a CDN, an office's proxy) may keep one. Those that show
personal data — the confirmation with its reference and consulate, a status, a saved form,
an alert's address — are not kept by the browser either. Before, none said anything: a cache
in front could have shown one person's confirmation to whoever opened its address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

from forms_service.alerts.models import Subscription
from forms_service.worker.outbox import send_due
from tests.forms_service.conftest import Smtp
from tests.forms_service.test_alerts import confirmed
from tests.forms_service.test_contact import ANSWERS, hidden
from tests.forms_service.test_drafts import LINK, start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0


def directives(response: HttpResponse) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def kept_by_no_one(response: HttpResponse) -> None:
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response), response.get("Cache-Control")


def test_a_form_page_is_kept_by_no_shared_cache(client: Client) -> None:
    """The browser may keep it (its back button brings back what was typed), a shared cache
    may not, and the browser asks again before showing it anew."""
    for path in ("/ar/forms/contact/", "/fr/forms/", "/en/forms/eligibility/"):
        response = client.get(path)
        assert response.status_code == 200
        assert directives(response) == {"private", "no-cache"}, path


def test_the_confirmation_and_a_status_are_kept_by_no_one(client: Client) -> None:
    done = client.post("/en/forms/contact/", {**ANSWERS, **hidden(client, "en")})
    received = client.get(done["Location"])
    reference = done["Location"].rstrip("/").rsplit("/", 1)[1]
    assert reference in received.content.decode()
    kept_by_no_one(received)
    asked = {"reference": reference, "email": ANSWERS["email"]}
    status = client.post("/en/forms/status/", asked)
    assert reference in status.content.decode()
    kept_by_no_one(status)


def test_a_saved_form_is_kept_by_no_one(client: Client, smtp: Smtp, live_data: Path) -> None:
    full, _page = start(client, "fr", live_data)
    assert send_due() == (1, 0)
    link = LINK.search(smtp.inbox.messages[0].get_content())
    assert link
    kept_by_no_one(client.get(link.group(1)))
    opened = client.post(link.group(1), {"email": full["email"]})
    assert full["association_name"] in opened.content.decode()
    kept_by_no_one(opened)


def test_an_alerts_address_is_kept_by_no_one(client: Client, live_data: Path) -> None:
    sub = confirmed(lang="en")
    stop = client.get(f"/en/forms/alerts/unsubscribe/{sub.token}/")
    assert sub.email in stop.content.decode()
    kept_by_no_one(stop)
    waiting = Subscription.objects.create(email="b@example.org", lang="en", kinds=["calls"])
    asked = client.get(f"/en/forms/alerts/confirm/{waiting.token}/")
    assert waiting.email in asked.content.decode()
    kept_by_no_one(asked)
