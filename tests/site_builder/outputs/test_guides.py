"""The guides of the built site: a page and a PDF in each language, the PDF's text (read back
with pdftotext) holding its title in reading order, every word of the guide whole, and a page
number on every page, the Arabic ones set in Noto Naskh Arabic; the PDF tagged for PDF/UA-1
(language, title, headings and lists in the structure tree); and the budget template they and
the calls link to.

No test here runs veraPDF (it is not packaged for Debian): these check what PDF/UA-1 asks that
a PDF library can read, not the whole of the standard."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import markdown
import pytest
from markupsafe import Markup
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject

from site_builder.model import i18n
from site_builder.outputs import guides
from tests.conftest import REPO, BuiltSite

LANGUAGES = ("ar", "fr", "en")
# Every guide; guides/index.md is the page that lists them.
GUIDES = sorted(
    p.stem for p in (REPO / "content" / "en" / "guides").glob("*.md") if p.stem != "index"
)
# Direction marks that pdftotext puts around right-to-left runs, and spaces: the letters'
# order is what is checked.
LAYOUT = re.compile(r"[\u200e\u200f\u202a-\u202e\s]")


def need(tool: str, package: str) -> None:
    """Skip without the tool, except where it is required (REQUIRE_PDF_TOOLS=1, as in CI)."""
    if shutil.which(tool):
        return
    if os.environ.get("REQUIRE_PDF_TOOLS") == "1":
        pytest.fail(f"{tool} (Debian's {package}) is required here", pytrace=False)
    pytest.skip(f"{tool} (Debian's {package}) is not installed")


def text_of(pdf: Path, page: int | None = None) -> str:
    need("pdftotext", "poppler-utils")
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return LAYOUT.sub("", done.stdout)


def title_of(built_site: BuiltSite, lang: str, guide: str) -> str:
    markdown = (REPO / "content" / lang / "guides" / f"{guide}.md").read_text(encoding="utf-8")
    return next(line[2:] for line in markdown.splitlines() if line.startswith("# "))


def test_there_are_at_least_three_guides_in_every_language() -> None:
    assert len(GUIDES) >= 3
    for lang in LANGUAGES:
        found = sorted(p.stem for p in (REPO / "content" / lang / "guides").glob("*.md"))
        assert found == sorted([*GUIDES, "index"])  # the guides, and the page listing them


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guides_page_lists_every_guide_with_its_pdf(built_site: BuiltSite, lang: str) -> None:
    """/{lang}/guides/ (guides/index.md, written by hand): each guide's page and PDF, and the
    budget template; it is not a guide itself (no PDF of it)."""
    folder = built_site.out / lang / "guides"
    html = (folder / "index.html").read_text(encoding="utf-8")
    for guide in GUIDES:
        assert f'href="{guide}/"' in html, guide
        assert f'href="/{lang}/guides/{guide}.pdf"' in html, guide
    assert f'href="/{lang}/guides/budget-template.xlsx"' in html
    assert sorted(p.stem for p in folder.glob("*.pdf")) == GUIDES


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("guide", GUIDES)
def test_each_guide_is_a_pdf_with_its_title_in_reading_order(
    built_site: BuiltSite, lang: str, guide: str
) -> None:
    pdf = built_site.out / lang / "guides" / f"{guide}.pdf"
    title = LAYOUT.sub("", title_of(built_site, lang, guide))
    text = text_of(pdf)
    assert title in text
    if lang == "ar":
        assert re.search("[\u0600-\u06ff]", title)
        assert title[::-1] not in text  # letters in the order they are read, not drawn
    portal = i18n.translations(lang).ugettext(
        "Partnership portal for associations of Moroccans of the World"
    )
    assert LAYOUT.sub("", portal) in text
    page = built_site.out / lang / "guides" / guide / "index.html"
    assert f'href="/{lang}/guides/{guide}.pdf" download' in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_a_guide_is_numbered(built_site: BuiltSite, lang: str) -> None:
    pattern = i18n.translations(lang).ugettext("Page %(page)s of %(pages)s")
    for guide in GUIDES:
        pdf = built_site.out / lang / "guides" / f"{guide}.pdf"
        count = len(PdfReader(pdf).pages)
        for number in range(1, count + 1):
            wanted = LAYOUT.sub("", pattern % {"page": number, "pages": count})
            assert wanted in text_of(pdf, number), (guide, number)


def fonts(pdf: Path) -> set[str]:
    found = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return found


def test_the_arabic_guides_are_set_in_noto_naskh_arabic(built_site: BuiltSite) -> None:
    need("fc-list", "fontconfig")
    listed = subprocess.run(["fc-list", "Noto Naskh Arabic"], capture_output=True, text=True)
    if not listed.stdout.strip():
        if os.environ.get("REQUIRE_PDF_TOOLS") == "1":
            pytest.fail("the Noto Naskh Arabic font (Debian's fonts-noto-core) is required here")
        pytest.skip("the Noto Naskh Arabic font (Debian's fonts-noto-core) is not installed")
    for guide in GUIDES:
        assert any(
            f.startswith("Noto-Naskh-Arabic")
            for f in fonts(built_site.out / "ar" / "guides" / f"{guide}.pdf")
        )


# A word of the guide, as a reader would search for it: four letters or more, standing alone.
# Left out: words joined by a hyphen ("co-financing": pdftotext joins a word cut at a line's end
# and drops its hyphen, "cofinancing"), and the few Arabic words written with short vowels
# ("يحدَّد": pdftotext puts each vowel mark where it is drawn, apart from its letter).
MARKS = "\u064b-\u065f\u0670"
WORD = re.compile(rf"(?<![\w{MARKS}-])[^\W\d_]{{4,}}(?![\w{MARKS}-])")


def source_of(lang: str, guide: str) -> str:
    """A guide's Markdown, without its front matter (`budget_template: true`)."""
    source = (REPO / "content" / lang / "guides" / f"{guide}.md").read_text(encoding="utf-8")
    return re.sub(r"\A---\n.*?\n---\n", "", source, flags=re.S)


