"""On one port: the built site's pages, the forms, and the site's 404 page per language."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from forms_service import definitions
from tests.conftest import REPO, BuiltSite
from tests.menus import menu_links

pytestmark = pytest.mark.django_db


STYLE = "p { color: #1d1d1d }"  # the inline style of the site's root 404 page


@pytest.fixture
def site(tmp_path: Path, settings: Any) -> Path:
    for rel, text in {
        "index.html": "<p>choose a language</p>",
        "fr/index.html": "<p>accueil</p>",
        "fr/calls/index.html": "<p>appels</p>",
        "fr/404.html": "<p>page introuvable</p>",
        "ar/404.html": "<p>الصفحة غير موجودة</p>",
        "404.html": f"<style>{STYLE}</style><p>غير موجودة · introuvable · not found</p>",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    settings.SITE_DIR = settings.WHITENOISE_ROOT = tmp_path
    return tmp_path


def text(response: Any) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def test_the_site_and_the_forms_share_one_port(site: Path) -> None:
    client = Client()  # made after the settings: its middleware reads them
    assert "choose a language" in text(client.get("/"))
    assert "accueil" in text(client.get("/fr/"))
    assert "appels" in text(client.get("/fr/calls/"))
    form = client.get("/fr/forms/contact/")
    assert form.status_code == 200 and "Envoyer" in form.content.decode()


def test_an_unknown_address_gets_the_sites_404_in_its_language(site: Path) -> None:
    client = Client()
    fr, ar = client.get("/fr/nulle-part/"), client.get("/ar/forms/nothing/")
    assert (fr.status_code, ar.status_code) == (404, 404)
    assert "page introuvable" in fr.content.decode()
    assert "الصفحة غير موجودة" in ar.content.decode()


def test_an_address_without_a_language_gets_the_404_page_of_the_three(site: Path) -> None:
    """The site's own page for it (site/404.html), with its inline style allowed by hash,
    as nginx's policy does: the forms' own policy would block it."""
    response = Client().get("/nulle-part")
    assert response.status_code == 404
    assert "غير موجودة · introuvable · not found" in response.content.decode()
    policy = response["Content-Security-Policy"]
    assert sha256(STYLE) in policy.split("style-src", 1)[1].split(";", 1)[0]


@pytest.mark.parametrize(
    ("path", "langs"),
    [
        ("/fr/nulle-part/", ["fr"]),
        ("/ar/forms/nothing/", ["ar"]),
        ("/nothing-here", ["ar", "fr", "en"]),
    ],
)
def test_without_a_built_site_a_missing_page_is_still_a_page_in_its_languages(
    path: str, langs: list[str]
) -> None:
    """The service alone (no site/ beside it): a page of its own, titled "not found" in the
    address's language, or in the three for an address without one."""
    response = Client().get(path)
    html = response.content.decode()
    assert response.status_code == 404
    title = re.search(r"<title>(.*?)</title>", html)
    assert title and title.group(1) == " · ".join(NOT_FOUND[lang] for lang in langs)
    assert html_tag(html) == (langs[0], "rtl" if langs[0] == "ar" else "ltr")
    for lang in langs:
        assert f'<section lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html


NOT_FOUND = {"ar": "الصفحة غير موجودة", "fr": "Page introuvable", "en": "Page not found"}


def html_tag(html: str) -> tuple[str, str] | None:
    found = re.search(r'<html lang="([^"]*)" dir="([^"]*)"', html)
    return (found.group(1), found.group(2)) if found else None


def service_pages(lang: str) -> list[str]:
    forms = sorted(definitions.load(REPO / "data"))
    return [
        f"/{lang}/forms/",
        *(f"/{lang}/forms/{form_id}/" for form_id in forms),
        f"/{lang}/forms/status/",
        f"/{lang}/forms/eligibility/",
        f"/{lang}/forms/alerts/",
        f"/{lang}/forms/nothing/",
    ]


@pytest.mark.parametrize("drawn", ["alone", "in the site's layout"])
@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_every_page_of_the_service_has_its_language_and_direction(
    built_site: BuiltSite, settings: Any, lang: str, drawn: str
) -> None:
    """<html lang dir> as the address's language says, on every page and on a form that
    comes back with errors, in the service's own layout and in the site's; the staff's
    sign-in page in the language their browser asks for."""
    if drawn != "alone":
        settings.SITE_DIR = built_site.out
    client = Client()
    direction = "rtl" if lang == "ar" else "ltr"
    pages = {path: client.get(path) for path in service_pages(lang)}
    pages["errors"] = client.post(f"/{lang}/forms/contact/", {"name": "Amal"})
    pages["staff"] = client.get("/staff/login/", HTTP_ACCEPT_LANGUAGE=lang)
    found = {path: html_tag(response.content.decode()) for path, response in pages.items()}
    assert found == dict.fromkeys(pages, (lang, direction))


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_every_menu_and_footer_link_answers_on_the_one_port(
    built_site: BuiltSite, settings: Any, lang: str
) -> None:
    """The site and the forms on one port, as `make run` serves them: from a page of the
    site, a form and the list of forms, every tab, side menu entry and footer link answers
    200, those of the site (WhiteNoise) and those of the service alike."""
    settings.SITE_DIR = settings.WHITENOISE_ROOT = built_site.out
    client = Client()
    answers: dict[str, int] = {}
    for page in (f"/{lang}/", f"/{lang}/forms/contact/", f"/{lang}/forms/"):
        links = menu_links(body(client.get(page)))
        assert len(links) > 10, page
        for link in links:
            url = urlsplit(urljoin(page, link))
            if url.netloc:  # another site's page (the open-data licence's): not ours to open
                assert url.scheme == "https", link
            elif url.path not in answers:
                answers[url.path] = client.get(url.path).status_code
    assert {path: code for path, code in answers.items() if code != 200} == {}
    assert {f"/{lang}/forms/contact/", f"/{lang}/forms/status/"} <= set(answers)


