"""URL routes of the forms service: /{lang}/forms/... (the staff area comes with its feature)."""

from __future__ import annotations

from django.urls import include, path

from forms_service import site_pages

urlpatterns = [path("", include("forms_service.submissions.urls"))]

handler404 = site_pages.not_found
