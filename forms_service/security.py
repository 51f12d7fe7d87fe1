"""Headers and checks on every response and request of the service.

Django's own middleware gives CSRF (which also checks the Origin header), X-Frame-Options,
X-Content-Type-Options and Referrer-Policy; this adds a Content-Security-Policy (Django 5.2
has none built in) and refuses form posts that a browser says come from another site.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils import translation
from django.utils.translation import gettext as _

from portal_contract import languages


def policy(scripts: tuple[str, ...] = (), styles: tuple[str, ...] = ()) -> str:
    """Pages of the service load nothing from elsewhere, and run no inline script but the
    site layout's own (`scripts`: their hashes); their styles are files too (no
    'unsafe-inline'), but for the inline styles of a page of the built site it sends (its
    404 pages: `styles`, their hashes)."""
    allowed = " ".join(("'self'", *scripts))
    styled = " ".join(("'self'", *styles))
    return (
        f"default-src 'self'; script-src {allowed}; style-src {styled}; "
        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "object-src 'none'; worker-src 'self'"
    )


POLICY = policy()
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def digest(code: str) -> str:
    """A CSP source allowing this inline code: 'sha256-…' of its UTF-8 text."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"


def built_page_policy(html: str) -> str:
    """The policy for a page of the built site sent by the service: its own inline scripts
    and styles allowed by hash, and no other."""
    scripts = tuple(digest(s) for s in INLINE_SCRIPT.findall(html))
    styles = tuple(digest(s) for s in INLINE_STYLE.findall(html))
    return policy(scripts, styles)


class SecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.headers.get("Sec-Fetch-Site") == "cross-site":
            response: HttpResponse = HttpResponseForbidden("cross-site form posts are refused")
        elif _length(request) > settings.FORMS_MAX_REQUEST_MB * 1024 * 1024:
            response = _too_large(request)
            _discard(request)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        # Every page here is drawn for one visitor (its form token, its answers): never kept
        # by a shared cache (a CDN, an office's proxy). Pages that show personal data say
        # no-store themselves (never_cache), so that the browser does not keep them either.
        response.headers.setdefault("Cache-Control", "private, no-cache")
        return response


def _length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _discard(request: HttpRequest) -> None:
    """Read a refused body to its end, unkept, before answering. A server that closes a
    connection with part of the body unread makes the kernel reset it, and the reverse
    proxy then loses the answer (a 502, not this page in the visitor's language) and takes
    the service for down, for every visitor, for a while. nginx lets through a little more
    than FORMS_MAX_REQUEST_MB (deploy/nginx); a body beyond twice that is left unread."""
    stream = request.META.get("wsgi.input")
    left = _length(request)
    if stream is None or left > 2 * settings.FORMS_MAX_REQUEST_MB * 1024 * 1024:
        return
    while left > 0:
        chunk = stream.read(min(left, 1 << 16))
        if not chunk:
            return
        left -= len(chunk)


def _too_large(request: HttpRequest) -> HttpResponse:
    """413, in the language of the address, before the body is read."""
    lang = request.path.strip("/").split("/", 1)[0]
    with translation.override(languages.get(lang).code):
        text = _(
            "The files sent together are too large (more than %(size)s MB). Go back and send"
            " smaller files."
        ) % {"size": settings.FORMS_MAX_REQUEST_MB}
    response = HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")
    response["Connection"] = "close"
    return response
