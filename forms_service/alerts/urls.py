"""The alert pages' routes: /{lang}/forms/alerts/…, included by the project's URLs before the
forms' own, whose /{lang}/forms/<form_id>/ would otherwise take "alerts" for a form."""

from __future__ import annotations

from django.urls import path

from forms_service.alerts import views

urlpatterns = [
    path("<str:lang>/forms/alerts/", views.subscribe, name="alerts"),
    path("<str:lang>/forms/alerts/confirm/<str:token>/", views.confirm, name="alerts-confirm"),
    path(
        "<str:lang>/forms/alerts/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="alerts-unsubscribe",
    ),
]
