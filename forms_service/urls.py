"""URL routes of the forms service: /{lang}/forms/... and the staff area, /staff/."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from forms_service import site_pages

admin.site.site_header = admin.site.site_title = "Partnership portal: staff"
admin.site.site_url = None  # the public site is not the staff's home

urlpatterns = [
    path("staff/", admin.site.urls),
    path("", include("forms_service.submissions.urls")),
]

handler404 = site_pages.not_found
