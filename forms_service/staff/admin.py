"""The staff area (/staff/): Django's admin, shaped by the staff roles.

Each role sees what roles.py allows: a consular post only the submissions routed to it (any
other is a 404, list, page or attachment); an auditor reads and changes nothing. A review
step is taken on the submission's page: the next statuses offered are those the role may
give from where it stands, with a comment the applicant receives. A list is filtered only
by what it offers, its filters and date links (lookups.py).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext_lazy

from forms_service import clock, definitions, logs
from forms_service.staff import exports, inlines, lookups, publishing, review, roles
from forms_service.staff.models import AuditEntry, Staff, StatusChange
from forms_service.submissions import storing
from forms_service.submissions.models import Attachment, Submission
from forms_service.submissions.statuses import meaning
from portal_contract import languages


def staff_of(request: HttpRequest) -> Staff | None:
    user = request.user
    if not user.is_authenticated or not user.is_staff:
        return None
    return Staff.objects.filter(user=user).first()


class RoleAdmin(admin.ModelAdmin):
    """Seen by every role; changed by none, unless a subclass says otherwise."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return staff_of(request) is not None

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return staff_of(request) is not None

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # Only what the list offers (see lookups): Django's own rule allows any lookup on the
        # model's fields, a regular expression or a secret column included.
        return lookups.allowed(self, request, lookup, value)


