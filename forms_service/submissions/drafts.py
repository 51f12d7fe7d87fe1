"""Save and return: a form's answers kept as a draft, reopened from a secret link sent by
email, and only with the same email address.

A draft is made when the user asks to save; from then on each step of the form (the answers,
the check page, a change) saves it again, through a signed key the pages carry. Its files stay
in pending/ (the worker leaves them while a draft holds them). Sending the form deletes the
draft; `purge` deletes those whose call closed more than FORMS_DRAFT_RETENTION_DAYS ago or
whose link expired, with their files.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.files.storage import Storage
from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import gettext as _

from forms_service import definitions, links
from forms_service.submissions.answers import Carried
from forms_service.submissions.models import Draft, Email
from forms_service.uploads import Kept, pending_name

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
    subject: str,
    closes: datetime | None,
    now: datetime,
) -> Draft:
    """Create or update a draft with the answers as they are now."""
    if draft is None:
        draft = Draft(key=secrets.token_hex(16), form_id=definition.id)
    draft.lang, draft.email, draft.subject = lang, email, subject
    draft.data = answers.data
    draft.files = {name: kept.as_dict() for name, kept in answers.files.items()}
    draft.saved = now
    if draft.secret_sha256 is None or not draft.link_expires:
        draft.link_expires = now + timedelta(days=settings.FORMS_DRAFT_LINK_DAYS)
    last = closes or draft.link_expires
    draft.purge_after = last + timedelta(days=settings.FORMS_DRAFT_RETENTION_DAYS)
    draft.save()
    return draft


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
