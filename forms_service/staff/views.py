"""Attachments for staff: downloaded, never shown in the browser, only to those who may."""

from __future__ import annotations

import logging

from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import never_cache

from forms_service import logs, storage, uploads
from forms_service.staff import review, roles
from forms_service.staff.admin import staff_of
from forms_service.submissions.models import Attachment, Submission

log = logging.getLogger("forms_service.staff")


# An applicant's file, like the admin's pages (which Django marks so): kept by no proxy and
# by no browser cache on a computer that staff may share.
@never_cache
@staff_member_required(login_url="/staff/login/")
def attachment(request: HttpRequest, pk: int) -> FileResponse | HttpResponseRedirect:
    staff = staff_of(request)
    if staff is None:
        raise Http404
    allowed = roles.visible(staff.role, staff.post, Submission.objects.all())
    found = Attachment.objects.filter(pk=pk, submission__in=allowed).first()
    if found is None:
        raise Http404
    # Opened from another site (a link on a page, an image's address): the browser sends the
    # staff session along (SameSite=Lax), so any page could have put an applicant's file in a
    # reviewer's downloads and a "downloaded" line in the audit log. Such a visit lands on the
    # file's application, where the reviewer chooses to download it; links from the staff
    # area, and an address typed or opened from a mail program, are not cross-site.
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        page = reverse("admin:submissions_submission_change", args=[found.submission.pk])
        return HttpResponseRedirect(page)
    logs.about(request, found.submission.reference)
    review.audit(request.user, "downloaded", found.submission, found.name)
    try:
        content = storage.uploads().open(uploads.file_name(found.stored), "rb")
    except FileNotFoundError as error:
        # A row whose file is gone (a store restored from an older backup, say): the staff
        # member gets a 404, the operator a line that names it.
        log.error("attachment %s of %s: no file %s", pk, found.submission.reference, found.stored)
        raise Http404 from error
    # Named again as it is now named: rows kept before every name ended in .pdf.
    name = uploads.display_name(found.name)
    return FileResponse(content, as_attachment=True, filename=name, content_type="application/pdf")
