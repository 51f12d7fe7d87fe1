"""Every kind of page the portal shows, in every language, is valid HTML for the W3C Nu
HTML checker (vnu): the built site's pages and the forms service's, drawn into the site's
layout as in production, checked by one run of the checker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.audit import forms_pages
from tests.audit.pages import LANGUAGES, ROOT_PAGES, SITE_PAGES, site_file
from tests.audit.tools import require_vnu, vnu
from tests.conftest import BuiltSite
from tests.forms_service.conftest import live_data  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def java() -> str:
    return require_vnu()


def saved_forms_pages(folder: Path) -> list[Path]:
    """The forms service's pages in every language, each saved as a file of its own."""
    folder.mkdir()
    saved = []
    for lang in LANGUAGES:
        for page in forms_pages.capture(lang):
            assert 'class="md-header' in page.html, f"{page.path}: not in the site's layout"
            path = folder / f"{page.lang}-{page.kind}.html"
            path.write_text(page.html, encoding="utf-8")
            saved.append(path)
    return saved


def test_every_kind_of_page_is_valid_html(
    java: str,
    built_site: BuiltSite,
    live_data: Path,  # noqa: F811 (the fixture)
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.SITE_DIR = built_site.out  # the forms in the site's layout
    settings.FORMS_MIN_FILL_SECONDS = 0
    settings.FORMS_UPLOAD_DIR = tmp_path / "uploads"
    named = {
        f"{lang} {kind}": built_site.out / site_file(lang, kind)
        for lang in LANGUAGES
        for kind in SITE_PAGES
    }
    named |= {kind: built_site.out / p.lstrip("/") / "index.html" for kind, p in ROOT_PAGES.items()}
    named |= {f"{p.stem} (forms)": p for p in saved_forms_pages(tmp_path / "forms")}
    errors = vnu(java, list(named.values()))
    # Each message once, with the pages it is in: a fault of the theme repeats in every page.
    where: dict[str, list[str]] = {}
    for e in errors:
        page = next(n for n, f in named.items() if str(e["url"]).endswith(str(f)))
        where.setdefault(str(e["message"]), []).append(f"{page}:{e.get('lastLine')}")
    report = [f"{len(p)} × {text}\n    {', '.join(p[:6])}" for text, p in where.items()]
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(report)
