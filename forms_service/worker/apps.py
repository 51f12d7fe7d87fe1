from __future__ import annotations

from django.apps import AppConfig


class WorkerConfig(AppConfig):
    # No models: installed for its management commands.
    name = "forms_service.worker"
    label = "worker"
