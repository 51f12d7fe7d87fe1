"""What the service keeps: submissions, the emails still to send (the outbox), and the
records still to publish."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

# Reference numbers are read aloud and typed by hand: no 0 or O, 1 or I or L, no U (V).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # pragma: allowlist secret


def new_reference(prefix: str) -> str:
    """e.g. MSG-7K3Q-9MXD: 30^8 (6.6e11) values, drawn at random."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


class Submission(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    # One per form page shown: a double click or a resent POST finds the first submission.
    token = models.CharField(max_length=64, unique=True)
    form_id = models.CharField(max_length=80)
    lang = models.CharField(max_length=3)  # portal_contract.languages.CODE: zgh too
    email = models.EmailField(max_length=254, blank=True)
    answers = models.JSONField()
    status = models.CharField(max_length=20, default="received")
    created = models.DateTimeField(auto_now_add=True)
    # The consular post whose jurisdiction covers the host country and city given, if any:
    # its staff see this submission, and no other post's staff do.
    post = models.CharField(max_length=80, blank=True, db_index=True)
    # The call or training the submission is about, if any.
    subject = models.CharField(max_length=120, blank=True, db_index=True)

    class Meta:
        verbose_name = gettext_lazy("submission")
        verbose_name_plural = gettext_lazy("submissions")


class Attachment(models.Model):
    """A checked PDF, stored as uploads/files/<stored> (a random name, outside the site)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    field = models.CharField(max_length=80)
    stored = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = gettext_lazy("attachment")
        verbose_name_plural = gettext_lazy("attachments")


class Seats(models.Model):
    """One row per training, locked while a registration is counted against its seats."""

    training = models.CharField(max_length=120, primary_key=True)


# What the outbox leaves of a body that held a secret, once sent (staff and database only).
REDACTED = "[Removed once sent: this email carried a secret link, which only its recipient keeps.]"


class ShortenedCharField(models.CharField):
    """A line made from others' words (a published partnership's name and city in a subject,
    a reviewer's full name) that may be longer than its column: shortened with an ellipsis
    as it is saved, rather than refused by PostgreSQL (SQLite keeps it whole) and, with it,
    the answer or the approval that made it."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)
        if isinstance(value, str) and self.max_length and len(value) > self.max_length:
            value = value[: self.max_length - 1].rstrip() + "…"
            setattr(model_instance, self.attname, value)
        return value


class Email(models.Model):
    """An email to send; the worker (`forms-service send_outbox`) sends it, with retries."""

    DONE = "sent"  # the column that says it is done (forms_service/retries.py)

    submission = models.ForeignKey(
        Submission, null=True, on_delete=models.SET_NULL, related_name="emails"
    )
    to = models.EmailField(gettext_lazy("recipient"), max_length=254)
    subject = ShortenedCharField(gettext_lazy("subject"), max_length=200)
    body = models.TextField()
    # Extra headers, e.g. an alert's List-Unsubscribe and List-Unsubscribe-Post (RFC 8058).
    headers = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(gettext_lazy("attempts"), default=0)
    next_try = models.DateTimeField(gettext_lazy("next try"), db_index=True)
    sent = models.DateTimeField(gettext_lazy("sent"), null=True, db_index=True)
    last_error = models.TextField(gettext_lazy("last error"), blank=True)
    # Taken by a worker until then (forms_service/retries.py); given up on after
    # FORMS_MAX_ATTEMPTS tries, or at once when no retry can help: staff see it.
    claimed_until = models.DateTimeField(null=True, blank=True)
    failed = models.DateTimeField(gettext_lazy("failed"), null=True, blank=True, db_index=True)

    # The body carries a link that acts for its recipient (a draft's, an alert's
    # confirmation): once sent, the outbox replaces it with REDACTED, so that a copy of the
    # database opens nothing.
    holds_secret = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("email")
        verbose_name_plural = gettext_lazy("emails")


class Publication(models.Model):
    """A record to commit to the data repository, on its own branch; the worker commits it
    (and pushes it when a remote is set), retrying while the repository or remote fails.

    Queued by staff when they approve a submission (staff/publishing.py); kept here, beside
    the outbox's emails, because answering a published partnership request reads it when
    the answer is submitted (forwarding.py). It was the staff app's model until
    submissions' migration 0010, which moved it without touching the database.
    """

    DONE = "done"  # the column that says it is done (forms_service/retries.py)

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(
        gettext_lazy("file"), max_length=300
    )  # in the repository, e.g. data/associations/x.yaml
    replaces = models.BooleanField(default=False)  # an update: the file is meant to exist
    content = models.TextField()
    message = models.TextField()
    branch = models.CharField(gettext_lazy("branch"), max_length=120)
    author_name = ShortenedCharField(max_length=150)
    author_email = models.CharField(max_length=254)
    attempts = models.PositiveIntegerField(gettext_lazy("attempts"), default=0)
    next_try = models.DateTimeField(gettext_lazy("next try"), db_index=True)
    done = models.DateTimeField(gettext_lazy("published"), null=True, db_index=True)
    commit = models.CharField(gettext_lazy("commit"), max_length=64, blank=True)
    pushed = models.BooleanField(gettext_lazy("pushed"), default=False)
    last_error = models.TextField(gettext_lazy("last error"), blank=True)
    # As for emails (forms_service/retries.py): taken by a worker until then; given up on.
    claimed_until = models.DateTimeField(null=True, blank=True)
    failed = models.DateTimeField(gettext_lazy("failed"), null=True, blank=True, db_index=True)

    class Meta:
        db_table = "staff_publication"  # its name from the staff app: the rows stayed put
        verbose_name = gettext_lazy("record to publish")
        verbose_name_plural = gettext_lazy("records to publish")


class Draft(models.Model):
    """Answers saved to come back to (forms with save_and_return). The email holds the only
    copy of the link's secret: the database keeps its SHA-256, so a copy of the database
    opens no draft."""

    key = models.CharField(max_length=32, unique=True)  # carried, signed, by the form's pages
    secret_sha256 = models.CharField(max_length=64, unique=True, null=True)
    form_id = models.CharField(max_length=80)
    lang = models.CharField(max_length=3)  # portal_contract.languages.CODE: zgh too
    email = models.EmailField(max_length=254)
    data = models.JSONField()  # as the form reads it (drafts.save): field → list of values
    files = models.JSONField(default=dict)  # field → uploads.Kept as a dict
    subject = models.CharField(max_length=120, blank=True)
    saved = models.DateTimeField()
    link_expires = models.DateTimeField()
    # The call's closing plus FORMS_DRAFT_RETENTION_DAYS: `purge` removes it then, or when
    # its link has expired, whichever comes first.
    purge_after = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = gettext_lazy("draft")
        verbose_name_plural = gettext_lazy("drafts")


class RateCount(models.Model):
    """A rate limit's counter, when the limits count in the database (no REDIS_URL): posts
    from one address, or with one email, in the current window. One row per counter, moved
    to the next window by the same statement that counts (protection.count), so that every
    worker and every restart sees the same count."""

    # A keyed hash of the limit and what it counts: the table names no address or email.
    counter = models.CharField(max_length=64, primary_key=True)
    ends = models.BigIntegerField()  # the window's end, in seconds since 1970 (UTC)
    hits = models.PositiveIntegerField()
