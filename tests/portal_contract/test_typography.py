"""The typography helpers the templates use."""

from __future__ import annotations

from jinja2.filters import do_striptags

from portal_contract import typography


def test_striptags_keeps_the_narrow_spaces_of_french_and_drops_only_tags() -> None:
    title = "Projets financés\u202f: <em>Santé</em> &amp; <!-- x -->éducation\n  (page\u00a02)"
    assert typography.striptags(title) == "Projets financés\u202f: Santé & éducation (page\u00a02)"
    # Jinja's own filter made both of them plain spaces, where a line may break.
    assert "\u202f" not in do_striptags(title)
