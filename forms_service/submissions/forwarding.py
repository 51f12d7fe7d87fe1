"""A message passed on by email to the authors of a published record, whose address the
site never shows: for now, an answer to a partnership request (forms with forwards_to).

The authors' address is the one their request was sent from: the approved submission that
became data/partnerships/<id>.yaml (its Publication row keeps that link). A request published
by hand has none: the message then goes to the staff's address (FORMS_STAFF_EMAIL), in their
language (FORMS_STAFF_LANGUAGE), saying so, for them to pass it on.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from forms_service import clock, definitions
from forms_service.submissions.models import Email, Publication, Submission
from portal_contract import languages, places


def authors(key: str) -> Submission | None:
    """The submission a partnership request was published from, if it was."""
    found = (
        Publication.objects.filter(path=f"data/partnerships/{key}.yaml")
        .select_related("submission")
        .order_by("-pk")
        .first()
    )
    return found.submission if found else None


def forward(definition: definitions.Definition, submission: Submission) -> Email:
    """Queue the message for the request's authors (in the same transaction as the
    submission: both are kept, or neither)."""
    spec = definition.field_of_type("partnership")
    assert spec is not None, definition.id
    answers = submission.answers
    key = str(answers[spec["name"]])
    request = definitions.partnerships(settings.DATA_DIR).get(key, key)
    source = authors(key)
    staff = (settings.FORMS_STAFF_EMAIL, settings.FORMS_STAFF_LANGUAGE)
    to, lang = (source.email, source.lang) if source else staff
    with translation.override(lang):
        lines = []
        if source is None:
            lines.append(
                _(
                    "The service does not know the address of this request's authors (it was"
                    " published by hand): please pass this message on to them."
                )
            )
        sender = str(answers.get("contact_name") or "")
        lines.append(
            _("%(name)s answers your partnership request “%(request)s” on the partnership portal.")
            % {"name": sender, "request": request}
        )
        # Named in the reader's language, as the site names them: "ليون، فرنسا", "Lyon, France".
        code = str(answers.get("country") or "")
        country = places.country_name(code, lang) if code else ""
        named = (definitions.city_name(settings.DATA_DIR, answers, lang), country)
        where = languages.comma(lang).join(part for part in named if part)
        # Labels first, then the lines: gettext calls inside f-strings escape extraction.
        labels = [_("Association:"), _("Place:"), _("Name:"), _("Email:")]
        values = [answers.get("association_name", ""), where, sender, answers.get("email", "")]
        pairs = zip(labels, values, strict=True)
        lines.append("\n".join(f"{label} {value}" for label, value in pairs if value))
        lines.append(_("Message:") + "\n" + str(answers.get("message", "")))
        # Anyone can fill in the form with any name: said, so that a message signed "the
        # ministry" asking for bank details is read for what it is.
        lines.append(_("The portal has not checked who wrote this message."))
        lines.append(
            _(
                "Reply to this email to write to them. Your address was not shown to them: they"
                " see it only if you reply."
            )
        )
        subject = _("An answer to your partnership request: %(request)s") % {"request": request}
    return Email.objects.create(
        submission=submission,
        to=to,
        subject=subject,
        body="\n\n".join(lines) + "\n",
        headers={"Reply-To": str(answers.get("email", ""))},
        next_try=clock.now(),
    )
