"""The pages the audits look at: one of each kind the site builds, in every language, and
the forms service's. Shared by the HTML validation test, the Lighthouse runner and the
screenshots, so that the three speak of the same pages."""

from __future__ import annotations

LANGUAGES = ("ar", "fr", "en")

# One page of each kind, by its path under /{lang}/. The records named exist in the sample
# data (data/), which the tests' built site includes.
SITE_PAGES = {
    "home": "",
    "calls": "calls/",
    "call": "calls/solidarity-2026/",
    "trainings": "trainings/",
    "training": "trainings/project-engineering-2026-11-5/",
    "projects": "projects/",
    "project": "projects/p2019-001/",
    "associations": "associations/",
    "association": "associations/amal-paris/",
    "partnerships": "partnerships/",
    "partnership-request": "partnerships/jusoor-lille-oriental/",
    "programme": "programmes/project-support/",
    "guide": "guides/how-to-apply/",
    "data": "data/",
    "search": "search/",
    "content-page": "about/accessibility/",
    "story": "stories/digital-literacy-lille/",
    "404": "404.html",
}

# Pages outside the language folders: the language chooser.
ROOT_PAGES = {"root": "/"}

# The forms service's pages, by kind. Those marked as answers to a post are captured from
# the service (tests/audit/forms_pages.py); the others are plain GETs.
FORM = "contact"
FORMS_PAGES = {
    "form": f"forms/{FORM}/",
    "form-errors": f"forms/{FORM}/",  # after a post with nothing filled in
    "check-answers": "forms/project-application/",  # after a complete post
    "received": f"forms/{FORM}/received/",  # followed from the post's redirect
    "status": "forms/status/",
    "alerts": "forms/alerts/",
    "eligibility": "forms/eligibility/?call=solidarity-2026",
}
POSTED = ("form-errors", "check-answers", "received")


def site_url(lang: str, kind: str) -> str:
    return f"/{lang}/{SITE_PAGES[kind]}"


def site_file(lang: str, kind: str) -> str:
    """The built file that answers site_url, relative to the site's folder."""
    path = SITE_PAGES[kind]
    return f"{lang}/{path}index.html" if path == "" or path.endswith("/") else f"{lang}/{path}"
