"""Personal data: kept for a set time, then removed; and all of it about one email, on request.

Moroccan law 09-08 and, for applicants in Europe, the GDPR give people the right to know what
is held about them and to have it kept no longer than needed. HOLDERS lists every model whose
rows hold people's addresses: where in a row, what `personal-data` gives of it, and how `purge`
removes the rows kept long enough. A test finds every field typed or named like an address, in
every installed app, and fails while one is neither in HOLDERS nor in NOT_HELD.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import JSONField, Max, Q
from django.utils.crypto import salted_hmac

from forms_service import clock, storage, uploads
from forms_service.alerts.models import Subscription, purge_unconfirmed
from forms_service.staff.models import StatusChange
from forms_service.submissions import drafts
from forms_service.submissions.models import Draft, Email, Submission


def address_hash(address: str) -> str:
    """What the audit log keeps of an address: the same for the same address, whatever its
    case, so that staff can recompute it; keyed by SECRET_KEY, so that a copy of the log
    neither shows the address nor lets anyone check a list of guesses against it."""
    normal = address.strip().lower()
    return salted_hmac("forms.personal-data", normal, algorithm="sha256").hexdigest()


def expired(now: datetime | None = None) -> Any:
    """Submissions whose last change is older than the retention period."""
    limit = (now or clock.now()) - timedelta(days=settings.FORMS_RETENTION_DAYS)
    latest = Submission.objects.annotate(last=Max("changes__at"))
    return latest.filter(Q(last__lt=limit) | Q(last__isnull=True, created__lt=limit))


# What personal-data gives of a row, knowing where the address is in it. A row where the
# address is only among someone else's answers (an association's public address, say) gives
# where it is, not the rest: that is the other person's.


def _submission(s: Submission, where: list[str]) -> dict[str, Any]:
    found = {"reference": s.reference, "form": s.form_id, "address_in": where}
    if "email" not in where:
        return found
    return found | {
        "language": s.lang,
        "received": s.created.isoformat(),
        "status": s.status,
        "answers": s.answers,
        "attachments": [a.name for a in s.files.all()],
        "review": [
            {"at": c.at.isoformat(), "status": c.new, "comment": c.comment}
            for c in StatusChange.objects.filter(submission=s).order_by("at")
        ],
        "emails": [
            {"subject": e.subject, "sent": e.sent.isoformat() if e.sent else None}
            for e in s.emails.order_by("pk")
        ],
    }


def _email(e: Email, where: list[str]) -> dict[str, Any]:
    # Not `to`: an answer forwarded to a partnership request's authors is given to its sender
    # (their address to reply to), and the authors' address is never shown to them.
    sent = e.sent.isoformat() if e.sent else None
    return {"address_in": where, "subject": e.subject, "body": e.body, "sent": sent}


def _subscription(a: Subscription, where: list[str]) -> dict[str, Any]:
    return {
        "address_in": where,
        "asked": a.created.isoformat(),
        "confirmed": a.confirmed.isoformat() if a.confirmed else None,
        "language": a.lang,
        "about": a.kinds,
        "programmes": a.programmes,
        "priority_areas": a.axes,
        "host_country": a.country,
        "told": [{"kind": t.kind, "item": t.key} for t in a.alerts.order_by("pk")],
    }


def _draft(d: Draft, where: list[str]) -> dict[str, Any]:
    found = {"form": d.form_id, "saved": d.saved.isoformat(), "address_in": where}
    if "email" not in where:
        return found
    return found | {
        "language": d.lang,
        "link_expires": d.link_expires.isoformat(),
        "answers": d.data,
        "attachments": [kept["name"] for kept in d.files.values()],
    }


# How purge removes each kind of row once its time is up; each returns what it removed.


def _purge_submissions(now: datetime) -> dict[str, int]:
    """FORMS_RETENTION_DAYS after a submission's last change (the review's end): its answers,
    attachments, emails, review steps and publications (which cascade) go."""
    store = storage.uploads()
    with transaction.atomic():
        gone = list(expired(now).prefetch_related("files"))
        stored = [a.stored for s in gone for a in s.files.all()]
        emails = Email.objects.filter(submission__in=gone).delete()[0]
        Submission.objects.filter(pk__in=[s.pk for s in gone]).delete()
    for name in stored:  # after the commit: a file is never missing for a kept submission
        store.delete(uploads.file_name(name))
    return {"submissions": len(gone), "attachments": len(stored), "emails": emails}


def _purge_emails(now: datetime) -> dict[str, int]:
    """An email of a submission goes with it (above); any other (a draft's link, alerts and
    their confirmation) FORMS_RETENTION_DAYS after it was sent. One not yet sent stays: the
    outbox still owes it."""
    limit = now - timedelta(days=settings.FORMS_RETENTION_DAYS)
    old = Email.objects.filter(submission__isnull=True, sent__lt=limit)
    return {"sent_emails": old.delete()[0]}


def _purge_subscriptions(now: datetime) -> dict[str, int]:
    """Confirmed alerts stay until their unsubscribe link is followed (that deletes them);
    requests nobody confirmed go after ALERTS_CONFIRM_DAYS."""
    return {"alert_requests": purge_unconfirmed(settings.ALERTS_CONFIRM_DAYS, now)}


def _purge_drafts(now: datetime) -> dict[str, int]:
    return {"saved_forms": drafts.purge(now, storage.uploads())}


@dataclass(frozen=True)
class Holder:
    """A model whose rows hold people's addresses."""

    key: str  # its list in personal-data's JSON
    model: type[models.Model]
    fields: tuple[str, ...]  # where an address may be; a JSON field is searched through
    export: Callable[[Any, list[str]], dict[str, Any]]
    purge: Callable[[datetime], dict[str, int]]


