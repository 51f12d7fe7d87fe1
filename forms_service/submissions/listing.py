"""/{lang}/forms/: what a visitor can do with the service, one line each — every form of
data/forms/ and the service's own pages — so that the forms' own address is not a dead end
(the 404 page and the accessibility statement lead here)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms_service import definitions
from forms_service.responses import LANGS, context, page

# The service's pages that are not form definitions: (title, what it is for).
PAGES: dict[str, tuple[Promise, Promise]] = {
    "eligibility": (
        gettext_lazy("Can our association apply?"),
        gettext_lazy(
            "A few questions checked against a call's own conditions, and the documents to prepare."
        ),
    ),
    "alerts": (
        gettext_lazy("Email alerts"),
        gettext_lazy("An email when a call for projects or a training is published."),
    ),
    "status": (
        gettext_lazy("Follow a request"),
        gettext_lazy(
            "Where your application, registration or message stands, from its reference number."
        ),
    ),
}
# In the order a visitor needs them, from applying to asking; a form added to data/forms/
# and not named here comes after these.
ORDER = (
    "project-application",
    "eligibility",
    "training-registration",
    "association-registration",
    "association-update",
    "partnership-request",
    "partnership-reply",
    "alerts",
    "status",
    "contact",
)


def index(request: HttpRequest, lang: str) -> HttpResponse:
    if lang not in LANGS:
        raise Http404
    with translation.override(lang):
        entries = {
            form_id: (found.text(found.data["title"], lang), found.text(found.data["intro"], lang))
            for form_id, found in definitions.load(settings.DATA_DIR).items()
        }
        entries |= {name: (str(title), str(line)) for name, (title, line) in PAGES.items()}
        order = [k for k in ORDER if k in entries] + sorted(set(entries) - set(ORDER))
        items = [
            {"href": f"/{lang}/forms/{k}/", "title": entries[k][0], "line": entries[k][1]}
            for k in order
        ]
        shown = context(lang, _("Forms and online services"), items=items)
        return page(request, "forms/index.html", shown)
