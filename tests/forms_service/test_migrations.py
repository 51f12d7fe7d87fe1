"""A model moved between apps keeps the database as it was: Publication, from the staff app to
submissions (submissions' migration 0010, staff's 0005), on SQLite as on PostgreSQL
(DATABASE_URL; test_postgres.py runs this file there too). A database migrated before the
move keeps its table, its rows and its content type, forwards and back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps as Apps

from forms_service.submissions.models import Publication, Submission

# The service's apps' last migrations before the move (Django's own apps stay at their latest).
BEFORE = [
    ("submissions", "0009_labels"),
    ("staff", "0004_labels"),
    ("alerts", "0002_subscription_confirmation"),
]
QUEUED = {
    "path": "data/associations/amal.yaml",
    "replaces": False,
    "content": "id: amal\nname: Amal\n",
    "message": "Add association amal (ASSOC-2345-6789)\n\nApproved by Salma: checked.\n",
    "branch": "submissions/ASSOC-2345-6789",
    "author_name": "Salma",
    "author_email": "salma@staff.invalid",
    "attempts": 2,
    "next_try": datetime(2030, 5, 1, 9, 30, tzinfo=UTC),
    "commit": "deadbeef" * 5,  # a sha's length, without its entropy (test_no_secrets.py)
    "last_error": "git push: the remote hung up",
}


def migrate(ours: list[tuple[str, str]] | None = None) -> Apps:
    """The database migrated to `ours` (None: the latest), every other app at its latest;
    the models as they are there."""
    executor = MigrationExecutor(connection)
    mine = {app for app, _name in BEFORE}
    latest = executor.loader.graph.leaf_nodes()
    targets = [n for n in latest if n[0] not in mine] + ours if ours else latest
    executor.migrate(targets)
    # A fresh loader: it sees what is applied now.
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)  # migrations need SQLite outside a transaction
def test_a_record_queued_before_the_move_is_read_back_in_its_new_app() -> None:
    old = migrate(BEFORE)
    submission = old.get_model("submissions", "Submission").objects.create(
        reference="ASSOC-2345-6789",
        token="t" * 32,
        form_id="association-registration",
        lang="fr",
        email="amal@example.org",
        answers={"association_name": "Amal"},
    )
    queued = old.get_model("staff", "Publication").objects.create(submission=submission, **QUEUED)
    # As `migrate` left it on a database in use: the model's content type, under staff.
    types = old.get_model("contenttypes", "ContentType").objects
    kind = types.get_or_create(app_label="staff", model="publication")[0]

    migrate()
    ContentType.objects.clear_cache()

    assert "staff_publication" in connection.introspection.table_names()
    found = Publication.objects.get()
    assert found.pk == queued.pk and found.submission.reference == "ASSOC-2345-6789"
    assert {name: getattr(found, name) for name in QUEUED} == QUEUED
    assert found.done is None and not found.pushed and found.failed is None
    assert ContentType.objects.get_for_model(Publication).pk == kind.pk
    assert not ContentType.objects.filter(app_label="staff", model="publication").exists()


@pytest.mark.django_db(transaction=True)
def test_migrating_back_before_the_move_keeps_the_rows_too() -> None:
    migrate()
    submission = Submission.objects.create(
        reference="ASSOC-2345-6789",
        token="t" * 32,
        form_id="association-registration",
        lang="fr",
        answers={},
    )
    Publication.objects.create(submission=submission, **QUEUED)
    ContentType.objects.get_for_model(Publication)  # made, as `migrate` makes it

    old = migrate(BEFORE)
    row = old.get_model("staff", "Publication").objects.get()
    assert row.path == QUEUED["path"] and row.submission_id == submission.pk
    assert (
        old.get_model("contenttypes", "ContentType")
        .objects.filter(app_label="staff", model="publication")
        .exists()
    )

    migrate()  # and forwards again, as every other test expects the database
    ContentType.objects.clear_cache()
    assert Publication.objects.get().commit == QUEUED["commit"]