# In the order purge runs: a submission's emails go with it before the others are looked at.
HOLDERS = (
    Holder("submissions", Submission, ("email", "answers"), _submission, _purge_submissions),
    Holder("emails", Email, ("to", "headers"), _email, _purge_emails),  # headers: Reply-To
    Holder("alerts", Subscription, ("email",), _subscription, _purge_subscriptions),
    Holder("saved_forms", Draft, ("email", "data"), _draft, _purge_drafts),
)

# Fields that hold an address but are not the public's personal data, and why.
NOT_HELD = {
    ("auth.User", "email"): "staff accounts: an admin keeps or removes them with the account",
    ("submissions.Publication", "author_email"): (
        "the reviewer's address, as the git author of a published record (it is in the data"
        " repository's history too); the row goes with its submission"
    ),
}


def _where(value: Any, path: str, address: str) -> Iterator[str]:
    """Where the address is in a field's value, walking through JSON; whole values only."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _where(inner, f"{path}.{key}", address)
    elif isinstance(value, list):
        for inner in value:
            yield from _where(inner, path, address)
    elif isinstance(value, str) and value.strip().lower() == address:
        yield path


def _rows(holder: Holder, address: str) -> Iterator[tuple[Any, list[str]]]:
    """The holder's rows that hold the address, each with where it is in the row."""
    near = Q()
    for name in holder.fields:
        if isinstance(holder.model._meta.get_field(name), JSONField):
            # Searched as text (SQLite keeps non-ASCII escaped), then each value compared
            # whole above: an address that merely contains this one is someone else's.
            escaped = json.dumps(address)[1:-1]
            near |= Q(**{f"{name}__icontains": address}) | Q(**{f"{name}__icontains": escaped})
        else:
            near |= Q(**{f"{name}__iexact": address})
    for row in holder.model._default_manager.filter(near).order_by("pk"):
        found = [p for name in holder.fields for p in _where(getattr(row, name), name, address)]
        if found:
            yield row, list(dict.fromkeys(found))


def about(email: str) -> dict[str, Any]:
    """Everything held about an email address, as the person may ask for it."""
    address = email.strip().lower()
    held: dict[str, Any] = {"email": email}
    for holder in HOLDERS:
        held[holder.key] = [holder.export(row, where) for row, where in _rows(holder, address)]
    return held


def purge(now: datetime | None = None) -> dict[str, int]:
    """Remove what has been kept long enough; what was removed, counted."""
    now = now or clock.now()
    removed: dict[str, int] = {}
    for holder in HOLDERS:
        removed |= holder.purge(now)
    return removed
