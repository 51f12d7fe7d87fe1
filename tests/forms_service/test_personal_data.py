"""Personal data kept no longer than the retention period, and all of it given on request."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import EmailField
from django.test import Client

from forms_service import clock, definitions
from forms_service.alerts.models import Subscription
from forms_service.alerts.notify import notify
from forms_service.staff import personal
from forms_service.staff.models import AuditEntry
from forms_service.submissions import drafts
from forms_service.submissions.answers import Carried
from forms_service.submissions.models import Draft, Email, Submission
from tests.conftest import REPO
from tests.forms_service.filling import hidden_in
from tests.forms_service.test_alerts import subscribe
from tests.forms_service.test_applications import PATH, answers, post
from tests.forms_service.test_partnerships import AUTHOR, published, reply

pytestmark = pytest.mark.django_db
NOW = datetime(2031, 3, 14, 9, 30, tzinfo=UTC)


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
    now = clock.now()
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
    long_ago = clock.now() - timedelta(days=settings.FORMS_RETENTION_DAYS + 1)
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


# Every row holding an address, whatever made it: a partnership answer (its confirmation, and
# the message forwarded to the request's authors with the address to reply to), alerts, a draft.
ADDRESS = "amal@example.org"


def everything_about_amal(client: Client, live_data: Path) -> dict[str, Any]:
    """Amal answers a published partnership request, asks for alerts, gets one, saves a
    draft, and is named as an association's public address in someone else's registration."""
    published(live_data, "jusoor-2027", "fr")
    reply(client, "fr", live_data, "jusoor-2027")
    subscribe(client, "ar")
    Subscription.objects.update(confirmed=NOW)
    assert notify(live_data).emails == 1
    definition = definitions.load(live_data)["project-application"]
    fields = definitions.form_class(definition, "fr", live_data, NOW).base_fields
    draft = drafts.save(
        None, definition, "fr", "Amal@Example.org", Carried({"project_title": ["Été"]}, {}),
        fields, NOW,
    )  # fmt: skip
    drafts.send_link(draft, definition, NOW)
    for n, public in enumerate(["AMAL@example.org", "x" + ADDRESS]):
        Submission.objects.create(
            reference=f"ASS-2345-678{n}",
            token=f"registration-{n}",
            form_id="association-registration",
            lang="fr",
            email=f"other{n}@example.org",
            answers={"email": f"other{n}@example.org", "public_email": public},
        )
    out = StringIO()
    call_command("personal-data", "AMAL@example.org", stdout=out)
    return dict(json.loads(out.getvalue()))


def test_the_export_gives_every_row_holding_the_address(client: Client, live_data: Path) -> None:
    held = everything_about_amal(client, live_data)
    reply_ref = Submission.objects.get(form_id="partnership-reply").reference
    given = {s["reference"]: s for s in held["submissions"]}
    assert set(given) == {reply_ref, "ASS-2345-6780"}  # not the near miss, x+address
    assert given[reply_ref]["answers"]["message"] == "Nous aimerions travailler avec vous."
    # Named in someone else's answers: where, but not their answers.
    assert given["ASS-2345-6780"]["address_in"] == ["answers.public_email"]
    assert "answers" not in given["ASS-2345-6780"]
    emails = held["emails"]
    to_amal = [e for e in emails if e["address_in"] == ["to"]]
    # The reply's confirmation, the alerts' confirmation, one alert, the draft's link.
    assert len(to_amal) == 4 and all(e["sent"] is None for e in emails)
    (forwarded,) = [e for e in emails if e["address_in"] == ["headers.Reply-To"]]
    assert "Nous aimerions travailler avec vous." in forwarded["body"]
    (alerts,) = held["alerts"]
    assert alerts["language"] == "ar" and alerts["told"]
    assert [d["answers"] for d in held["saved_forms"]] == [{"project_title": ["Été"]}]
    text = json.dumps(held)
    # Not the authors' address (the site never shows it), nor the other applicants'.
    assert AUTHOR not in text and "other0@" not in text and "x" + ADDRESS not in text


def test_the_audit_log_keeps_a_keyed_hash_of_the_address(client: Client, live_data: Path) -> None:
    everything_about_amal(client, live_data)
    (entry,) = AuditEntry.objects.filter(action="exported-personal-data")
    logged = json.dumps(list(AuditEntry.objects.values()), default=str).lower()
    assert "amal" not in logged
    assert entry.detail == personal.address_hash(" amal@EXAMPLE.org")
    assert entry.detail != personal.address_hash("other0@example.org")
    assert entry.detail != hashlib.sha256(ADDRESS.encode()).hexdigest()  # keyed: not guessable
    # "Did we answer a request about this address?": recomputed from the address.
    out = StringIO()
    call_command("personal-data", "Amal@example.org", "--asked", stdout=out)
    assert out.getvalue() == f"exported on {entry.at.isoformat()}\n"
    call_command("personal-data", "other0@example.org", "--asked", stdout=out)
    assert out.getvalue().endswith("no export of personal data about this address\n")
    assert AuditEntry.objects.filter(action="exported-personal-data").count() == 1


def test_sent_emails_are_removed_after_the_retention_period(settings: Any) -> None:
    retention = timedelta(days=settings.FORMS_RETENTION_DAYS)
    kept = Submission.objects.create(
        reference="MSG-2345-6789", token="t", form_id="contact", lang="fr", email=ADDRESS,
        answers={"email": ADDRESS},
    )  # fmt: skip
    Submission.objects.filter(pk=kept.pk).update(created=NOW - timedelta(days=1))

    def email(sent: datetime | None, submission: Submission | None = None) -> Email:
        return Email.objects.create(
            to=ADDRESS, subject="s", body="b", next_try=NOW, sent=sent, submission=submission
        )

    old = email(NOW - retention - timedelta(days=1))
    recent = email(NOW - retention + timedelta(days=1))
    waiting = email(None)  # not sent yet: the outbox still has to send it
    of_kept = email(NOW - retention - timedelta(days=1), kept)  # goes with its submission
    gone = personal.purge(NOW)
    assert gone["sent_emails"] == 1 and gone["submissions"] == 0
    left = set(Email.objects.values_list("pk", flat=True))
    assert old.pk not in left and left == {recent.pk, waiting.pk, of_kept.pk}


def address_fields() -> set[tuple[str, str]]:
    """(model, field) of every model, Django's and third parties' included, whose field is
    an EmailField or is named like one holding an address. Relations hold ids, not
    addresses: the rows they point to are covered by their own model."""
    named = re.compile(r"(^|_)(e?mail|to|address|reply_to|recipients?|cc|bcc|sender|from)($|_)")
    return {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and not field.is_relation
        and (isinstance(field, EmailField) or named.search(field.name))
    }


def test_every_address_in_the_database_is_exported_and_purged() -> None:
    found = address_fields()
    assert ("submissions.Submission", "email") in found and ("auth.User", "email") in found
    registered = {(h.model._meta.label, name) for h in personal.HOLDERS for name in h.fields}
    missing = found - registered - set(personal.NOT_HELD)
    assert not missing, f"add these to personal.HOLDERS (or NOT_HELD, saying why): {missing}"
    for label, name in registered | set(personal.NOT_HELD):
        apps.get_model(label)._meta.get_field(name)  # no stale entry
    assert not registered & set(personal.NOT_HELD)


@pytest.mark.django_db(transaction=True)  # migrations need SQLite outside a transaction
def test_addresses_logged_before_are_replaced_by_their_hash() -> None:
    before = [("staff", "0001_roles_audit_publications")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    logged = executor.loader.project_state(before).apps.get_model("staff", "AuditEntry")
    logged.objects.create(action="exported-personal-data", detail="Amal@example.org")
    logged.objects.create(action="downloaded", detail="statuts.pdf")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    details = set(AuditEntry.objects.values_list("detail", flat=True))
    assert details == {personal.address_hash(ADDRESS), "statuts.pdf"}
