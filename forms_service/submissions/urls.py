"""The forms' routes: /{lang}/forms/, each form's pages, the status page and the eligibility
checker."""

from __future__ import annotations

from django.urls import path

from forms_service.submissions import checker, listing, views

urlpatterns = [
    path("<str:lang>/forms/", listing.index, name="forms"),
    # Before the form route: "status" and "eligibility" are not forms ("alerts" neither: its
    # routes, forms_service/alerts/urls.py, come before these).
    path("<str:lang>/forms/status/", views.status, name="status"),
    path("<str:lang>/forms/eligibility/", checker.checker, name="eligibility"),
    path("<str:lang>/forms/<slug:form_id>/", views.form_page, name="form"),
    path("<str:lang>/forms/<slug:form_id>/resume/<str:secret>/", views.resume, name="resume"),
    path(
        "<str:lang>/forms/<slug:form_id>/received/<str:reference>/",
        views.received,
        name="received",
    ),
]
