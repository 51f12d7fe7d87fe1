"""Charts of the funded projects and the directory, per language: the figures worked out
from the model (pure functions), drawn as SVG by pygal at build time.

The SVG's text is the page's language; a browser shapes Arabic in it like any text. Each
chart is shown followed by its data as a table (templates/_macros.html: chart), for
screen readers and for whoever wants the numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pygal
from pygal.style import Style

from site_builder import i18n
from site_builder.model import Site


@dataclass(frozen=True)
class Chart:
    name: str  # its file: charts/<name>.svg
    title: str
    category: str  # what the rows are, for the table's heading
    unit: str  # what the values count
    rows: tuple[tuple[str, int], ...]  # (label, value), in the order shown
    money: bool = False


NAMES = (
    "amounts-by-axis",
    "projects-by-year",
    "amounts-by-country",
    "associations-by-country",
    "partnerships-by-region",
)
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1d1d1d",
    foreground_strong="#1d1d1d",
    foreground_subtle="#6b6b6b",
    colors=("#1b5e20",),
    value_font_size=13,
    label_font_size=13,
    title_font_size=16,
    font_family="system-ui, 'Noto Sans', 'Noto Sans Arabic', Tahoma, sans-serif",
)


def chart(site: Site, lang: str, name: str) -> Chart:
    _ = i18n.translations(lang).gettext
    fmt = i18n.Formats(lang)
    if name == "amounts-by-axis":
        sums: Counter[str] = Counter()
        for p in site.projects:
            sums[p["axis"]] += p.get("amount_mad") or 0
        rows = [(_label(site, "axes", key, lang), sums[key]) for key in site.used("axes")]
        title, category = _("Support granted by priority area"), _("Priority area")
        return Chart(name, title, category, _("Amount (MAD)"), tuple(rows), money=True)
    if name == "projects-by-year":
        years = Counter(int(p["year"]) for p in site.projects)
        rows = [(str(year), years[year]) for year in sorted(years)]
        return Chart(name, _("Funded projects by year"), _("Year"), _("Projects"), tuple(rows))
    if name == "amounts-by-country":
        totals: Counter[str] = Counter()
        for p in site.projects:
            totals[p["country"]] += p.get("amount_mad") or 0
        rows = [(fmt.country(cc), total) for cc, total in totals.most_common()]
        title, category = _("Support granted by host country"), _("Host country")
        return Chart(name, title, category, _("Amount (MAD)"), tuple(rows), money=True)
    if name == "associations-by-country":
        counts = Counter(a["country"] for a in site.associations.values())
        rows = [(fmt.country(cc), n) for cc, n in counts.most_common()]
        title, category = _("Associations in the directory by host country"), _("Host country")
        return Chart(name, title, category, _("Associations"), tuple(rows))
    if name == "partnerships-by-region":
        # Every region, those with no request too: where partners are sought, and where not yet.
        regions = Counter(p["region"] for p in site.partnerships)
        rows = [
            (_label(site, "regions", key, lang), regions[key]) for key in site.taxonomies["regions"]
        ]
        title, category = _("Partnership requests by region of Morocco"), _("Region")
        return Chart(name, title, category, _("Requests"), tuple(rows))
    raise ValueError(name)


def _label(site: Site, kind: str, key: str, lang: str) -> str:
    found = i18n.pick(site.term(kind, key).get("label"), lang)
    return found.value if found else key


def _short(label: str, most: int = 44) -> str:
    """A label short enough to leave the bars room; the table below gives it whole."""
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def svg(item: Chart, lang: str) -> str:
    fmt = i18n.Formats(lang)
    drawing = pygal.HorizontalBar(
        style=STYLE,
        show_legend=False,
        disable_xml_declaration=True,
        js=[],  # a picture, not an application: no script
        width=800,
        height=max(160, 60 + 34 * len(item.rows)),
        value_formatter=fmt.number,
        print_values=True,
        show_x_labels=False,  # each bar prints its value (the bars lie along x)
    )
    drawing.title = item.title
    shown = item.rows[::-1]  # pygal draws the first row at the bottom: the table's order
    drawing.x_labels = [_short(label) for label, _value in shown]
    drawing.add(item.unit, [value for _label, value in shown])
    text = str(drawing.render(is_unicode=True))
    # pygal leaves its configuration as a script even without its scripts: a picture
    # needs none. It names each drawing at random: a stable name keeps builds identical.
    text = re.sub(r"<script[^>]*>.*?</script>", "", text, flags=re.S)
    return re.sub(r"chart-[0-9a-f-]{36}", f"chart-{item.name}", text)
