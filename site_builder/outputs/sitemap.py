"""sitemap.xml for one language, every page with its alternates in the other languages."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import quoteattr

from site_builder.model.i18n import LANGUAGES


def sitemap(origin: str, lang: str, paths: Iterable[str]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path in sorted(set(paths)):
        lines.append(f"<url><loc>{origin}/{lang}/{path}</loc>")
        for other in LANGUAGES:
            href = quoteattr(f"{origin}/{other}/{path}")
            lines.append(f'<xhtml:link rel="alternate" hreflang="{other}" href={href}/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_index(origin: str) -> str:
    """The root sitemap: one per language."""
    entries = "".join(
        f"<sitemap><loc>{origin}/{lang}/sitemap.xml</loc></sitemap>" for lang in LANGUAGES
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
        "</sitemapindex>\n"
    )
