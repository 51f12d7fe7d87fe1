from __future__ import annotations

from django.urls import path

from forms_service.alerts import views as alerts
from forms_service.submissions import checker, listing, views

urlpatterns = [
    path("<str:lang>/forms/", listing.index, name="forms"),
    # Before the form route: "status", "eligibility" and "alerts" are not forms.
    path("<str:lang>/forms/alerts/", alerts.subscribe, name="alerts"),
    path("<str:lang>/forms/alerts/confirm/<str:token>/", alerts.confirm, name="alerts-confirm"),
    path(
        "<str:lang>/forms/alerts/unsubscribe/<str:token>/",
        alerts.unsubscribe,
        name="alerts-unsubscribe",
    ),
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
