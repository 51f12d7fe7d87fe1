"""A submission committed: routed to its consular post, counted against a training's seats,
its attachments on disk, its confirmation email in the outbox, all before the user is told.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.storage import Storage
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms_service import clock, definitions, links, routing, storage, subjects, uploads
from forms_service.submissions import forwarding, protection, rows
from forms_service.submissions.models import Attachment, Email, Seats, Submission, new_reference
from portal_contract import languages

WAITING_LIST = gettext_lazy(
    "The training is full: you are on its waiting list. We will write to you if a seat"
    " becomes free."
)
# Draws of a reference before giving up: a second is already as unlikely as one in 6.6e11.
REFERENCE_TRIES = 3
# Registrations in these states do not hold a seat.
NO_SEAT = ("waiting-list", "declined", "rejected", "withdrawn")


def store(
    definition: definitions.Definition,
    lang: str,
    token: str,
    answers: dict[str, Any],
    files: dict[str, uploads.Kept],
    over_limit: Callable[[], bool] | None = None,
) -> Submission:
    """Commit the submission, once per form token and once per kept file (a resent post,
    or the same answers confirmed again from another tab, finds the first).

    `over_limit`, when given, counts the post against the rate limits in the same
    transaction (protection.count): one commit, so one wait for the disk, for both. Over a
    limit, the count alone is committed (a refused post counts, as django-ratelimit's did)
    and TooMany raised."""
    # A post resent with files is found before its files are moved a second time; without,
    # the token's unique index finds it (IntegrityError below), one query fewer for most.
    existing = _already_stored(definition.id, token, files) if files else None
    if existing is not None:
        return Submission.objects.get(pk=existing)
    store = storage.uploads()
    moved: list[uploads.Kept] = []  # what this attempt moved, and only that, goes back
    try:
        for kept in files.values():  # on disk before the row that points at them
            if uploads.commit(kept, store):
                moved.append(kept)
    except OSError:  # no room for files/, say: every file moved back where the form finds it
        _uncommit(moved, store)
        raise
    plain = {name: _jsonable(value) for name, value in answers.items()}
    plain.update({name: kept.name for name, kept in files.items()})
    email = str(answers.get("email") or "")
    subject_field = definition.field_of_type("call") or definition.field_of_type("training")
    subject = str(answers.get(subject_field["name"]) or "") if subject_field else ""
    submission = Submission(
        reference=new_reference(definition.data.get("reference_prefix", "REF")),
        token=token,
        form_id=definition.id,
        lang=lang,
        email=email,
        answers=plain,
        post=_post(answers),
        subject=subject,
    )
    refused = False
    for attempt in range(REFERENCE_TRIES):
        # Worded before the transaction: SQLite has one writer at a time, so the less done
        # while it is held, the more submissions per second.
        body = confirmation_body(definition, lang, submission) if email else ""
        try:
            with transaction.atomic():
                refused = over_limit is not None and over_limit()
                if not refused:
                    _insert(definition, lang, submission, files, email, body, subject)
            break
        except IntegrityError:
            # The same token or the same files, committed by a concurrent request: that one
            # is the submission. Nothing is moved back: with two posts racing, either may have
            # moved any of the files its rows point at.
            first = _already_stored(definition.id, token, files)
            if first is not None:
                return Submission.objects.get(pk=first)
            # Else the reference drawn was already given (1 chance in 6.6e11 per submission
            # already kept): everything was rolled back, so the same post again with another.
            if attempt == REFERENCE_TRIES - 1:
                _uncommit(moved, store)
                raise
            submission.reference = new_reference(definition.data.get("reference_prefix", "REF"))
        except DatabaseError:  # a full disk, say: nothing was written; the files go back
            _uncommit(moved, store)
            raise
    if refused:
        _uncommit(moved, store)
        raise protection.TooMany
    return submission


def _uncommit(moved: list[uploads.Kept], store: Storage) -> None:
    for kept in moved:
        uploads.uncommit(kept, store)


def _insert(
    definition: definitions.Definition,
    lang: str,
    submission: Submission,
    files: dict[str, uploads.Kept],
    email: str,
    body: str,
    subject: str,
) -> None:
    """The submission's rows, in the caller's transaction."""
    subject_field = definition.field_of_type("call") or definition.field_of_type("training")
    if subject_field and subject_field["type"] == "training":
        submission.status = _seat_or_waiting_list(definition.id, subject)
        if submission.status == "waiting-list" and email:
            body = confirmation_body(definition, lang, submission)
    rows.insert(submission)
    Attachment.objects.bulk_create(
        Attachment(
            submission=submission,
            field=name,
            stored=kept.stored,
            name=kept.name,
            size=kept.size,
            sha256=kept.sha256,
        )
        for name, kept in files.items()
    )
    if email:
        confirming = Email(
            submission=submission,
            to=email,
            subject=confirmation_subject(definition, lang, submission.reference),
            body=body,
            next_try=clock.now(),
        )
        rows.insert(confirming)
    if definition.data.get("forwards_to") == "partnership":
        forwarding.forward(definition, submission)


def _already_stored(form_id: str, token: str, files: dict[str, uploads.Kept]) -> int | None:
    """The id of the submission this form token already made, if any, or that holds one of
    these files: the same answers confirmed twice with two tokens (two tabs, a saved form
    reopened twice) are one submission, and its files are never taken from it. Almost always
    answered no: in plain SQL, which costs a fifteenth of the ORM's query (its compiling, a
    whole row read) in CPU."""
    table = connection.ops.quote_name(Submission._meta.db_table)
    sql, params = f"SELECT id FROM {table} WHERE token = %s", [token]
    if files:
        # The stored names come from a signed page (answers.unsign): they were this
        # browser's uploads, so the submission that holds them was sent from it.
        attachments = connection.ops.quote_name(Attachment._meta.db_table)
        marks = ", ".join(["%s"] * len(files))
        sql += (
            f" UNION SELECT submission_id FROM {attachments} a JOIN {table} s"
            f" ON s.id = a.submission_id WHERE s.form_id = %s AND a.stored IN ({marks})"
        )
        params += [form_id, *(kept.stored for kept in files.values())]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    return int(found[0]) if found else None


def _post(answers: dict[str, Any]) -> str:
    country, city = answers.get("country"), answers.get("city")
    if isinstance(country, str) and isinstance(city, str) and country and city:
        return routing.post_for(settings.DATA_DIR, country, city)
    return ""


def _seat_or_waiting_list(form_id: str, training: str) -> str:
    """ "received" while the training has a free seat, else "waiting-list".

    The training's row is locked first, so two registrations for its last seat are counted
    one after the other (SQLite writes one transaction at a time anyway).
    """
    Seats.objects.get_or_create(training=training)
    Seats.objects.select_for_update().get(training=training)
    seats_for = subjects.trainings(settings.DATA_DIR)[training]
    return "received" if seats_left(form_id, seats_for) else "waiting-list"


def seats_taken(form_id: str) -> dict[str, int]:
    """Seats held in each training, by its id."""
    held = (
        Submission.objects.filter(form_id=form_id)
        .exclude(status__in=NO_SEAT)
        .values("subject")
        .annotate(n=Count("pk"))
    )
    return {row["subject"]: row["n"] for row in held}


def seats_left(form_id: str, training: subjects.Subject) -> int:
    taken = (
        Submission.objects.filter(form_id=form_id, subject=training.id)
        .exclude(status__in=NO_SEAT)
        .count()
    )
    return max(int(training.data["seats"]) - taken, 0)


def _jsonable(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v) for v in value]
    return value if isinstance(value, bool | int | str) or value is None else str(value)


def confirmation_subject(definition: definitions.Definition, lang: str, reference: str) -> str:
    title = definition.text(definition.data["title"], lang)
    return _("%(title)s: we have received your form (%(reference)s)") % {
        "title": title,
        "reference": reference,
    }


def confirmation_body(definition: definitions.Definition, lang: str, submission: Submission) -> str:
    """The service's own words only, never an answer: the address it goes to is whatever
    was typed, and a copy of the answers made the portal carry anyone's text, from its own
    address, to anyone (a "grant suspended, confirm your bank details" message, with a real
    reference)."""
    lines = [
        _("We have received your form. Its reference number is %(reference)s.")
        % {"reference": submission.reference},
    ]
    if submission.status == "waiting-list":
        lines += ["", str(WAITING_LIST)]
    post = routing.post_label(settings.DATA_DIR, submission.post, lang)
    if post:
        lines += ["", _("It has been sent to: %(post)s.") % {"post": post}]
    if definition.data.get("next_steps"):
        lines += ["", definition.text(definition.data["next_steps"], lang)]
    lines += ["", _("For your security, this email does not repeat your answers.")]
    lines += ["", links.follow_request(lang)]
    # Anyone may type this address into a form: its owner learns what to do with the email.
    lines += ["", _("If you did not send a form on the partnership portal, ignore this email.")]
    return "\n".join(lines)


def shown_answers(
    definition: definitions.Definition,
    lang: str,
    answers: dict[str, Any],
    fields: Mapping[str, forms.Field],
) -> list[tuple[str, str]]:
    """(label, answer) pairs as the user saw them: a choice by its label, not its code. An
    answer whose field the form no longer asks (a call's priority area, the call closed) is
    shown as it was stored rather than not at all."""
    shown = []
    for spec in definition.fields:
        name = spec["name"]
        if name in answers:
            label = definition.text(spec["label"], lang)
            field = fields.get(name) or forms.Field()
            shown.append((label, _shown(field, answers[name], spec)))
    return shown


def _shown(field: forms.Field, value: Any, spec: dict[str, Any]) -> str:
    if spec["type"] == "consent":
        return str(_("Yes") if value else _("No"))
    if isinstance(field, definitions.CountryField):
        return field.name_of(str(value)) if value else "—"
    if isinstance(field, definitions.SubjectField) and str(value) in field.known:
        return field.label_of(field.known[str(value)])
    choices = {str(k): v for k, v in (getattr(field, "choices", []) or [])}
    if isinstance(value, list):
        comma = languages.comma(translation.get_language() or languages.FIRST)
        return comma.join(str(choices.get(str(v), v)) for v in value)
    if value in ("", None):
        return "—"
    return str(choices.get(str(value), value))
