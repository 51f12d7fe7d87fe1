"""What the service answers for an address it does not know: the site's own 404 page, in
the language of the address (/fr/… → site/fr/404.html), as the static host would."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseNotFound

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponseNotFound:
    lang = request.path.strip("/").split("/", 1)[0]
    page = settings.SITE_DIR / (lang if lang in LANGUAGES else "") / "404.html"
    if page.is_file():
        return HttpResponseNotFound(page.read_bytes(), content_type="text/html; charset=utf-8")
    return HttpResponseNotFound("Not found", content_type="text/plain; charset=utf-8")
