"""A submission committed: routed to its consular post, counted against a training's seats,
its attachments on disk, its confirmation email in the outbox, all before the user is told.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms_service import clock, definitions, links, routing, storage, subjects, uploads
from forms_service.submissions import forwarding
from forms_service.submissions.models import Attachment, Email, Seats, Submission, new_reference

WAITING_LIST = gettext_lazy(
    "The training is full: you are on its waiting list. We will write to you if a seat"
    " becomes free."
)
# Registrations in these states do not hold a seat.
NO_SEAT = ("waiting-list", "declined", "rejected", "withdrawn")


def store(
    definition: definitions.Definition,
    lang: str,
    token: str,
    answers: dict[str, Any],
    files: dict[str, uploads.Kept],
    fields: Mapping[str, forms.Field],
) -> Submission:
    """Commit the submission, once per form token (a resent post finds the first).
    `fields` are the form's, to word the answers in the confirmation email."""
    existing = Submission.objects.filter(token=token).first()
    if existing is not None:
        return existing
    store = storage.uploads()
    try:
        for kept in files.values():  # on disk before the row that points at them
            uploads.commit(kept, store)
    except OSError:  # no room for files/, say: every file back where the form finds it
        for kept in files.values():
            uploads.uncommit(kept, store)
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
    # Worded before the transaction: SQLite has one writer at a time, so the less done
    # while it is held, the more submissions per second.
    body = confirmation_body(definition, lang, submission, fields) if email else ""
    try:
        with transaction.atomic():
            if subject_field and subject_field["type"] == "training":
                submission.status = _seat_or_waiting_list(definition.id, subject)
                if submission.status == "waiting-list" and email:
                    body = confirmation_body(definition, lang, submission, fields)
            submission.save(force_insert=True)
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
                Email.objects.create(
                    submission=submission,
                    to=email,
                    subject=confirmation_subject(definition, lang, submission.reference),
                    body=body,
                    next_try=clock.now(),
                )
            if definition.data.get("forwards_to") == "partnership":
                forwarding.forward(definition, submission)
    except IntegrityError:  # the same token, committed by a concurrent request
        return Submission.objects.get(token=token)
    except DatabaseError:  # a full disk, say: nothing was written; the files go back
        for kept in files.values():
            uploads.uncommit(kept, store)
        raise
    return submission


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


def confirmation_body(
    definition: definitions.Definition,
    lang: str,
    submission: Submission,
    fields: Mapping[str, forms.Field],
) -> str:
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
    lines += ["", _("A copy of your answers:"), ""]
    shown = shown_answers(definition, lang, submission.answers, fields)
    lines += [f"{label}: {answer}" for label, answer in shown]
    lines += ["", links.follow_request(lang)]
    return "\n".join(lines)


def shown_answers(
    definition: definitions.Definition,
    lang: str,
    answers: dict[str, Any],
    fields: Mapping[str, forms.Field],
) -> list[tuple[str, str]]:
    """(label, answer) pairs as the user saw them: a choice by its label, not its code."""
    shown = []
    for spec in definition.fields:
        name = spec["name"]
        if name in answers:
            label = definition.text(spec["label"], lang)
            shown.append((label, _shown(fields[name], answers[name], spec)))
    return shown


def _shown(field: forms.Field, value: Any, spec: dict[str, Any]) -> str:
    if spec["type"] == "consent":
        return str(_("Yes") if value else _("No"))
    if isinstance(field, definitions.CountryField):
        return field.name_of(str(value)) if value else "—"
    if isinstance(field, definitions.SubjectField) and str(value) in field.known:
        return definitions.subject_label(field.known[str(value)], field.lang)
    choices = {str(k): v for k, v in (getattr(field, "choices", []) or [])}
    if isinstance(value, list):
        return ", ".join(str(choices.get(str(v), v)) for v in value)
    if value in ("", None):
        return "—"
    return str(choices.get(str(value), value))
