"""A page of the service, in the site's layout when the site is built (see layout.py).

Shared by every app's pages (the forms, the alerts) and by the 404 page: a module of the
package, not of one app, so that no app reaches into another's views for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from forms_service import layout, security
from portal_contract import languages

# The languages a page of the service may be asked in: the first part of its address.
LANGS = {code for code, _name in settings.LANGUAGES}


def context(lang: str, title: str, **more: Any) -> dict[str, Any]:
    """What every page of the service is drawn with: its language, direction and title."""
    return {"lang": lang, "dir": languages.direction(lang), "title": title, **more}


def here(request: HttpRequest, lang: str, selecting: Mapping[str, str]) -> str:
    """The page's address after /{lang}/, for the language links, the alternates and the
    canonical link: its path, and the parameters that chose what the form is about
    (?call=…), so that another language shows the same form about the same thing. Quoted:
    it is written into the layout's attributes, and a path may hold any character."""
    path = quote(request.path.removeprefix(f"/{lang}/"))
    return f"{path}?{urlencode(selecting)}" if selecting else path


def page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    lang = context["lang"]
    found = layout.find(settings.SITE_DIR, lang)
    if found is None:
        return render(request, template, {**context, "base": "forms/base.html"}, status=status)
    body = render_to_string(template, {**context, "base": "forms/embedded.html"}, request)
    title = context.get("page_title") or context["title"]
    html = found.fill(here(request, lang, context.get("selecting") or {}), title, body)
    response = HttpResponse(html, status=status)
    response["Content-Security-Policy"] = security.policy(found.script_hashes)
    return response
