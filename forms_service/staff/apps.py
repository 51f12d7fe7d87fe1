from __future__ import annotations

from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "forms_service.staff"
    label = "staff"
    verbose_name = "Staff"
