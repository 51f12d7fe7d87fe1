"""URL routes of the forms service (forms and staff pages are added with their features)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
