"""The search index (site_builder/outputs/search.py): what Pagefind keeps of a page, word for
word."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from site_builder.outputs import search

PAGE = (
    "<h1>طلب مشاريع التنمية التضامنية</h1>"
    '<dl class="portal-facts"><div><dt>البرنامج</dt><dd>التنمية التضامنية</dd></div>'
    "<div><dt>المدينة</dt><dd>فجيج</dd></div></dl>"
    "<table><tr><th>المبلغ</th><td>20.000</td></tr></table><ul><li>أ</li><li>ب</li></ul>"
)


def fragments(site: Path) -> list[dict]:  # type: ignore[type-arg]
    """Pagefind's stored pages (what results and their excerpts are made from)."""
    found = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())  # "pagefind_dcd" then the page as JSON
        found.append(json.loads(raw[raw.index(b"{") :]))
    return found


@pytest.mark.parametrize("spaced", [True, False])
def test_the_words_of_neighbouring_elements_stay_apart(tmp_path: Path, spaced: bool) -> None:
    """Spaced, each term and its value are separate words; as written, Pagefind glued them
    ("البرنامجالتنمية"): the check fails without the spacing."""
    documents, site = tmp_path / "documents", tmp_path / "site"
    if spaced:
        search.document(documents, "ar", "calls/x/", PAGE)
    else:  # the page as it was indexed before
        target = documents / "ar" / "calls" / "x" / "index.html"
        target.parent.mkdir(parents=True)
        target.write_text(f'<html lang="ar"><body data-pagefind-body>{PAGE}</body></html>')
    search.index(documents, "ar", site)
    [page] = fragments(site)
    text = page["content"]
    glued = [g for g in ("البرنامجالتنمية", "المدينةفجيج", "المبلغ20.000") if g in text]
    assert (glued == []) is spaced, text
    if spaced:
        assert "البرنامج التنمية التضامنية المدينة فجيج المبلغ 20.000" in text
