from __future__ import annotations

from django.urls import path

from forms_service.submissions import views

urlpatterns = [
    # Before the form route: "status" is not a form.
    path("<str:lang>/forms/status/", views.status, name="status"),
    path("<str:lang>/forms/<slug:form_id>/", views.form_page, name="form"),
    path(
        "<str:lang>/forms/<slug:form_id>/received/<str:reference>/",
        views.received,
        name="received",
    ),
]
