"""Charts drawn at build time in each language, each followed by the table of its figures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from site_builder import charts
from tests.conftest import BuiltSite

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("lang,country", [("ar", "فرنسا"), ("fr", "France"), ("en", "France")])
def test_each_chart_is_an_svg_in_the_pages_language(
    built_site: BuiltSite, lang: str, country: str
) -> None:
    for name in charts.NAMES:
        path = built_site.out / lang / "charts" / f"{name}.svg"
        root = ET.fromstring(path.read_text(encoding="utf-8"))
        assert root.tag == f"{SVG}svg" and not list(root.iter(f"{SVG}script"))
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        if name.endswith("by-country"):
            assert country in texts
    first = (built_site.out / lang / "charts" / "projects-by-year.svg").read_text()
    assert "chart-projects-by-year" in first and not re.search(r"chart-[0-9a-f]{8}-", first)


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_charts_on_the_home_and_projects_pages_come_with_their_tables(
    built_site: BuiltSite, lang: str
) -> None:
    home = (built_site.out / lang / "index.html").read_text()
    projects = (built_site.out / lang / "projects" / "index.html").read_text()
    for html, names in [
        (home, ["amounts-by-axis", "associations-by-country"]),
        (projects, ["amounts-by-axis", "projects-by-year", "amounts-by-country"]),
    ]:
        for name in names:
            figure = html.split(f'src="/{lang}/charts/{name}.svg"', 1)[1]
            table = figure.split("<table", 1)[1].split("</table>", 1)[0]
            assert table.count("<tr>") >= 2  # a heading and at least one row


def test_the_tables_add_up_to_the_data(built_site: BuiltSite) -> None:
    html = (built_site.out / "en" / "projects" / "index.html").read_text()
    table = html.split('src="/en/charts/projects-by-year.svg"', 1)[1].split("</table>", 1)[0]
    counts = [int(n) for n in re.findall(r"<td>(\d+)</td>", table)]
    total = int(re.search(r"(\d+) funded projects\.", html).group(1))  # type: ignore[union-attr]
    assert sum(counts) == total
