from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AlertsConfig(AppConfig):
    name = "forms_service.alerts"
    label = "alerts"
    verbose_name = gettext_lazy("Email alerts")
    default_auto_field = "django.db.models.BigAutoField"
