"""Personal data kept no longer than the retention period, and all of it given on request."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from forms_service.alerts.models import Subscription
from forms_service.staff.models import AuditEntry
from forms_service.submissions.models import Draft, Email, Submission
from tests.conftest import REPO
from tests.forms_service.filling import hidden_in
from tests.forms_service.test_applications import PATH, answers, post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_wait(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0


def applied(client: Client, email: str) -> Submission:
    check = post(client, "fr", answers(email=email)).content.decode()
    client.post(PATH.format(lang="fr"), {**hidden_in(check), "step": "confirm"})
    return Submission.objects.get(email=email)


def test_everything_about_an_email_is_given_on_request(client: Client, live_data: Path) -> None:
    mine = applied(client, "amal@example.org")
    applied(client, "other@example.org")
    Subscription.objects.create(email="amal@example.org", lang="ar", kinds=["calls"])
    Subscription.objects.create(email="other@example.org", lang="fr", kinds=["calls"])
    now = timezone.now()
    Draft.objects.create(
        key="k" * 32,
        form_id="project-application",
        lang="fr",
        email="Amal@example.org",
        data={"project_title": ["Bibliothèque"]},
        saved=now,
        link_expires=now,
        purge_after=now,
    )
    out = StringIO()
    call_command("personal-data", "AMAL@example.org", stdout=out)
    held = json.loads(out.getvalue())
    assert [s["reference"] for s in held["submissions"]] == [mine.reference]
    (only,) = held["submissions"]
    assert only["answers"]["project_title"] == "Soutien scolaire du samedi"
    assert sorted(only["attachments"]) == ["budget.pdf", "formulaire.pdf", "statuts.pdf"]
    assert only["emails"][0]["sent"] is None  # the confirmation, waiting in the outbox
    assert [(a["language"], a["about"]) for a in held["alerts"]] == [("ar", ["calls"])]
    assert [d["answers"] for d in held["saved_forms"]] == [{"project_title": ["Bibliothèque"]}]
    assert "other@example.org" not in out.getvalue()
    assert AuditEntry.objects.filter(action="exported-personal-data").count() == 1


def test_what_is_kept_too_long_is_removed_with_its_files(
    client: Client, live_data: Path, settings: Any
) -> None:
    old, recent = applied(client, "old@example.org"), applied(client, "new@example.org")
    long_ago = timezone.now() - timedelta(days=settings.FORMS_RETENTION_DAYS + 1)
    Submission.objects.filter(pk=old.pk).update(created=long_ago)
    files = settings.FORMS_UPLOAD_DIR / "files"
    old_files = [files / a.stored for a in old.files.all()]
    assert all(p.exists() for p in old_files)
    out = StringIO()
    call_command("purge", "--dry-run", stdout=out)
    assert out.getvalue().startswith("1 submissions are older")
    call_command("purge", stdout=out)
    assert "removed 1 submissions, 3 attachments and 1 emails" in out.getvalue()
    assert list(Submission.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not any(p.exists() for p in old_files)
    assert all((files / a.stored).exists() for a in recent.files.all())
    assert Email.objects.count() == 1


@pytest.mark.parametrize(
    "lang,period", [("ar", "ثلاث سنوات"), ("fr", "Trois ans"), ("en", "Three years")]
)
def test_the_privacy_notice_says_what_the_service_does(
    settings: Any, lang: str, period: str
) -> None:
    notice = (REPO / "content" / lang / "about" / "privacy.md").read_text(encoding="utf-8")
    assert settings.FORMS_RETENTION_DAYS == 3 * 365  # what the notice promises
    assert period in notice and "09-08" in notice
    # Saved forms and alerts: the periods the notice gives, in its own words.
    assert settings.FORMS_DRAFT_LINK_DAYS == settings.FORMS_DRAFT_RETENTION_DAYS == 30
    assert settings.ALERTS_CONFIRM_DAYS == 7
    assert "30" in notice and "7" in notice
