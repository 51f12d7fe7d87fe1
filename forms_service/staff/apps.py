from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class StaffConfig(AppConfig):
    name = "forms_service.staff"
    label = "staff"
    verbose_name = gettext_lazy("Review and publishing")
