"""The staff guide: the same pages in every language, built with the site but kept out of
its navigation, its search index, its sitemap and search engines."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.conftest import REPO, BuiltSite

LANGUAGES = ("ar", "fr", "en")
TOPICS = ("index", "calls", "associations", "pages", "problems")


def test_the_guide_has_every_topic_in_every_language() -> None:
    for lang in LANGUAGES:
        found = sorted(p.stem for p in (REPO / "content" / lang / "staff").glob("*.md"))
        assert found == sorted(TOPICS), lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_is_built_but_not_public(built_site: BuiltSite, lang: str) -> None:
    out = built_site.out / lang
    for topic in TOPICS:
        path = out / "staff" / ("" if topic == "index" else topic) / "index.html"
        page = path.read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "/staff/" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "staff/" not in home, "not in the public navigation"
    fragments = out / "pagefind"
    assert fragments.is_dir()
    urls = [
        json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
        for p in (fragments / "fragment").glob("*.pf_fragment")
    ]
    assert f"/{lang}/calls/support-2026/" in urls
    assert not [url for url in urls if "/staff/" in url]
