"""Charts of the funded projects and the directory, per language: the figures worked out
from the model (pure functions), drawn as SVG bar charts at build time.

The SVG's text is the page's language; a browser shapes Arabic in it like any text. Each
chart is shown followed by its data as a table (templates/_macros.html: chart_figure), for
screen readers and for whoever wants the numbers.

A picture's text shrinks with the picture, so each chart is drawn twice, at the two widths
the pages show it at (VARIANTS): on a phone the narrow drawing is shown at most a fifth
smaller than drawn, so its 16 px text never falls under 12 px. Each label is written whole,
on as many lines as it needs, above its bar; the bars grow from the start edge of the
page's language: from the right in Arabic.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass

from site_builder.model import i18n
from site_builder.model.site import Site


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


@dataclass(frozen=True)
class Variant:
    suffix: str  # its file: charts/<name><suffix>.svg
    width: int  # drawn at, in CSS pixels: no page shows it wider
    media: str  # the screens it is for (a <source>'s media query); "" for every other one


# The narrow one below 640 px, where the text column is 288 px wide at the least (a 320 px
# phone): 16 px text drawn 360 wide shows at 12.8 px. From 640 px up the column is at least
# 608 px wide (686 beside Material's table of contents): the wide one shows at 15 px or more.
NARROW = Variant("-narrow", 360, "(max-width: 39.9375em)")
WIDE = Variant("", 640, "")
VARIANTS = (NARROW, WIDE)

FONT = "system-ui, 'Noto Sans', 'Noto Sans Arabic', Tahoma, sans-serif"
FONT_SIZE = 16
# Wider than the average letter, in ems, of the fonts a reader's system may draw the text
# with (Noto Sans, DejaVu Sans, Liberation Sans, Noto Sans Arabic, Noto Kufi Arabic: measured
# in Chromium over the charts' labels): a line wrapped by this estimate fits.
EM_PER_LETTER = 0.6
EM_PER_ARABIC_LETTER = 0.52
LINE = 20  # the distance between two lines of a label
BAR = 20  # a bar's thickness
GAP = 14  # between one bar and the next row's label
PAD = 8  # around the drawing
TEXT = "#1d1d1d"  # 16.9:1 on white
MUTED = "#4d4d4d"  # 8.5:1 on white
BAR_COLOUR = "#1b5e20"


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


def _text_width(text: str) -> float:
    ems = sum(EM_PER_ARABIC_LETTER if _arabic(c) else EM_PER_LETTER for c in text)
    return ems * FONT_SIZE


def _arabic(c: str) -> bool:
    return "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" or "\ufb50" <= c <= "\ufeff"


def _wrap(label: str, width: float) -> list[str]:
    """The label on lines that fit the width, broken between words; a word longer than a
    line keeps a line to itself, whole (the browser test sees whether it fits)."""
    lines: list[str] = []
    for word in label.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and _text_width(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [""]


def height(item: Chart, variant: Variant) -> int:
    """The drawing's height: what the <img> reserves before the picture comes."""
    inner = variant.width - 2 * PAD
    lines = sum(len(_wrap(label, inner)) for label, _value in item.rows)
    return 2 * PAD + LINE + GAP + lines * LINE + len(item.rows) * (BAR + 4 + GAP)


def svg(item: Chart, lang: str, variant: Variant = WIDE) -> str:
    fmt = i18n.Formats(lang)
    rtl = i18n.direction(lang) == "rtl"
    shown = [(label, value, fmt.number(value)) for label, value in item.rows]
    # The longest bar leaves room at its end for its value.
    room = variant.width - 2 * PAD - max(_text_width(v) for *_, v in shown) - 6
    most = max(value for _label, value, _shown in shown) or 1
    tall = str(height(item, variant))
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "id": f"chart-{item.name}{variant.suffix}",
            "width": str(variant.width),
            "height": tall,
            "viewBox": f"0 0 {variant.width} {tall}",
            # Each text begins at its x in the drawing's direction: at the right in Arabic.
            "direction": "rtl" if rtl else "ltr",
            "font-family": FONT,
            "font-size": str(FONT_SIZE),
            "fill": TEXT,
        },
    )
    ET.SubElement(root, "title").text = item.title
    ET.SubElement(root, "rect", width="100%", height="100%", fill="white")
    start = variant.width - PAD if rtl else PAD  # where each line begins and each bar grows from
    ET.SubElement(root, "text", x=str(start), y=str(PAD + LINE - 5), fill=MUTED).text = item.unit
    y = PAD + LINE + GAP
    for label, value, written in shown:
        row = ET.SubElement(root, "g", {"class": "row"})
        y = _row(
            row, _wrap(label, variant.width - 2 * PAD), written, room * value / most, y, start, rtl
        )
    return ET.tostring(root, encoding="unicode")


def _row(
    row: ET.Element, lines: list[str], written: str, length: float, y: int, start: int, rtl: bool
) -> int:
    """A label's lines, its bar growing from `start` and its value past the bar's end; the
    top of the next row."""
    for line in lines:
        y += LINE
        ET.SubElement(row, "text", {"class": "label", "x": str(start), "y": str(y - 5)}).text = line
    length = round(length, 1)
    top = y + 4
    bar = {"x": f"{start - length if rtl else start:g}", "y": str(top), "width": f"{length:g}"}
    ET.SubElement(row, "rect", {"class": "bar", **bar, "height": str(BAR), "fill": BAR_COLOUR})
    end = start - length - 6 if rtl else start + length + 6
    value = {"class": "value", "x": f"{end:g}", "y": str(top + BAR - 5)}
    ET.SubElement(row, "text", value).text = written
    return top + BAR + GAP