def words_of_guide(lang: str, guide: str) -> set[str]:
    """The words of a guide's text as written in its Markdown (links and emphasis dropped)."""
    return set(WORD.findall(Markup(markdown.markdown(source_of(lang, guide))).striptags()))


def words_read_back(pdf: Path) -> set[str]:
    """The words pdftotext reads in the PDF, each between two non-letters."""
    need("pdftotext", "poppler-utils")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    )
    return set(re.findall(r"\w+", done.stdout))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("guide", GUIDES)
def test_every_word_of_a_guide_is_read_back_whole_from_its_pdf(
    built_site: BuiltSite, lang: str, guide: str
) -> None:
    """Copy, search and screen readers get "المشاريع", not "المشار يع"."""
    written = words_of_guide(lang, guide)
    assert len(written) >= 20
    if lang == "ar":
        assert all(re.fullmatch("[\u0600-\u06ff]+", w) for w in written)
    read = words_read_back(built_site.out / lang / "guides" / f"{guide}.pdf")
    assert sorted(written - read) == []


def catalog(pdf: Path | bytes) -> DictionaryObject:
    reader = PdfReader(BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    return root


def structure(element: Any) -> Iterator[DictionaryObject]:
    """The structure elements under `element`, in document order (depth first)."""
    kids = element.get_object().get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, DictionaryObject) and "/S" in kid:  # not content nor annotation
            yield kid
            yield from structure(kid)


def roles(pdf: Path | bytes) -> list[str]:
    return [str(e["/S"])[1:] for e in structure(catalog(pdf)["/StructTreeRoot"])]


def headings_and_lists(pdf: Path) -> list[str]:
    """The H1…H6 and L elements in order, a list that goes on over a page break counted once:
    WeasyPrint tags each page's part of a block as an element of its own."""
    found: list[tuple[str, int]] = []
    for element in structure(catalog(pdf)["/StructTreeRoot"]):
        role = str(element["/S"])[1:]
        if not re.fullmatch("H[1-6]|L", role):
            continue
        page = element.raw_get("/Pg").idnum
        if role == "L" and found and found[-1][0] == "L" and found[-1][1] != page:
            found[-1] = (role, page)  # the same list, on the next page
        else:
            found.append((role, page))
    return [role for role, _ in found]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("guide", GUIDES)
def test_each_guide_is_tagged_with_its_language_and_title(
    built_site: BuiltSite, lang: str, guide: str
) -> None:
    pdf = built_site.out / lang / "guides" / f"{guide}.pdf"
    root = catalog(pdf)
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert root["/StructTreeRoot"]["/Type"] == "/StructTreeRoot"
    assert root["/Lang"] == lang
    assert PdfReader(pdf).metadata.title == title_of(built_site, lang, guide)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    xmp = ElementTree.fromstring(root["/Metadata"].get_object().get_data())
    ua = "{http://www.aiim.org/pdfua/ns/id/}part"
    assert [e.get(ua) for e in xmp.iter() if e.get(ua)] == ["1"]


