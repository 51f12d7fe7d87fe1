"""Django settings: the one place the forms service reads its environment.

Defaults run on one machine with SQLite under var/; production sets the variables below.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FORMS_VAR_DIR", BASE_DIR / "var"))

DEBUG = os.environ.get("FORMS_DEBUG", "1") == "1"
# Development only: production must set FORMS_SECRET_KEY (checked by `check --deploy`).
SECRET_KEY = os.environ.get("FORMS_SECRET_KEY", "dev-only-not-secret")
ALLOWED_HOSTS = os.environ.get("FORMS_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "forms_service.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "forms.sqlite3",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("fr", "Français"), ("en", "English")]
DATA_DIR = Path(os.environ.get("PORTAL_DATA_DIR", BASE_DIR / "data"))
