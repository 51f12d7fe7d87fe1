"""URL routes of the forms service: /{lang}/forms/... and the staff area, /staff/."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy

from forms_service import site_pages
from forms_service.staff import login as staff_login
from forms_service.staff import views as staff_views

admin.site.site_header = admin.site.site_title = gettext_lazy("Partnership portal: staff")
admin.site.site_url = None  # the public site is not the staff's home
admin.site.login_form = staff_login.StaffLoginForm

urlpatterns = [
    path("staff/login/", staff_login.login, name="staff-login"),
    path("staff/attachments/<int:pk>/", staff_views.attachment, name="staff-attachment"),
    path("staff/", admin.site.urls),
    # The alerts' first: the forms' /{lang}/forms/<form_id>/ would take "alerts" for a form.
    path("", include("forms_service.alerts.urls")),
    path("", include("forms_service.submissions.urls")),
]

handler404 = site_pages.not_found
