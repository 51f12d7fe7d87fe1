from __future__ import annotations

from django.urls import path

from forms_service.submissions import views

urlpatterns = [
    path("<str:lang>/forms/<slug:form_id>/", views.form_page, name="form"),
    path(
        "<str:lang>/forms/<slug:form_id>/received/<str:reference>/",
        views.received,
        name="received",
    ),
]
