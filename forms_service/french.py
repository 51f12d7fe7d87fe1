"""French typography on the service's French pages, as on the site's
(portal_contract/typography.py): a narrow no-break space before ; : ! ? and inside « ».

The catalogs' French has it already; the form definitions' French (data/forms/*.yaml) and the
records' titles shown in the forms are typed as people type, with a plain space or none. The
pass leaves alone what a user typed into a field (values, text areas), scripts and styles, and
an element marked with another language.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from portal_contract import typography

# Every page of the service says its language on its root element (forms_service/layout.py).
FRENCH_PAGE = re.compile(rb"<html[^>]*\slang=\"fr", re.I)


class FrenchTypography:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and FRENCH_PAGE.search(response.content[:2000])
        ):
            charset = response.charset
            response.content = typography.french(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
