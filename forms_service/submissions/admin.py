"""The staff area (/staff/): submissions as they arrive, their answers and attachments.

Reviewing them (statuses, roles, consular posts seeing only their own) builds on this.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from forms_service.submissions.models import Attachment, Submission


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("field", "name", "size", "sha256")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("reference", "form_id", "subject", "post", "status", "lang", "created")
    list_filter = ("form_id", "status", "post", "lang")
    search_fields = ("reference",)
    date_hierarchy = "created"
    readonly_fields = (
        "reference", "form_id", "subject", "post", "lang", "email", "answers", "created",
    )  # fmt: skip
    fields = (*readonly_fields, "status")
    inlines = (AttachmentInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # submissions come from the public forms only

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
