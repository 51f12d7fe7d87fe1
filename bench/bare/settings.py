"""The bare project's settings: the forms service's database settings, as it reads them
(SQLite with WAL and synchronous=FULL under FORMS_VAR_DIR, or DATABASE_URL), and nothing
more."""

from __future__ import annotations

from forms_service.settings import DATABASES, SECRET_KEY, USE_TZ

__all__ = ["DATABASES", "SECRET_KEY", "USE_TZ"]

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
