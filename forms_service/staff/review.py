"""A step of a review: the new status recorded with its comment and reviewer, the audit log
written, and the applicant told by email in their own language, all in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
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


class ChangedMeanwhile(Exception):
    """Another reviewer took a step since `submission` was read: the step asked for was
    chosen from a status that is no longer the submission's."""


def change_status(submission: Submission, user: Any, new: str, comment: str) -> None:
    """Raise ChangedMeanwhile, changing nothing, unless the submission still has the status
    `submission` was read with: two reviewers posting at once must not both take a step."""
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != submission.status:
            raise ChangedMeanwhile(submission.reference)
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


def audit_each(user: Any, action: str, submissions: Iterable[Submission], detail: str = "") -> None:
    """One entry per submission, as for a page viewed: an export's entry then tells whose
    answers left the service, not only how many."""
    AuditEntry.objects.bulk_create(
        AuditEntry(user=user, action=action, submission=s, detail=detail) for s in submissions
    )
