from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class StaffConfig(AppConfig):
    name = "forms_service.staff"
    label = "staff"
    verbose_name = gettext_lazy("Review and publishing")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from forms_service.staff import sessions

        user_logged_in.connect(sessions.end_when_idle, dispatch_uid="staff-session-idle")
