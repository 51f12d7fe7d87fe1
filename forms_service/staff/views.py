"""Attachments for staff: downloaded, never shown in the browser, only to those who may."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404, HttpRequest

from forms_service import logs
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
    path = settings.FORMS_UPLOAD_DIR / "files" / found.stored
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=found.name, content_type="application/pdf"
    )
