"""The worker's queues in the staff area: emails and records to publish, pending, sent or
failed (given up on after FORMS_MAX_ATTEMPTS tries, or at once when no retry can help), with
the last error, and "Try again" once the cause is fixed.

Seen by the ministry, administrators and auditors; an email's body is not shown (it may hold
a draft's secret link, and the answers are on the submission's own page).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy, ngettext

from forms_service import clock, retries
from forms_service.staff.admin import RoleAdmin, staff_of
from forms_service.submissions.models import Email, Publication

SEE = ("admin", "ministry", "auditor")
RETRY = ("admin", "ministry")


class StateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("pending", gettext_lazy("waiting")),
            ("failed", gettext_lazy("failed")),
            ("done", gettext_lazy("done")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        done = queryset.model.DONE
        if self.value() == "pending":
            return queryset.filter(**{f"{done}__isnull": True}, failed__isnull=True)
        if self.value() == "failed":
            return queryset.filter(failed__isnull=False)
        if self.value() == "done":
            return queryset.filter(**{f"{done}__isnull": False})
        return queryset


class QueueAdmin(RoleAdmin):
    list_filter = (StateFilter,)
    actions = ("try_again",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        staff = staff_of(request)
        return staff is not None and staff.role in SEE

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_retry_permission(self, request: HttpRequest) -> bool:
        staff = staff_of(request)
        return staff is not None and staff.role in RETRY

    @admin.action(
        description=gettext_lazy("Try the selected failed items again"), permissions=("retry",)
    )
    def try_again(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        count = retries.retry(queryset, clock.now())
        self.message_user(
            request,
            ngettext(
                "%(count)d item will be tried again.", "%(count)d items will be tried again.", count
            )
            % {"count": count},
        )

    @admin.display(description=gettext_lazy("last error"))
    def error(self, obj: Any) -> str:
        """Its first line, shortened (in full on the row's page), written left to right even
        on Arabic pages: it is a program's message."""
        first = obj.last_error.splitlines()[0] if obj.last_error else ""
        shown = first if len(first) <= 70 else first[:69] + "…"
        return format_html('<bdi dir="ltr">{}</bdi>', shown) if shown else ""

    @admin.display(description=gettext_lazy("state"))
    def state(self, obj: Any) -> str:
        if obj.failed:
            return str(gettext_lazy("failed"))
        if getattr(obj, obj.DONE):
            return str(gettext_lazy("done"))
        return str(gettext_lazy("waiting"))


@admin.register(Email)
class EmailAdmin(QueueAdmin):
    list_display = ("to", "subject", "state", "attempts", "error")  # next try: on its page
    fields = ("to", "subject", "submission", "attempts", "next_try", "sent", "failed", "last_error")
    readonly_fields = fields
    search_fields = ("to",)


@admin.register(Publication)
class PublicationAdmin(QueueAdmin):
    list_display = ("path", "state", "attempts", "short_commit", "error")
    fields = (
        "path", "branch", "submission", "attempts", "next_try", "commit", "pushed", "done",
        "failed", "last_error",
    )  # fmt: skip
    readonly_fields = fields

    @admin.display(description=gettext_lazy("commit"))
    def short_commit(self, obj: Publication) -> str:
        return obj.commit[:10]
