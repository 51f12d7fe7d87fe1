"""Save and return: a form's answers kept as a draft, reopened from a secret link sent by
email, and only with the same email address.

A draft is made when the user asks to save; from then on each step of the form (the answers,
the check page, a change) saves it again, through a signed key the pages carry. Its files stay
in pending/ (the worker leaves them while a draft holds them). Sending the form deletes the
draft; `purge` deletes those whose call closed more than FORMS_DRAFT_RETENTION_DAYS ago or
whose link expired, with their files.

A draft holds the answers as the form reads them, not as posted: a NUL, which the text
fields drop, is refused by PostgreSQL in JSON, and a post holding one made the save, then
every later step of the form, fail (503). Its subject is a call the service knows, never a
value as posted (its column holds 120 characters).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.storage import Storage
from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import gettext as _

from forms_service import definitions, links, subjects
from forms_service.submissions.answers import Carried
from forms_service.submissions.models import Draft, Email
from forms_service.uploads import Kept, pending_name
from portal_contract.sources import INVISIBLE

SALT = "forms.draft"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def marker(draft: Draft) -> str:
    """What the form's pages carry to save the same draft at each step."""
    return signing.dumps(draft.key, salt=f"{SALT}:{draft.form_id}")


def from_marker(value: str, form_id: str) -> Draft | None:
    try:
        key = signing.loads(value, salt=f"{SALT}:{form_id}")
    except signing.BadSignature:
        return None
    return Draft.objects.filter(key=str(key), form_id=form_id).first()


def carried(draft: Draft) -> Carried:
    return Carried(
        {str(k): [str(x) for x in v] for k, v in draft.data.items()},
        {str(k): Kept.from_dict(v) for k, v in draft.files.items()},
    )


def save(
    draft: Draft | None,
    definition: definitions.Definition,
    lang: str,
    email: str,
    answers: Carried,
    fields: Mapping[str, forms.Field],
    now: datetime,
) -> Draft:
    """Create or update a draft with the answers as they are now, read by the form's
    `fields`."""
    if draft is None:
        draft = Draft(key=secrets.token_hex(16), form_id=definition.id)
    draft.lang, draft.email = lang, email
    draft.data = _as_read(answers.data, fields)
    call = _call(definition, draft.data)
    draft.subject = call.id if call else ""
    draft.files = {name: kept.as_dict() for name, kept in answers.files.items()}
    draft.saved = now
    if draft.secret_sha256 is None or not draft.link_expires:
        draft.link_expires = now + timedelta(days=settings.FORMS_DRAFT_LINK_DAYS)
    last = call.closes if call else draft.link_expires
    draft.purge_after = last + timedelta(days=settings.FORMS_DRAFT_RETENTION_DAYS)
    draft.save()
    return draft


def _as_read(data: dict[str, list[str]], fields: Mapping[str, forms.Field]) -> dict[str, list[str]]:
    """The answers to the form's fields, each as its field reads it."""
    return {
        name: [_read(fields[name], value) for value in values]
        for name, values in data.items()
        if name in fields
    }


def _read(field: forms.Field, value: str) -> str:
    """Text as its field reads it (definitions.LineField drops the invisible characters); any
    other answer (a year, a country, checked when the form is sent) as typed, without those
    characters: the person never saw them."""
    text = field.to_python(value) if isinstance(field, forms.CharField) else value
    return INVISIBLE.sub("", text)


def _call(
    definition: definitions.Definition, data: Mapping[str, list[str]]
) -> subjects.Subject | None:
    """The call the answers choose, if the service knows it."""
    spec = definition.field_of_type("call")
    chosen = data.get(spec["name"]) if spec else None
    return subjects.calls(settings.DATA_DIR).get(chosen[0]) if chosen else None


def send_link(draft: Draft, definition: definitions.Definition, now: datetime) -> None:
    """A new secret for the draft (an earlier link stops working) and the email carrying it."""
    secret = secrets.token_urlsafe(24)
    draft.secret_sha256 = digest(secret)
    draft.link_expires = now + timedelta(days=settings.FORMS_DRAFT_LINK_DAYS)
    draft.save(update_fields=["secret_sha256", "link_expires"])
    with translation.override(draft.lang):
        title = definition.text(definition.data["title"], draft.lang)
        until = formats.date_format(draft.link_expires, "DATE_FORMAT")
        body = "\n\n".join(
            [
                _("Your answers to the form “%(title)s” are saved.") % {"title": title},
                _("To come back to them, open this link and give this email address: %(link)s")
                % {"link": links.to("resume", draft.lang, draft.form_id, secret)},
                _(
                    "The link works until %(date)s. Saving again sends a new link; this one"
                    " then stops working."
                )
                % {"date": until},
                _("If you did not save a form on the partnership portal, ignore this email."),
            ]
        )
        subject = _("Your saved form: %(title)s") % {"title": title}
    Email.objects.create(
        to=draft.email, subject=subject, body=body + "\n", next_try=now, holds_secret=True
    )


def opened(form_id: str, secret: str, email: str, now: datetime) -> Draft | None:
    """The draft the link and the email open, if both match and the link has not expired."""
    draft = Draft.objects.filter(
        secret_sha256=digest(secret), form_id=form_id, link_expires__gt=now
    ).first()
    if draft is None or draft.email.strip().lower() != email.strip().lower():
        return None
    return draft


def held_files() -> set[str]:
    """The stored names of every file a draft holds: pending/, but not abandoned."""
    return {
        kept["stored"]
        for files in Draft.objects.values_list("files", flat=True)
        for kept in files.values()
    }


def purge(now: datetime, store: Storage) -> int:
    """Remove the drafts past their time, and their files; how many drafts."""
    gone = Draft.objects.filter(Q(purge_after__lt=now) | Q(link_expires__lt=now))
    names = [
        kept["stored"] for files in gone.values_list("files", flat=True) for kept in files.values()
    ]
    count = gone.count()
    gone.delete()
    held = held_files()
    for name in names:
        if name not in held:
            store.delete(pending_name(name))
    return count
