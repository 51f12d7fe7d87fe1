"""URL routes of the forms service: /{lang}/forms/... and the staff area, /staff/."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy
from django.views.generic import RedirectView

from forms_service import site_pages
from forms_service.staff import login as staff_login
from forms_service.staff import views as staff_views

admin.site.site_header = admin.site.site_title = gettext_lazy("Partnership portal: staff")
admin.site.site_url = None  # the public site is not the staff's home
admin.site.login_form = staff_login.StaffLoginForm

urlpatterns = [
    path("staff/login/", staff_login.login, name="staff-login"),
    path("staff/attachments/<int:pk>/", staff_views.attachment, name="staff-attachment"),
    # Records to publish moved from the staff app to submissions' (submissions' migration
    # 0010), and their pages in the staff area with them: a bookmark of the old ones still
    # finds them. Not permanent: after a rollback, browsers must not keep going to the new.
    re_path(
        r"^staff/staff/publication/(?P<rest>.*)$",
        RedirectView.as_view(url="/staff/submissions/publication/%(rest)s", query_string=True),
    ),
    path("staff/", admin.site.urls),
    # The alerts' first: the forms' /{lang}/forms/<form_id>/ would take "alerts" for a form.
    path("", include("forms_service.alerts.urls")),
    path("", include("forms_service.submissions.urls")),
]

handler404 = site_pages.not_found
