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

import pytest
from django.test import Client

from tests.conftest import REPO, BuiltSite

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(tmp_path: Path, settings: Any) -> Path:
    for rel, text in {
        "index.html": "<p>choose a language</p>",
        "fr/index.html": "<p>accueil</p>",
        "fr/calls/index.html": "<p>appels</p>",
        "fr/404.html": "<p>page introuvable</p>",
        "ar/404.html": "<p>الصفحة غير موجودة</p>",
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
    # The layout's inline scripts run, and only they: the policy lists their hashes.
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    policy = response["Content-Security-Policy"]
    assert scripts and all(sha256(s) in policy for s in scripts)
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
