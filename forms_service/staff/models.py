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
