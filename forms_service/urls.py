"""URL routes of the forms service: /{lang}/forms/... (the staff area comes with its feature)."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [path("", include("forms_service.submissions.urls"))]
