"""`serve`'s fast path: an edited record's pages are rewritten from the last build's layouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.build import build
from site_builder.model.i18n import LANGUAGES
from site_builder.pages import shells
from site_builder.settings import Settings
from site_builder.tools.live import Live
from site_builder.tools.serve import Preview
from tests.conftest import BUILT_AS_OF, REPO, copy_data, edit
from tests.site_builder.outputs.test_feeds import JSONLD

PUBLIC = "https://partenariat.example.ma"  # not the default: the fast path must follow it


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Live:
    base = tmp_path_factory.mktemp("live")
    data, out, kept = copy_data(base / "data"), base / "site", base / "shells"
    kept.mkdir()
    site = build(
        data=data,
        content=REPO / "content",
        out=out,
        settings=Settings(now=BUILT_AS_OF, origin=PUBLIC),
        search=False,
        say=lambda _: None,
        shells=kept,
    )
    return Live(site, data, out, shells.load(kept), PUBLIC)


def test_an_edited_record_shows_at_once_in_every_language(live: Live) -> None:
    edit(live.data, "associations/amal-test.yaml", "city: Lyon", "city: Villeurbanne")
    outcome = live.apply(live.data / "associations/amal-test.yaml")
    assert outcome is not None and outcome.problems == []
    written = outcome.pages
    # Its own page, the lists that show it, and its projects' pages.
    assert {"associations/amal-test/", "associations/country/fr/", "projects/t2030-001/"} <= set(
        map(str, written)
    )
    assert "associations/al-amana-almeria/" not in written
    for lang in LANGUAGES:
        page = live.out / lang / "associations/amal-test/index.html"
        html = page.read_text(encoding="utf-8")
        assert "Villeurbanne" in html
        assert f'<html lang="{lang}"' in html
        # The layout's addresses and the page's own (JSON-LD) on the build's origin.
        address = f"{PUBLIC}/{lang}/associations/amal-test/"
        assert f'hreflang="{lang}" href="{address}"' in html
        assert [json.loads(block)["url"] for block in JSONLD.findall(html)] == [address]


def test_a_broken_edit_is_reported_and_nothing_is_written(live: Live) -> None:
    page = live.out / "fr/calls/support-2030/index.html"
    before = page.read_text(encoding="utf-8")
    edit(live.data, "calls/support-2030.yaml", "year: 2030", "year: soon")
    outcome = live.apply(live.data / "calls/support-2030.yaml")
    assert outcome is not None and outcome.pages == []
    assert [(p.path, p.field) for p in outcome.problems] == [("calls/support-2030.yaml", "year")]
    assert page.read_text(encoding="utf-8") == before


def test_other_changes_are_left_to_the_full_build(live: Live) -> None:
    assert live.apply(live.data / "taxonomies/axes.yaml") is None
    assert live.apply(live.data / "projects/2030.csv") is None
    assert live.apply(REPO / "content/fr/about/privacy.md") is None


def test_a_rebuild_replaces_the_served_site_whole(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    preview = Preview(
        data=data,
        content=REPO / "content",
        out=tmp_path / "site",
        settings=Settings(now=BUILT_AS_OF),
        search=False,
    )
    try:
        assert preview.rebuild()
        edit(data, "associations/amal-test.yaml", "city: Lyon", "city: Bron")
        assert preview.rebuild()
        html = (tmp_path / "site/en/associations/amal-test/index.html").read_text()
        assert "Bron" in html
        assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "site"]
        edit(data, "associations/amal-test.yaml", "founded: 2010", "founded: later")
        assert not preview.rebuild()  # a problem: the last good site stays
        assert (tmp_path / "site/en/associations/amal-test/index.html").read_text() == html
    finally:
        preview.close()
