from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SubmissionsConfig(AppConfig):
    name = "forms_service.submissions"
    label = "submissions"
    verbose_name = gettext_lazy("Forms received")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from forms_service import checks  # noqa: F401  (registers the deployment checks)
