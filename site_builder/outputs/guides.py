"""The guides as PDF, in each language, and the budget template they point to.

A guide's PDF is made from the HTML MkDocs made of its Markdown, laid out for print
(templates/print.html) by WeasyPrint: Pango shapes the Arabic and lays it right to left, with
the Noto Naskh Arabic font (Debian's fonts-noto-core, which `.ci/run` installs; without it
fontconfig takes the next font that has Arabic letters). Every page carries the portal's name
and its number.

The PDF is tagged as PDF/UA-1 asks, as far as WeasyPrint goes: the document's language and
title, a structure tree (headings, paragraphs, lists, tables with their headers, figures with
their alt text), so that a screen reader reads a guide in order and in its language.
"""

from __future__ import annotations

import re
from io import BytesIO

from markupsafe import Markup

from portal_contract import languages
from site_builder.model import i18n, templates

# A Naskh face for Arabic, whose text can be copied and searched word by word: with Amiri,
# pdftotext read "المشاريع" as "المشار يع" (Amiri's kerning shifts the reh an eighth of an em
# off the yeh, a gap taken for a space) and "الإلكترونية" as "الإللكترونية" (before a kaf it
# adds a kashida glyph to the lam, and WeasyPrint maps each glyph to one text wherever it is).
# Noto Naskh Arabic has no Latin letters: the address and any Latin word take Noto Sans. The
# Latin-script pages keep a sans-serif face.
_env = templates.environment()


def page_numbers(lang: str) -> str:
    """ "Page 2 of 5" in the language, as a CSS `content` value with the page counters."""
    text = i18n.translations(lang).ugettext("Page %(page)s of %(pages)s")
    parts = []
    for piece in re.split(r"(%\((?:page|pages)\)s)", text):
        if piece in ("%(page)s", "%(pages)s"):
            parts.append(f"counter({piece[2:-2]})")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def html(title: str, body: str, lang: str, portal: str, address: str) -> str:
    return _env.get_template("print.html").render(
        lang=lang,
        dir=i18n.direction(lang),
        title=title,
        body=Markup(body),
        portal=portal,
        portal_css=Markup(_css_string(portal)[1:-1]),
        page_numbers=Markup(page_numbers(lang)),
        fonts=Markup(languages.get(lang).font),  # portal_contract/languages.yaml
        address=address,
    )


def pdf(title: str, body: str, lang: str, portal: str, address: str) -> bytes:
    """The guide's PDF; `address` is its page on the site (links inside resolve from it)."""
    from weasyprint import HTML  # imported when a guide is printed: it loads Pango
    from weasyprint.urls import URLFetcher

    # Nothing fetched but data: URLs. The layout holds its own styles and its fonts are the
    # system's, and a guide's Markdown comes from whoever commits to content/: with any
    # protocol, <a rel="attachment" href="file:///etc/portal/portal.env"> embedded the
    # server's secrets in the public PDF, and an image's http:// address was fetched by the
    # build from wherever it pointed.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(
        string=html(title, body, lang, portal, address), base_url=address, url_fetcher=fetcher
    )
    out = BytesIO()
    # PDF/UA-1: tagged (structure tree, MarkInfo), /Lang from <html lang>, /Title from <title>
    # shown by viewers instead of the file's name, and the pdfuaid mark in the XMP metadata.
    document.write_pdf(out, pdf_variant="pdf/ua-1")
    return out.getvalue()


def split_heading(content: str) -> tuple[str, str]:
    """A page's HTML as (its <h1>'s text, the rest): a guide's print layout sets the title
    itself, and the plugin names every content page by its heading."""
    found = re.search(r"<h1[^>]*>(.*?)</h1>", content, flags=re.S)
    if not found:
        return "", content
    title = Markup(found.group(1)).striptags()
    return title, content[: found.start()] + content[found.end() :]


def slug(src_uri: str) -> str | None:
    """The guide a content page is (guides/<slug>.md), or None: another page, or the guides'
    own index (guides/index.md), which lists them and is not printed."""
    if not src_uri.startswith("guides/") or src_uri == "guides/index.md":
        return None
    return src_uri.removeprefix("guides/").removesuffix(".md")


def downloads(lang: str, slug: str, budget: bool) -> str:
    """The links put under a guide's title: its PDF and, where it speaks of it, the template."""
    _ = i18n.translations(lang).ugettext
    as_pdf = _("This guide as PDF")
    links = [f'<a href="/{lang}/guides/{slug}.pdf" download>{as_pdf}</a>']
    if budget:
        template = _("Budget template (XLSX spreadsheet)")
        links.append(f'<a href="/{lang}/guides/{BUDGET_FILE}" download>{template}</a>')
    return '<p class="portal-download">' + " · ".join(links) + "</p>"


BUDGET_FILE = "budget-template.xlsx"
