"""Charts drawn at build time in each language, each followed by the table of its figures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from site_builder.outputs import charts
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
    counts = [int(n) for n in re.findall(r"<td[^>]*>(\d+)</td>", table)]
    total = int(re.search(r"(\d+) funded projects\.", html).group(1))  # type: ignore[union-attr]
    assert sum(counts) == total


LONG = (
    "Accompagnement des jeunes MRE et des personnes en situation difficile "
    "(personnes âgées, détenus, mineurs non accompagnés)"
)
SAMPLE = charts.Chart(
    "sample",
    "Soutien accordé",
    "Axe prioritaire",
    "Montant (MAD)",
    rows=((LONG, 3_350_000), ("Soutien scolaire", 3_740_000), ("Culture", 0), ("Femmes", 1_000)),
    money=True,
)


def drawn(item: charts.Chart, lang: str, variant: charts.Variant) -> ET.Element:
    return ET.fromstring(charts.svg(item, lang, variant))


def bars(root: ET.Element) -> list[tuple[float, float]]:
    """(x, width) of each bar, in the rows' order."""
    return [
        (float(r.get("x", 0)), float(r.get("width", 0)))
        for r in root.iter(f"{SVG}rect")
        if r.get("class") == "bar"
    ]


@pytest.mark.parametrize("variant", charts.VARIANTS, ids=lambda v: str(v.width))
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_each_label_is_written_whole_on_as_many_lines_as_it_needs(
    lang: str, variant: charts.Variant
) -> None:
    root = drawn(SAMPLE, lang, variant)
    rows = [
        [t.text for t in g.iter(f"{SVG}text") if t.get("class") == "label"]
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "row"
    ]
    assert [" ".join(lines) for lines in rows] == [label for label, _ in SAMPLE.rows]
    assert len(rows[0]) > 1  # the long one is wrapped, not cut
    assert not [t.text for t in root.iter(f"{SVG}text") if "…" in (t.text or "")]
    assert int(root.get("height", 0)) == charts.height(SAMPLE, variant)


@pytest.mark.parametrize("variant", charts.VARIANTS, ids=lambda v: str(v.width))
def test_in_arabic_the_bars_grow_from_the_right(variant: charts.Variant) -> None:
    root = drawn(SAMPLE, "ar", variant)
    assert root.get("direction") == "rtl"
    right_edges = {round(x + width, 1) for x, width in bars(root)}
    assert right_edges == {variant.width - charts.PAD}
    starts = [x for x, _ in bars(root)]
    values = [value for _, value in SAMPLE.rows]
    # The larger the value, the further left the bar begins.
    assert sorted(starts) == [starts[i] for i in sorted(range(4), key=lambda i: -values[i])]


@pytest.mark.parametrize("variant", charts.VARIANTS, ids=lambda v: str(v.width))
def test_in_french_the_bars_grow_from_the_left(variant: charts.Variant) -> None:
    root = drawn(SAMPLE, "fr", variant)
    assert {x for x, _ in bars(root)} == {charts.PAD}
    widths = [width for _, width in bars(root)]
    values = [value for _, value in SAMPLE.rows]
    assert sorted(widths) == [widths[i] for i in sorted(range(4), key=lambda i: values[i])]


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_each_chart_is_drawn_at_each_width_and_the_page_offers_both(
    built_site: BuiltSite, lang: str
) -> None:
    html = (built_site.out / lang / "projects" / "index.html").read_text()
    for name in charts.NAMES:
        for variant in charts.VARIANTS:
            path = built_site.out / lang / "charts" / f"{name}{variant.suffix}.svg"
            assert ET.fromstring(path.read_text()).get("width") == str(variant.width)
    for name in ["amounts-by-axis", "projects-by-year", "amounts-by-country"]:
        narrow = f'media="{charts.NARROW.media}" srcset="/{lang}/charts/{name}-narrow.svg"'
        assert narrow in html and f'src="/{lang}/charts/{name}.svg"' in html