def outline(lang: str, guide: str) -> list[str]:
    """The guide's headings (H1, H2…) and lists (L), in the order its Markdown has them."""
    found, in_list = [], False
    for line in source_of(lang, guide).splitlines():
        if heading := re.match(r"(#+) ", line):
            found.append(f"H{len(heading.group(1))}")
            in_list = False
        elif re.match(r"(?:[-*]|\d+\.) ", line):
            found += [] if in_list else ["L"]
            in_list = True
        elif line.strip() and not line.startswith(" "):  # a paragraph ends the list
            in_list = False
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("guide", GUIDES)
def test_each_guide_s_headings_and_lists_are_tagged_in_order(
    built_site: BuiltSite, lang: str, guide: str
) -> None:
    pdf = built_site.out / lang / "guides" / f"{guide}.pdf"
    wanted = outline(lang, guide)
    assert wanted[0] == "H1"
    assert "L" in wanted
    assert headings_and_lists(pdf) == wanted
    tagged = roles(pdf)
    assert tagged.count("LI") >= tagged.count("L") and "LBody" in tagged


def test_a_table_s_headers_and_an_image_s_alt_text_are_tagged() -> None:
    """The guides have neither yet; the print layout must keep what a screen reader needs."""
    image = (
        "data:image/svg+xml,"
        "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'>"
        "<rect width='40' height='20' fill='%237a1f1f'/></svg>"
    )
    body = (
        "<table><thead><tr><th>Activity</th><th>Cost</th></tr></thead>"
        "<tbody><tr><td>Training</td><td>1000</td></tr></tbody></table>"
        f'<p><img src="{image}" alt="Share of the budget by activity"></p>'
    )
    drawn = guides.pdf("Budget", body, "en", "Portal", "http://127.0.0.1:8000/en/guides/x/")
    elements = list(structure(catalog(drawn)["/StructTreeRoot"]))
    headers = [e for e in elements if e["/S"] == "/TH"]
    cells = [e for e in elements if e["/S"] == "/TD"]
    assert len(headers) == 2 and len(cells) == 2
    assert [list(c["/A"]["/Headers"]) for c in cells] == [[h["/ID"]] for h in headers]
    assert [e["/S"] for e in elements if e["/S"] in ("/Table", "/THead", "/TBody")] == [
        "/Table",
        "/THead",
        "/TBody",
    ]
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert [f["/Alt"] for f in figures] == ["Share of the budget by activity"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_budget_template_is_in_the_language(built_site: BuiltSite, lang: str) -> None:
    _ = i18n.translations(lang).ugettext
    book = load_workbook(built_site.out / lang / "guides" / "budget-template.xlsx")
    sheet = book.active
    assert sheet is not None
    assert sheet.sheet_view.rightToLeft == (lang == "ar")
    header = [c.value for c in sheet[4]]
    assert header[:2] == [_("Activity"), _("Cost")]
    assert sheet["F5"].value == '=IF(D5*E5=0,"",D5*E5)'
    totals = next(r for r in range(5, 60) if sheet.cell(row=r, column=1).value == _("Total"))
    assert sheet[f"F{totals}"].value == f"=SUM(F5:F{totals - 1})"
    assert sheet[f"G{totals + 2}"].value == f'=IF(F{totals}=0,"",G{totals}/F{totals})'


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_call_links_its_guides_their_pdfs_and_the_template(
    built_site: BuiltSite, lang: str
) -> None:
    html = (built_site.out / lang / "calls" / "support-2026" / "index.html").read_text()
    links = set(re.findall(rf'href="/{lang}/(guides/[^"]+)"', html))
    assert "guides/budget-template.xlsx" in links
    for guide in GUIDES:
        assert {f"guides/{guide}/", f"guides/{guide}.pdf"} <= links
    for link in links:
        target = built_site.out / lang / link
        assert (target / "index.html" if link.endswith("/") else target).is_file(), link


def test_a_guide_embeds_no_file_and_fetches_nothing_from_its_text(tmp_path: Path) -> None:
    """A guide's Markdown may hold HTML: what it points at stays out of the public PDF."""
    secret = tmp_path / "portal.env"
    planted = "FORMS_SECRET_KEY=not-for-the-public\n"  # pragma: allowlist secret
    secret.write_text(planted, encoding="utf-8")
    body = (
        f'<p><a rel="attachment" href="{secret.as_uri()}">appendix</a></p>'
        f'<p><img src="{secret.as_uri()}" alt="x"></p>'
    )
    drawn = guides.pdf("Guide", body, "en", "Portal", "http://127.0.0.1:8000/en/guides/x/")
    # <a rel="attachment"> is drawn as a file attachment annotation, not a named file.
    assert b"/EmbeddedFile" not in drawn and b"/FileAttachment" not in drawn
