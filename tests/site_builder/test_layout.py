"""The pages as a phone shows them (Debian's Chromium): nothing wider than the screen, no
word split in the middle, every data table with its caption and header row, headings that
show the outline, and charts whose text stays readable and runs in the page's direction."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from site_builder.outputs import charts
from tests.browser import launch, require_chromium, serve
from tests.conftest import BuiltSite

require_chromium()

from playwright.sync_api import Browser  # noqa: E402

LANGS = ("ar", "fr", "en")
PHONES = (320, 390)
PAGE_KINDS = {
    "home": "",
    "calls": "calls/",
    "call": "calls/solidarity-2026/",
    "trainings": "trainings/",
    "training": "trainings/training-test/",
    "projects": "projects/",
    "projects by priority area": "projects/axis/youth-and-vulnerable/",
    "project": "projects/t2030-001/",
    "associations": "associations/",
    "association": "associations/amal-test/",
    "partnerships": "partnerships/",
    "partnership request": "partnerships/jusoor-lille-oriental/",
    "data": "data/",
    "search": "search/",
    "content page": "guides/how-to-apply/",
    "story": "stories/reading-workshops-lyon/",
    "404": "no-such-page/",
}
CHART_PAGES = ("", "projects/", "partnerships/")

# What sticks out past the screen's edges, except inside a box that scrolls sideways (which
# scrolls itself, not the page) or a fixed one (Material's menu drawer waits off screen
# until opened).
OVERFLOWING = """() => {
  const width = window.innerWidth, out = [];
  const contained = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (["auto", "scroll"].includes(style.overflowX) || style.position === "fixed") return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (getComputedStyle(el).position === "fixed" || !el.checkVisibility()) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || (box.left >= -0.5 && box.right <= width + 0.5)) continue;
    const text = el.textContent.trim().slice(0, 40);
    if (!contained(el)) out.push(`${el.tagName.toLowerCase()}.${el.className} ${text}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, out: out};
}"""

# Words of the page's text drawn on two lines. Code and addresses may break anywhere; a word
# may end a line at a hyphen or a slash, so these split it into words.
SPLIT_WORDS = """(within) => {
  const found = [], range = document.createRange();
  const hidden = (el) => {
    for (let a = el; a; a = a.parentElement) {
      const box = a.getBoundingClientRect();
      if (box.width <= 1 && box.height <= 1) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.querySelector(within), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (el.closest("code, pre, .portal-address, [lang=zxx]") || !el.checkVisibility()) continue;
    if (hidden(el)) continue;  // for screen readers only: a 1 px box
    for (const m of node.data.matchAll(/[^\\s\\-\\u2010/]{2,}/g)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top);
      if (Math.max(...tops) - Math.min(...tops) > 8) found.push(m[0]);
    }
  }
  return found;
}"""

TABLES = """() => [...document.querySelectorAll("article table")].map((t) => ({
  caption: t.caption ? t.caption.textContent.trim() : "",
  headers: t.querySelectorAll("thead th[scope=col]").length,
  columns: t.tBodies[0].rows[0].cells.length,
}))"""


@dataclass(frozen=True)
class Seen:
    width: int
    lang: str
    kind: str
    scroll_width: int
    overflowing: list[str]
    split_words: list[str]
    tables: list[dict[str, Any]]


@pytest.fixture(scope="module")
def origin(built_site: BuiltSite) -> Iterator[str]:
    yield from serve(built_site.out)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch()


@pytest.fixture(scope="module")
def phone_pages(browser: Browser, origin: str) -> list[Seen]:
    """Every kind of page in every language at each phone's width, looked at once."""
    seen = []
    for width in PHONES:
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for lang in LANGS:
            for kind, path in PAGE_KINDS.items():
                page.goto(f"{origin}/{lang}/{path}")
                if kind == "search":
                    page.wait_for_selector("#portal-search", state="attached")
                box = page.evaluate(OVERFLOWING)
                seen.append(
                    Seen(
                        width,
                        lang,
                        kind,
                        box["scrollWidth"],
                        box["out"],
                        page.evaluate(SPLIT_WORDS, "article"),
                        page.evaluate(TABLES),
                    )
                )
        context.close()
    return seen


def test_no_page_is_wider_than_a_phone(phone_pages: list[Seen]) -> None:
    wider = [
        (s.width, s.lang, s.kind, s.scroll_width) for s in phone_pages if s.scroll_width > s.width
    ]
    assert wider == []


def test_nothing_sticks_out_of_a_phone_screen(phone_pages: list[Seen]) -> None:
    out = [(s.width, s.lang, s.kind, e) for s in phone_pages for e in s.overflowing]
    assert out == []


def test_no_word_is_split_across_two_lines(phone_pages: list[Seen]) -> None:
    split = [(s.width, s.lang, s.kind, w) for s in phone_pages for w in s.split_words]
    assert split == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_staff_report_scrolls_its_tables_in_their_own_box(
    browser: Browser, origin: str, lang: str
) -> None:
    """Its tables of figures are wider than a phone: each scrolls in a box the keyboard can
    reach, named by the table's caption, and the page stays as wide as the screen."""
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(f"{origin}/staff-report/{lang}/")
    assert page.evaluate(OVERFLOWING) == {"scrollWidth": 320, "out": []}
    boxes = page.locator("table").evaluate_all(
        """(tables) => tables.map((t) => {
          const box = t.parentElement, style = getComputedStyle(box);
          const label = document.getElementById(box.getAttribute("aria-labelledby"));
          return [style.overflowX, box.tabIndex, box.getAttribute("role"), label === t.caption];
        })"""
    )
    assert boxes and all(box == ["auto", 0, "region", True] for box in boxes)
    page.close()


def test_every_data_table_has_a_caption_and_a_header_row(phone_pages: list[Seen]) -> None:
    tables = [(s.lang, s.kind, t) for s in phone_pages for t in s.tables]
    assert {kind for _, kind, _ in tables} >= {"projects", "association", "call", "data"}
    bad = [(lang, kind, t) for lang, kind, t in tables if not t["caption"] or not t["headers"]]
    assert bad == []
    assert all(t["headers"] == t["columns"] for _, _, t in tables)


def test_a_narrow_column_keeps_its_words_whole(browser: Browser, origin: str) -> None:
    """Material lets a link break between any two letters, which lets a table's column
    shrink below its longest word and split it ("Accompagnem-ent"), as on /fr/projects/
    at 390 px before its table was stacked: a column is never narrower than its words."""
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    page.goto(f"{origin}/fr/projects/axis/youth-and-vulnerable/")
    page.locator("table.portal-table--stack").evaluate(
        "(table) => { table.style.inlineSize = '20em'; }"
    )
    assert page.evaluate(SPLIT_WORDS, "table.portal-table--stack") == []
    page.close()


@pytest.mark.parametrize("width", PHONES)
def test_a_year_and_its_count_are_two_words_in_arabic(
    browser: Browser, origin: str, width: int
) -> None:
    """On /ar/projects/ the table of projects by year once read "122019" for 12 in 2019."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{origin}/ar/projects/")
    caption = "أرقام المبيان: المشاريع المدعمة حسب السنة"
    row = page.locator("table", has=page.locator("caption", has_text=caption)).locator("tbody tr")
    assert re.fullmatch(r"\s*2019\s+12\s*", row.first.text_content() or "")
    # And on screen: each text stands off both edges of its cell.
    insets = row.first.evaluate(
        """(tr) => [...tr.cells].map((cell) => {
          const r = document.createRange();
          r.selectNodeContents(cell);
          const text = r.getBoundingClientRect(), box = cell.getBoundingClientRect();
          return Math.min(text.left - box.left, box.right - text.right);
        })"""
    )
    assert min(insets) >= 6
    page.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [390, 1366])
def test_the_key_figures_of_a_row_line_up_and_buttons_never_touch(
    browser: Browser, origin: str, lang: str, width: int
) -> None:
    """ "Associations in the directory" on two lines put its figure 24 px below its
    neighbours' at 1366 px; the call page's two buttons stacked on a phone with no gap."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{origin}/{lang}/")
    tops = page.locator(".portal-figures dd").evaluate_all(
        "(dds) => dds.map((dd) => [Math.round(dd.parentElement.getBoundingClientRect().top),"
        " Math.round(dd.getBoundingClientRect().bottom)])"
    )
    rows: dict[int, set[int]] = {}
    for row, bottom in tops:
        rows.setdefault(row, set()).add(bottom)
    assert len(tops) == 4 and all(len(bottoms) == 1 for bottoms in rows.values()), tops
    page.goto(f"{origin}/{lang}/calls/solidarity-2026/")
    first, second = (
        page.locator(".portal-actions .md-button").nth(i).bounding_box() for i in range(2)
    )
    assert first and second
    a, b = first, second
    apart = max(
        b["y"] - (a["y"] + a["height"]),  # one above the other
        b["x"] - (a["x"] + a["width"]),  # side by side, left to right
        a["x"] - (b["x"] + b["width"]),  # or right to left
    )
    assert apart >= 8, (first, second)
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_numbers_line_up_at_the_end_edge(browser: Browser, origin: str, lang: str) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    page.goto(f"{origin}/{lang}/projects/")
    cells = page.locator("table td.portal-num")
    assert cells.count() > 10
    styles = cells.evaluate_all(
        """(tds) => tds.map((td) => {
          const s = getComputedStyle(td), r = document.createRange();
          r.selectNodeContents(td);
          const text = r.getBoundingClientRect(), box = td.getBoundingClientRect();
          const padding = parseFloat(s.paddingInlineEnd);
          const end = s.direction === "rtl" ? text.left - box.left : box.right - text.right;
          return [s.fontVariantNumeric, Math.round(end - padding)];
        })"""
    )
    assert {style for style, _ in styles} == {"tabular-nums"}
    assert {end for _, end in styles} == {0}  # each number against its cell's end edge
    page.close()


def _contrast(rgb: str) -> float:
    """The colour's contrast ratio with white (WCAG 2)."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("lang", LANGS)
def test_headings_are_dark_bold_and_step_down(
    browser: Browser, origin: str, lang: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{origin}/{lang}/calls/support-2025/")
    levels = page.evaluate(
        """() => {
          const article = document.querySelector("article");
          for (const tag of ["h3", "h4"]) article.append(document.createElement(tag));
          return ["h1", "h2", "h3", "h4", "p"].map((tag) => {
            const s = getComputedStyle(article.querySelector(tag));
            return {
              tag, size: parseFloat(s.fontSize), weight: parseInt(s.fontWeight),
              color: s.color, spacing: s.letterSpacing,
            };
          });
        }"""
    )
    page.close()
    headings = levels[:4]
    assert [h["tag"] for h in headings if _contrast(h["color"]) < 7] == []
    assert [h["tag"] for h in headings if h["weight"] < 700] == []
    assert [h["tag"] for h in headings if h["spacing"] != "normal"] == []
    sizes = [level["size"] for level in levels]
    assert sizes[0] > sizes[1] > sizes[2] > sizes[3] == sizes[4]


# A chart's SVG opened on its own: its text, bars and labels, in its own units.
DRAWING = """() => {
  const root = document.documentElement;
  const texts = [...root.querySelectorAll("text")].map((t) => {
    const box = t.getBBox();
    const size = parseFloat(getComputedStyle(t).fontSize);
    return {text: t.textContent, size, left: box.x, right: box.x + box.width};
  });
  const bars = [...root.querySelectorAll("rect.bar")].map(
    (r) => ({x: r.x.baseVal.value, width: r.width.baseVal.value}));
  const labels = [...root.querySelectorAll("g.row")].map(
    (g) => [...g.querySelectorAll("text.label")].map((t) => t.textContent).join(" "));
  return {width: root.viewBox.baseVal.width, texts, bars, labels};
}"""


@dataclass(frozen=True)
class Drawing:
    lang: str
    src: str
    shown_width: float
    drawn_width: float
    texts: list[dict[str, Any]]  # text, font size, left and right edges
    bars: list[dict[str, float]]  # x and width, in the rows' order
    labels: list[str]  # each row's label, its lines joined
    table: list[tuple[str, int]]  # the rows of the table under the chart: label, value


def drawings(browser: Browser, origin: str, width: int) -> Iterator[Drawing]:
    """Each chart of each page that has one, as the browser chose and drew it at the width."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page, svg = context.new_page(), context.new_page()
    for lang in LANGS:
        for path in CHART_PAGES:
            page.goto(f"{origin}/{lang}/{path}")
            figures = page.locator("figure.portal-chart")
            for i in range(figures.count()):
                img = figures.nth(i).locator("img")
                img.scroll_into_view_if_needed()
                page.wait_for_function(
                    "(img) => img.complete && img.naturalWidth > 0", arg=img.element_handle()
                )
                src, shown = img.evaluate(
                    "(img) => [img.currentSrc, img.getBoundingClientRect().width]"
                )
                table = figures.nth(i).locator("xpath=following-sibling::table[1]")
                heads = table.locator("tbody th[scope=row]").all_text_contents()
                values = table.locator("tbody td").all_text_contents()
                rows = [(h, int(re.sub(r"\D", "", v))) for h, v in zip(heads, values, strict=True)]
                svg.goto(src)
                drawn = svg.evaluate(DRAWING)
                yield Drawing(
                    lang,
                    src,
                    shown,
                    drawn["width"],
                    drawn["texts"],
                    drawn["bars"],
                    drawn["labels"],
                    rows,
                )
    context.close()


@pytest.fixture(scope="module", params=[320, 390, 768, 1366])
def charts_at(request: pytest.FixtureRequest, browser: Browser, origin: str) -> list[Drawing]:
    return list(drawings(browser, origin, request.param))


def test_chart_text_is_at_least_12_px_as_shown(charts_at: list[Drawing]) -> None:
    assert len(charts_at) == 3 * 6  # home 2, projects 3, partnerships 1
    small = [
        (d.src, t["text"], round(t["size"] * d.shown_width / d.drawn_width, 1))
        for d in charts_at
        for t in d.texts
        if t["size"] * d.shown_width / d.drawn_width < 12
    ]
    assert small == []


def test_chart_labels_are_whole_and_inside_the_drawing(charts_at: list[Drawing]) -> None:
    for d in charts_at:
        assert d.labels == [label for label, _ in d.table], d.src  # whole, as in the table
        assert [t["text"] for t in d.texts if "…" in t["text"]] == []
        outside = [t["text"] for t in d.texts if t["left"] < 0 or t["right"] > d.drawn_width]
        assert outside == [], d.src


def test_chart_bars_grow_from_the_start_edge_of_the_language(charts_at: list[Drawing]) -> None:
    for d in charts_at:
        rtl = d.lang == "ar"
        anchors = {round(b["x"] + b["width"] if rtl else b["x"], 1) for b in d.bars}
        assert anchors == {d.drawn_width - charts.PAD if rtl else charts.PAD}, d.src
        # From that common edge, the larger the value the longer the bar: in Arabic the
        # further left it reaches.
        bars = [(value, b["width"]) for (_, value), b in zip(d.table, d.bars, strict=True)]
        assert sorted(bars) == sorted(bars, key=lambda bar: bar[1]), d.src
        assert len({w for v, w in bars if v == 0} | {0.0}) == 1, d.src
