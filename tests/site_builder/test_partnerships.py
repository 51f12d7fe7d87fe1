"""Partner search on the site: the published partnership requests, browsable by region of
Morocco, theme and host country in each language, with a chart of where partners are
sought, each answered through the forms service; no address on any of these pages."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
import yaml

from tests.conftest import BuiltSite

LANGS = ("ar", "fr", "en")


def requests(data: Path) -> list[dict[str, object]]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((data / "partnerships").glob("*.yaml"))
    ]


def listed(page: Path) -> set[str]:
    """The requests a list page links to."""
    html = page.read_text(encoding="utf-8")
    main = html[html.index("<article") : html.index("</article>")]
    return set(re.findall(r'href="/\w\w/partnerships/([a-z0-9-]+)/"', main)) - {
        "region",
        "theme",
        "country",
    }


@pytest.mark.parametrize("lang", LANGS)
def test_every_facet_lists_exactly_its_requests(built_site: BuiltSite, lang: str) -> None:
    found = requests(built_site.data)
    assert len(found) >= 10
    root = built_site.out / lang / "partnerships"
    assert listed(root / "index.html") == {r["id"] for r in found}
    facets: dict[tuple[str, str], set[str]] = {}
    for r in found:
        facets.setdefault(("region", str(r["region"])), set()).add(str(r["id"]))
        for theme in r["themes"]:  # type: ignore[attr-defined]
            facets.setdefault(("theme", theme), set()).add(str(r["id"]))
        if r.get("country"):
            facets.setdefault(("country", str(r["country"]).lower()), set()).add(str(r["id"]))
    for (kind, key), ids in facets.items():
        assert listed(root / kind / key / "index.html") == ids, (kind, key)
    html = (root / "index.html").read_text(encoding="utf-8")
    for kind, key in facets:  # each facet is linked from the list's first page
        assert f'href="/{lang}/partnerships/{kind}/{key}/"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_each_request_is_answered_through_the_service_and_shows_no_address(
    built_site: BuiltSite, lang: str
) -> None:
    for r in requests(built_site.data):
        page = built_site.out / lang / "partnerships" / str(r["id"]) / "index.html"
        html = page.read_text(encoding="utf-8")
        assert f'href="/{lang}/forms/partnership-reply/?partnership={r["id"]}"' in html
        article = html[html.index("<article") : html.index("</article>")]
        assert "@" not in article and "mailto:" not in article
        if lang == "ar":
            assert 'dir="rtl"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_the_chart_counts_the_requests_by_region(built_site: BuiltSite, lang: str) -> None:
    found = requests(built_site.data)
    regions = yaml.safe_load(
        (built_site.data / "taxonomies" / "regions.yaml").read_text(encoding="utf-8")
    )["terms"]
    html = (built_site.out / lang / "partnerships" / "index.html").read_text(encoding="utf-8")
    table = html[html.index('<table class="portal-table">') : html.index("</table>")]
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td[^>]*>([^<]+)</td>', table)
    counts = Counter(str(r["region"]) for r in found)
    expected = [(t["label"][lang], counts[t["id"]]) for t in regions]
    # Figures in the page's digits: read them back as numbers.
    shown = [
        (unescape(label), int(value.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))))
        for label, value in rows
    ]
    assert shown == expected
    assert (built_site.out / lang / "charts" / "partnerships-by-region.svg").exists()
