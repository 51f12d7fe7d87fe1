"""Django, set up once for the forms service's tests."""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forms_service.settings")
django.setup()
