"""The search index (site_builder/outputs/search.py): what Pagefind keeps of a page, word for
word."""

from __future__ import annotations

import gzip
import io
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
    search.index([], documents, "ar", site, io.StringIO(f"{search.GO}\n"))
    [page] = fragments(site)
    text = page["content"]
    glued = [g for g in ("البرنامجالتنمية", "المدينةفجيج", "المبلغ20.000") if g in text]
    assert (glued == []) is spaced, text
    if spaced:
        assert "البرنامج التنمية التضامنية المدينة فجيج المبلغ 20.000" in text


def test_records_then_documents_once_the_pages_are_done(tmp_path: Path) -> None:
    """An entry is a page of the index at its own address, with its title; the documents
    are read once the build says the pages are done."""
    documents, site = tmp_path / "documents", tmp_path / "site"
    search.document(documents, "fr", "", "<h1>Accueil</h1><p>Bienvenue</p>")
    entry = search.Entry("/fr/calls/x/", "Appel X", "Appel X soutien scolaire")
    search.index([entry], documents, "fr", site, io.StringIO(f"{search.GO}\n"))
    found = sorted((p["url"], p["meta"]["title"], p["content"]) for p in fragments(site))
    assert found == [
        ("/fr/", "Accueil", "Accueil. Bienvenue."),
        ("/fr/calls/x/", "Appel X", "Appel X soutien scolaire"),
    ]


def test_no_index_when_the_pages_failed(tmp_path: Path) -> None:
    """The build closes the index's input without a word: nothing is written."""
    entry = search.Entry("/fr/calls/x/", "Appel X", "Appel X")
    with pytest.raises(SystemExit):
        search.index([entry], tmp_path / "documents", "fr", tmp_path / "site", io.StringIO(""))
    assert not (tmp_path / "site" / "pagefind").exists()


def test_the_search_page_preloads_the_meta_file_the_index_names(tmp_path: Path) -> None:
    """Once the index is written, the search page's place for it preloads the meta file
    pagefind-entry.json names; written anew, so a release it was linked from keeps its own."""
    documents, site = tmp_path / "documents", tmp_path / "fr"
    page = site / "search" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<main><template data-pagefind-meta></template></main>", encoding="utf-8")
    released = tmp_path / "released.html"
    released.hardlink_to(page)  # the same file, in the release before
    entry = search.Entry("/fr/calls/x/", "Appel X", "Appel X")
    search.index([entry], documents, "fr", site, io.StringIO(f"{search.GO}\n"))
    pointer = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    meta = f"pagefind.{pointer['languages']['fr']['hash']}.pf_meta"
    assert (site / "pagefind" / meta).is_file()
    link = (
        f'<link rel="preload" href="/fr/pagefind/{meta}" as="fetch" crossorigin data-pagefind-meta>'
    )
    assert page.read_text(encoding="utf-8") == f"<main>{link}</main>"
    assert "<template data-pagefind-meta>" in released.read_text(encoding="utf-8")
    # Pointed again after another index (another hash): the link replaced, not added to.
    (site / "pagefind" / "pagefind-entry.json").write_text(
        json.dumps({"languages": {"fr": {"hash": "fr_0"}}}), encoding="utf-8"
    )
    search.point_to_meta(site)
    assert page.read_text(encoding="utf-8").count("data-pagefind-meta") == 1
    assert "pagefind.fr_0.pf_meta" in page.read_text(encoding="utf-8")


def test_a_large_index_is_written_whole(tmp_path: Path) -> None:
    """The index's files come from Pagefind's service as one answer (megabytes: beyond what a
    line of the package's reader may hold) and are written here, whole: every compressed file
    reads to its end, a fragment per entry, and Pagefind's scripts are those of any other
    index (its own writing once left pagefind.js cut off mid-word)."""
    words = [f"mot{n}" for n in range(20000)]
    entries = [
        search.Entry(f"/fr/x/{n}/", f"Titre {n}", " ".join(words[(n * 37 + k * 101) % 20000]
                                                           for k in range(120)))
        for n in range(4000)
    ]  # fmt: skip
    large, small = tmp_path / "large", tmp_path / "small"
    search.index(entries, tmp_path / "documents", "fr", large, io.StringIO(f"{search.GO}\n"))
    search.index(entries[:1], tmp_path / "documents", "fr", small, io.StringIO(f"{search.GO}\n"))
    written = [p for p in (large / "pagefind").rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in written) > 2**21
    for path in written:
        if path.suffix.startswith(".pf_") or path.suffix == ".pagefind":
            gzip.decompress(path.read_bytes())  # EOFError when cut off
    assert len(fragments(large)) == 4000
    for script in ("pagefind.js", "wasm.fr.pagefind"):
        ours = (large / "pagefind" / script).read_bytes()
        assert ours == (small / "pagefind" / script).read_bytes(), script