class ReadOnlyInline(admin.StackedInline):
    """A submission's related rows, shown to every role and changed by none."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return staff_of(request) is not None


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("field", "download", "size", "sha256")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("File"))
    def download(self, obj: Attachment) -> str:
        url = reverse("staff-attachment", args=[obj.pk])
        return format_html('<a href="{}" download>{}</a>', url, obj.name)


class ChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ("at", "by", "old", "new", "comment")
    readonly_fields = fields


class ReviewForm(forms.ModelForm):
    # The steps this staff member may take from the submission's status: set on a subclass
    # made for each request (SubmissionAdmin.get_form), never on a field of this class, which
    # every request (and every thread of a threaded server) shares.
    steps: ClassVar[list[str]] = []
    new_status = forms.ChoiceField(
        label=gettext_lazy("New status"), required=False, choices=[("", "—")]
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment for the applicant"), required=False, widget=forms.Textarea
    )
    # The status the page was drawn with: a post chosen from another is sent back.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Submission
        fields: ClassVar[list[str]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_status"].choices = [("", "—")] + [
            (step, f"{step}: {meaning(step)}") for step in self.steps
        ]
        self.fields["seen"].initial = self.instance.status

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("new_status") in roles.NEEDS_COMMENT and not cleaned.get("comment"):
            self.add_error("comment", gettext_lazy("Say why: the applicant receives it."))
        if cleaned.get("new_status") == "approved":
            found = publishing.record_of(self.instance, clock.today())
            problems = publishing.schema_errors(*found) if found else []
            if problems:
                message = gettext_lazy("It cannot be published as it is: %(problems)s")
                self.add_error("new_status", message % {"problems": "; ".join(problems)})
        return cleaned


@admin.register(Submission)
class SubmissionAdmin(RoleAdmin):
    form = ReviewForm
    list_display = ("reference", "form_id", "subject", "post", "shown_status", "lang", "created")
    list_filter = ("form_id", "subject", "status", "post", "lang")
    search_fields = ("reference",)
    date_hierarchy = "created"
    readonly_fields = (
        "reference", "form_id", "subject", "post", "shown_status", "lang", "email",
        "shown_answers", "created",
    )  # fmt: skip
    fields = (*readonly_fields, "new_status", "comment", "seen")
    inlines = (AttachmentInline, ChangeInline)
    actions = ("export_xlsx", "export_csv", "export_projects")

    @admin.action(description=gettext_lazy("Selected projects as rows for data/projects/ (CSV)"))
    def export_projects(self, request: HttpRequest, queryset: QuerySet[Submission]) -> HttpResponse:
        body = exports.project_rows(queryset, settings.DATA_DIR)
        exported = queryset.filter(status="selected").only("pk")  # project_rows' own choice
        review.audit_each(request.user, "exported", exported, "projects rows")
        return _file(body, "projects.csv", "csv")

    @admin.action(description=gettext_lazy("Export the selected applications (XLSX)"))
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet[Submission]) -> HttpResponse:
        return _download(request, queryset, "xlsx")

    @admin.action(description=gettext_lazy("Export the selected applications (CSV)"))
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Submission]) -> HttpResponse:
        return _download(request, queryset, "csv")

    @admin.display(description=gettext_lazy("Status"), ordering="status")
    def shown_status(self, obj: Submission) -> str:
        return f"{obj.status}: {meaning(obj.status)}"

    @admin.display(description=gettext_lazy("Answers"))
    def shown_answers(self, obj: Submission) -> str:
        """The answers under their labels, in the staff member's language."""
        definition = definitions.load(settings.DATA_DIR).get(obj.form_id)
        if definition is None:
            return str(obj.answers)
        lang = get_language() or obj.lang
        lang = lang if lang in languages.CODES else obj.lang
        # The form as it asks about the submission's own call (its answers as the form's
        # first values): once the call has closed, with no other call open, the form made
        # for no call in particular no longer has its priority area or its region.
        form = definitions.form_class(definition, lang, settings.DATA_DIR)(initial=obj.answers)
        pairs = storing.shown_answers(definition, lang, obj.answers, form.fields)
        rows = format_html_join("", "<dt>{}</dt><dd>{}</dd>", pairs)
        return format_html('<dl class="answers">{}</dl>', rows)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Submission]:
        staff = staff_of(request)
        found = super().get_queryset(request)
        return roles.visible(staff.role, staff.post, found) if staff else found.none()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        staff = staff_of(request)
        return staff is not None and staff.role != "auditor"

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, **kwargs)
        staff = staff_of(request)
        steps = roles.next_steps(staff.role, obj.form_id, obj.status) if staff and obj else []
        return type(form.__name__, (form,), {"steps": steps})

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        found = self.get_object(request, object_id)  # from get_queryset: the role's own
        if found is None:  # another post's, none at all, or not an id: the same answer
            raise Http404
        logs.about(request, found.reference)
        # A page drawn before another reviewer's step: its read-only lists no longer match
        # either, which would be refused as an altered post (a 400) if it went further.
        changing = request.method == "POST" and self.has_change_permission(request, found)
        if changing and request.POST.get("seen") != found.status:
            return _changed_meanwhile(request)
        try:
            response = super().change_view(request, object_id, form_url, extra_context)
        except review.ChangedMeanwhile:  # the admin's transaction is rolled back whole
            return _changed_meanwhile(request)
        # Whenever the page, answers and all, is drawn: a post sent back with its errors shows
        # as much as a GET, and must not be a way to read a submission unrecorded.
        if response.status_code == 200:
            review.audit(request.user, "viewed", found)
        return response

    def get_formset_kwargs(
        self, request: HttpRequest, obj: Any, inline: Any, prefix: str
    ) -> dict[str, Any]:
        found: dict[str, Any] = super().get_formset_kwargs(request, obj, inline, prefix)
        if request.method == "POST":  # the lists are read-only: posted back as they were drawn
            inlines.refuse_altered(inline.get_formset(request, obj), found, request.POST)
        return found

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if self.get_object(request, object_id) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def save_model(self, request: HttpRequest, obj: Submission, form: Any, change: bool) -> None:
        new = form.cleaned_data.get("new_status")
        if new:
            review.change_status(obj, request.user, new, form.cleaned_data.get("comment", ""))


TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _download(request: HttpRequest, queryset: QuerySet[Submission], kind: str) -> HttpResponse:
    """The rows the staff member may see (the admin's queryset is already theirs)."""
    chosen = queryset.filter(form_id="project-application")
    body = exports.as_xlsx(chosen) if kind == "xlsx" else exports.as_csv(chosen)
    review.audit_each(request.user, "exported", chosen.only("pk"), f"applications, {kind}")
    return _file(body, f"applications.{kind}", kind)


def _changed_meanwhile(request: HttpRequest) -> HttpResponse:
    messages.warning(
        request,
        gettext_lazy(
            "Another reviewer changed this submission while you had it open: here it is as it"
            " is now. Nothing you chose was saved; choose again if need be."
        ),
    )
    return HttpResponseRedirect(request.get_full_path())


def _file(body: bytes, name: str, kind: str) -> HttpResponse:
    response = HttpResponse(body, content_type=TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@admin.register(AuditEntry)
class AuditAdmin(RoleAdmin):
    list_display = ("at", "user", "action", "submission", "detail")
    list_filter = ("action",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        staff = staff_of(request)
        return staff is not None and staff.role in ("admin", "auditor")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


# The worker's queues (emails, records to publish) have pages of their own.
from forms_service.staff import queues  # noqa: E402, F401
