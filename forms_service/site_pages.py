"""What the service answers for an address it does not know: the site's own 404 page, in
the language of the address (/fr/… → site/fr/404.html; an address without a language gets
site/404.html, which speaks all three), as the static host would. Without a built site (a
service running alone, the tests) a plain page says the same, in the same languages."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseNotFound
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from forms_service import security
from forms_service.responses import context
from portal_contract import languages


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponseNotFound:
    lang = request.path.strip("/").split("/", 1)[0]
    known = lang in languages.CODES
    page = settings.SITE_DIR / (lang if known else "") / "404.html"
    if page.is_file():
        html = page.read_text(encoding="utf-8")
        response = HttpResponseNotFound(html, content_type="text/html; charset=utf-8")
        # Its own inline code runs (Material's scripts, the root page's style), as nginx's
        # policy allows it; the forms' policy would block it.
        response["Content-Security-Policy"] = security.built_page_policy(html)
        return response
    sections = [_worded(code) for code in ([lang] if known else languages.CODES)]
    first = sections[0]
    shown = context(first["lang"], " · ".join(s["title"] for s in sections), sections=sections)
    with translation.override(first["lang"]):
        html = render_to_string("forms/not_found.html", {**shown, "base": "forms/base.html"})
    return HttpResponseNotFound(html)


def _worded(lang: str) -> dict[str, str]:
    with translation.override(lang):
        return {
            **context(lang, _("Page not found")),
            "text": _(
                "This address does not lead to a page of the portal. It may have moved, or"
                " the address may be mistyped."
            ),
            "home": _("Go to the home page"),
        }
