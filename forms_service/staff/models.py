"""Staff members' roles, and the record of who saw and changed what."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from forms_service.submissions.models import Submission

ROLES = [
    ("admin", "admin"),  # everything, accounts included
    ("ministry", "ministry"),  # reviews every submission
    ("consular", "consular"),  # the submissions routed to its post, and nothing else
    ("auditor", "auditor"),  # reads, changes nothing
]


class Staff(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    role = models.CharField(max_length=20, choices=ROLES)
    post = models.CharField(max_length=80, blank=True)  # for consular staff

    def __str__(self) -> str:
        return f"{self.user} ({self.role}{' ' + self.post if self.post else ''})"

    class Meta:
        verbose_name = gettext_lazy("staff member")
        verbose_name_plural = gettext_lazy("staff members")


class StatusChange(models.Model):
    """A step of a submission's review, with the reviewer's comment."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    old = models.CharField(max_length=20)
    new = models.CharField(max_length=20)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("status change")
        verbose_name_plural = gettext_lazy("status changes")


class AuditEntry(models.Model):
    """Who viewed personal data, downloaded a file or changed a status, and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=40)  # viewed, downloaded, changed-status
    submission = models.ForeignKey(Submission, null=True, on_delete=models.SET_NULL)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = gettext_lazy("audit entry")
        verbose_name_plural = gettext_lazy("audit entries")


class Publication(models.Model):
    """A record to commit to the data repository, on its own branch; the worker commits it
    (and pushes it when a remote is set), retrying while the repository or remote fails."""

    DONE = "done"  # the column that says it is done (forms_service/retries.py)

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(
        gettext_lazy("file"), max_length=300
    )  # in the repository, e.g. data/associations/x.yaml
    replaces = models.BooleanField(default=False)  # an update: the file is meant to exist
    content = models.TextField()
    message = models.TextField()
    branch = models.CharField(gettext_lazy("branch"), max_length=120)
    author_name = models.CharField(max_length=150)
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
        verbose_name = gettext_lazy("record to publish")
        verbose_name_plural = gettext_lazy("records to publish")
