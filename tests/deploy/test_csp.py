"""The Content-Security-Policy nginx puts on the site's pages allows exactly the inline code
the built pages carry, by hash: every inline script and style of every page, and no hash
that no page needs any more."""

from __future__ import annotations

from tests.conftest import BuiltSite
from tests.deploy import inline
from tests.deploy.policy import SNIPPET, sources


def hashes(directive: str) -> set[str]:
    return {s for s in sources(directive) if s.startswith("'sha256-")}


def test_the_policy_allows_every_inline_script_and_style_and_nothing_more(
    built_site: BuiltSite,
) -> None:
    scripts, styles = inline.required(built_site.out)
    for directive, needed in (("script-src", scripts), ("style-src", styles)):
        allowed = hashes(directive)
        missing = {h: page for h, page in needed.items() if h not in allowed}
        assert not missing, (
            f"pages run inline code that {SNIPPET} does not allow: add to {directive} "
            + ", ".join(f"{h} (e.g. {page})" for h, page in missing.items())
        )
        assert allowed <= needed.keys(), (
            f"{directive} of {SNIPPET} allows code no page has: {allowed - needed.keys()}"
        )
    assert "'unsafe-inline'" not in sources("script-src") + sources("style-src")


def test_no_page_has_inline_style_or_handler_attributes(built_site: BuiltSite) -> None:
    """No hash can allow those: they would need 'unsafe-inline' (or 'unsafe-hashes')."""
    assert inline.attributes(built_site.out) == []
