"""The WSGI application, for a production server: `gunicorn forms_service.wsgi`."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forms_service.settings")
application = get_wsgi_application()
