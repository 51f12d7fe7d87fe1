"""PORTAL_ORIGIN: every link in the service's emails is on the portal's public address, as
received through a real SMTP server — a submission's confirmation and its review, a saved
form's link, an alert's confirmation, the alert and its unsubscribe header. The variable is
checked when the service starts, and `check --deploy` says when it is left at the default."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from forms_service.alerts.notify import notify
from forms_service.staff.review import change_status
from forms_service.submissions.models import Submission
from forms_service.worker.outbox import send_due
from tests.conftest import REPO
from tests.forms_service.conftest import Smtp
from tests.forms_service.test_alerts import add_call, subscribe
from tests.forms_service.test_contact import ANSWERS, hidden
from tests.forms_service.test_drafts import start
from tests.forms_service.test_security import PRODUCTION, deploy_check

PUBLIC = "https://partenariat.example.ma"
URL = re.compile(r"https?://[^\s>]+")


@pytest.fixture(autouse=True)
def public(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    settings.PORTAL_ORIGIN = PUBLIC


def links(smtp: Smtp) -> list[str]:
    """Every address in the emails received, bodies and headers."""
    found = []
    for mail in smtp.inbox.messages:
        found += URL.findall(mail.get_content())
        found += URL.findall(str(mail.get("List-Unsubscribe", "")))
    return found


def all_public(found: list[str]) -> None:
    assert found, "no link at all"
    assert all(url.startswith(PUBLIC + "/") for url in found), found


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_a_confirmation_and_a_review_link_to_the_status_page(
    client: Client, smtp: Smtp, lang: str
) -> None:
    response = client.post(f"/{lang}/forms/contact/", {**ANSWERS, **hidden(client, lang)})
    assert response.status_code == 303
    change_status(Submission.objects.get(), User.objects.create(username="amina"), "answered", "")
    assert send_due() == (2, 0)
    assert links(smtp) == [f"{PUBLIC}/{lang}/forms/status/"] * 2


@pytest.mark.django_db
def test_a_saved_form_links_to_the_public_address(
    client: Client, smtp: Smtp, live_data: Path
) -> None:
    start(client, "fr", live_data)
    assert send_due() == (1, 0)
    (link,) = links(smtp)
    assert link.startswith(f"{PUBLIC}/fr/forms/project-application/resume/")


@pytest.mark.django_db
def test_alerts_link_to_the_public_address(client: Client, smtp: Smtp, live_data: Path) -> None:
    subscribe(client, "en")
    assert send_due() == (1, 0)
    (confirm,) = links(smtp)
    assert confirm.startswith(f"{PUBLIC}/en/forms/alerts/confirm/")
    client.post(confirm.removeprefix(PUBLIC))
    add_call(live_data, "new-call")
    notify(live_data)
    assert send_due() == (1, 0)
    found = links(smtp)
    all_public(found)
    assert f"{PUBLIC}/en/calls/new-call/" in found
    unsubscribe = [url for url in found if "/unsubscribe/" in url]
    assert len(unsubscribe) == 2  # in the body and in List-Unsubscribe, the same
    assert len(set(unsubscribe)) == 1


def settings_of(**env: str) -> subprocess.CompletedProcess[str]:
    """The service's settings as a fresh process reads them from this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FORMS_", "PORTAL_"))}
    code = "from django.conf import settings; print(settings.PORTAL_ORIGIN)"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "forms_service.settings", **env},
        cwd=REPO,
        capture_output=True,
        text=True,
    )


def test_the_service_reads_portal_origin() -> None:
    assert settings_of().stdout == "http://127.0.0.1:8000\n"
    assert settings_of(PORTAL_ORIGIN="HTTPS://Partenariat.Example.MA/").stdout == PUBLIC + "\n"


@pytest.mark.parametrize(
    "env,said",
    [
        ({"PORTAL_ORIGIN": "partenariat.example.ma"}, "must start with https://"),
        ({"PORTAL_ORIGIN": "https://example.github.io/portal/"}, "not under a sub-path"),
        ({"FORMS_ORIGIN": PUBLIC}, "FORMS_ORIGIN is now PORTAL_ORIGIN"),
    ],
)
def test_a_wrong_address_stops_the_service(env: dict[str, str], said: str) -> None:
    done = settings_of(**env)
    assert done.returncode != 0 and "ImproperlyConfigured" in done.stderr
    assert said in done.stderr


def test_the_deployment_check_wants_the_public_address_over_https(tmp_path: Path) -> None:
    key = {"FORMS_SECRET_KEY": secrets.token_urlsafe(50)}
    # (With a public https:// address, the same settings pass: test_security.py.)
    for origin, warning in [("", "portal.W001"), ("http://partenariat.example.ma", "portal.W002")]:
        done = deploy_check(tmp_path, **{**PRODUCTION, **key, "PORTAL_ORIGIN": origin})
        assert done.returncode != 0
        assert warning in done.stderr and "identified 1 issue" in done.stderr, done.stderr