def body(response: Any) -> str:
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return str(response.content.decode())


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        (
            "/ar/forms/project-application/?call=open-call",
            "forms/project-application/?call=open-call",
        ),
        ("/fr/forms/contact/?topic=accessibility", "forms/contact/?topic=accessibility"),
        ("/en/forms/eligibility/?call=open-call&founded=2012", "forms/eligibility/?call=open-call"),
        (
            "/fr/forms/project-application/?call=open-call&ref=newsletter-x",
            "forms/project-application/?call=open-call",
        ),
    ],
)
def test_the_language_links_keep_what_the_form_is_about(
    built_site: BuiltSite, settings: Any, live_data: Path, path: str, kept: str
) -> None:
    """The same form, about the same call (or topic), in the other language; the address's
    other parameters (answers to the checker, anything else) stay behind."""
    settings.SITE_DIR = built_site.out
    html = Client().get(path).content.decode()
    for lang in ("ar", "fr", "en"):
        link = f'href="/{lang}/{kept}"'.replace("&", "&amp;")
        assert link in html, lang
        assert f'hreflang="{lang}" href="http://127.0.0.1:8000/{lang}/{kept}"' in html
    assert "newsletter-x" not in html and "founded=2012" not in html.split("<main", 1)[0]


def test_an_address_is_written_into_the_layout_quoted(built_site: BuiltSite, settings: Any) -> None:
    """Whatever the path holds (here a quote and markup, in a saved form's link), it is a
    quoted path in the layout's links, never markup of the page."""
    settings.SITE_DIR = built_site.out
    response = Client().get("/fr/forms/project-application/resume/%22%3E%3Cb%3Eboom/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<b>boom" not in html and '"><b>' not in html
    assert 'href="/ar/forms/project-application/resume/%22%3E%3Cb%3Eboom/"' in html


def test_forms_are_drawn_into_the_sites_layout(built_site: BuiltSite, settings: Any) -> None:
    settings.SITE_DIR = built_site.out
    client = Client()
    response = client.get("/ar/forms/contact/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="md-header' in html and 'dir="rtl"' in html  # the theme's page, in Arabic
    assert "<title>راسلوا فريق الشراكة" in html
    assert 'hreflang="fr" href="http://127.0.0.1:8000/fr/forms/contact/"' in html
    assert '"../' not in html  # its links work at any depth
    assert 'href="/ar/assets/portal.css"' in html
    # The layout's inline scripts (none since Material's own were dropped) may run, and only
    # they: the policy lists each one's hash.
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    policy = response["Content-Security-Policy"]
    assert all(sha256(s) in policy for s in scripts)
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    errors = client.post("/ar/forms/contact/", {"name": "أمل"}).content.decode()
    assert "<title>خطأ: راسلوا فريق الشراكة" in errors and 'class="md-header' in errors


def sha256(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# A service process as configured by its environment: started (its middleware made, as on the
# first request), then a page is added to the site, as `site-builder watch` does; it prints
# what it answers for a page there at start, the page added since, and a staff area's file.
SERVE = """
import sys
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
from django.test import Client
site, collect = Path(sys.argv[1]), sys.argv[2] == "collectstatic"
if collect:
    call_command("collectstatic", "--noinput", verbosity=0)
client = Client(HTTP_HOST="127.0.0.1")
before = client.get("/fr/").status_code
(site / "fr" / "new").mkdir()
(site / "fr" / "new" / "index.html").write_text("<p>nouveau</p>")
added, staff = client.get("/fr/new/"), client.get("/static/admin/css/base.css")
print(before, added.status_code, staff.status_code)
"""


@pytest.mark.parametrize(
    "env,collectstatic,answers",
    [
        # Production: WhiteNoise lists site/ and var/static/ at start and serves that list.
        ({"FORMS_DEBUG": "0"}, False, "200 404 404"),
        ({"FORMS_DEBUG": "0"}, True, "200 404 200"),
        # `make run`: DEBUG off, the site rebuilt while the service runs.
        ({"FORMS_DEBUG": "0", "FORMS_SITE_AUTOREFRESH": "1"}, True, "200 200 200"),
        # Development: found in the apps without collectstatic, and looked for at each request.
        ({"FORMS_DEBUG": "1"}, False, "200 200 200"),
    ],
)
def test_whitenoise_searches_the_disk_only_in_development(
    tmp_path: Path, env: dict[str, str], collectstatic: bool, answers: str
) -> None:
    site = tmp_path / "site"
    (site / "fr").mkdir(parents=True)
    (site / "fr" / "index.html").write_text("<p>accueil</p>", encoding="utf-8")
    (site / "fr" / "404.html").write_text("<p>page introuvable</p>", encoding="utf-8")
    drop = ("FORMS_", "DATABASE_URL", "REDIS_URL", "DJANGO_")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    clean |= {
        "DJANGO_SETTINGS_MODULE": "forms_service.settings",
        "FORMS_VAR_DIR": str(tmp_path / "var"),
        "FORMS_SITE_DIR": str(site),
        **env,
    }
    argument = "collectstatic" if collectstatic else "-"
    run = subprocess.run(
        [sys.executable, "-c", SERVE, str(site), argument],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip() == answers
