from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SubmissionsConfig(AppConfig):
    name = "forms_service.submissions"
    label = "submissions"
    verbose_name = gettext_lazy("Forms received")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the system checks: FORMS_TRUSTED_PROXIES (which `check` and `migrate`
        # run; the module is otherwise imported only on a first rate-limited request) and the
        # deployment checks of PORTAL_ORIGIN.
        from forms_service import checks, clients  # noqa: F401
