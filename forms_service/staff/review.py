"""A step of a review: the new status recorded with its comment and reviewer, the audit log
written, and the applicant told by email in their own language, all in one transaction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from forms_service import clock, definitions, links
from forms_service.staff import publishing
from forms_service.staff.models import AuditEntry, StatusChange
from forms_service.submissions.models import Email, Submission
from forms_service.submissions.statuses import meaning


def change_status(submission: Submission, user: Any, new: str, comment: str) -> None:
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        old = locked.status
        locked.status = new
        locked.save(update_fields=["status"])
        StatusChange.objects.create(submission=locked, by=user, old=old, new=new, comment=comment)
        AuditEntry.objects.create(
            user=user, action="changed-status", submission=locked, detail=f"{old} → {new}"
        )
        if new == "approved":  # its record, if the form has one, goes to the data repository
            publishing.enqueue(locked, user, comment)
        if locked.email:
            subject, body = _message(locked, comment)
            Email.objects.create(
                submission=locked, to=locked.email, subject=subject, body=body,
                next_try=clock.now(),
            )  # fmt: skip
    submission.status = new


def _message(submission: Submission, comment: str) -> tuple[str, str]:
    found = definitions.load(settings.DATA_DIR).get(submission.form_id)
    with translation.override(submission.lang):
        title = found.text(found.data["title"], submission.lang) if found else ""
        subject = _("%(title)s: news of your request %(reference)s") % {
            "title": title,
            "reference": submission.reference,
        }
        lines = [
            _("Your request %(reference)s has a new status:") % {"reference": submission.reference},
            "",
            meaning(submission.status),
        ]
        if comment:
            lines += ["", _("Our comment:"), comment]
        lines += ["", links.follow_request(submission.lang)]
    return subject, "\n".join(lines)


def audit(user: Any, action: str, submission: Submission | None, detail: str = "") -> None:
    AuditEntry.objects.create(user=user, action=action, submission=submission, detail=detail)
