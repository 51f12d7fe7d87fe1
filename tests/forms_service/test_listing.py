"""/{lang}/forms/: every form of data/forms/ and the service's own pages, one line each,
each leading to its page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from forms_service import definitions
from tests.conftest import REPO

pytestmark = pytest.mark.django_db
FORMS = definitions.load(REPO / "data")
SERVICE_PAGES = ("eligibility", "alerts", "status")
TITLE = {
    "ar": "الاستمارات والخدمات الإلكترونية",
    "fr": "Formulaires et services en ligne",
    "en": "Forms and online services",
}


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_forms_address_lists_what_a_visitor_can_do(client: Client, lang: str) -> None:
    response = client.get(f"/{lang}/forms/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{TITLE[lang]}</h1>" in html
    entries = re.findall(r'<li><h2><a href="([^"]+)">(.*?)</a></h2><p>(.+?)</p></li>', html)
    listed = [href for href, _title, _line in entries]
    assert sorted(listed) == sorted(f"/{lang}/forms/{name}/" for name in [*FORMS, *SERVICE_PAGES])
    assert listed[0] == f"/{lang}/forms/project-application/"  # what most come for
    titles = {href: title for href, title, _line in entries}
    for form_id, found in FORMS.items():
        assert unescape(titles[f"/{lang}/forms/{form_id}/"]) == found.text(
            found.data["title"], lang
        )
    for href in listed:
        assert client.get(href).status_code == 200, href


def test_a_language_the_portal_does_not_speak_has_no_forms_page(client: Client) -> None:
    assert client.get("/es/forms/").status_code == 404
