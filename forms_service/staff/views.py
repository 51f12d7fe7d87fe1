"""Attachments for staff: downloaded, never shown in the browser, only to those who may."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404, HttpRequest

from forms_service import logs, storage, uploads
from forms_service.staff import review, roles
from forms_service.staff.admin import staff_of
from forms_service.submissions.models import Attachment, Submission


@staff_member_required(login_url="/staff/login/")
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    staff = staff_of(request)
    if staff is None:
        raise Http404
    allowed = roles.visible(staff.role, staff.post, Submission.objects.all())
    found = Attachment.objects.filter(pk=pk, submission__in=allowed).first()
    if found is None:
        raise Http404
    logs.about(request, found.submission.reference)
    review.audit(request.user, "downloaded", found.submission, found.name)
    content = storage.uploads().open(uploads.file_name(found.stored), "rb")
    return FileResponse(
        content, as_attachment=True, filename=found.name, content_type="application/pdf"
    )
