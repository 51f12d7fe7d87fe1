"""The guides of the built site: a page and a PDF in each language, the PDF's text (read back
with pdftotext) holding its title in reading order and a page number on every page, the
Arabic ones set in Amiri; and the budget template they and the calls link to."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from site_builder import i18n
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


def test_the_arabic_guides_are_set_in_amiri(built_site: BuiltSite) -> None:
    need("fc-list", "fontconfig")
    listed = subprocess.run(["fc-list", "Amiri"], capture_output=True, text=True).stdout
    if not listed.strip():
        if os.environ.get("REQUIRE_PDF_TOOLS") == "1":
            pytest.fail("the Amiri font (Debian's fonts-hosny-amiri) is required here")
        pytest.skip("the Amiri font (Debian's fonts-hosny-amiri) is not installed")
    for guide in GUIDES:
        assert any(
            f.startswith("Amiri") for f in fonts(built_site.out / "ar" / "guides" / f"{guide}.pdf")
        )


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
