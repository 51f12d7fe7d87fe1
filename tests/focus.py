"""Shared by the focus tests of the site and the forms service: what a focused control shows,
read in the browser with getComputedStyle, and judged here by WCAG's numbers.

A focus indicator is read as bands around the control: the outline, then whatever a box-shadow
spreads beyond it. A band counts when it is at least 3 px wide and its colour contrasts 3:1
with the background behind the control (2.4.7, and 2.4.13's measure), and, when the control
paints its own background, one such band contrasts 3:1 with that too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Tests read the end state of a focus, not a frame of Material's transitions.
NO_TRANSITIONS = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
)

# What a focused element shows (a function of the element, for page.evaluate).
MEASURE = (Path(__file__).parent / "focus.js").read_text(encoding="utf-8")

# A skip link's text, whether it shows, and what its target holds.
SKIP_LINK = """() => {
  const a = document.activeElement, r = a.getBoundingClientRect();
  const href = a.getAttribute("href") || "";
  const target = href.startsWith("#") ? document.getElementById(href.slice(1)) : null;
  return {tag: a.localName, text: a.textContent.trim(), visible: r.width > 1 && r.height > 1,
          target: target ? target.id : null, inMain: !!target && !!target.closest("main"),
          heading: !!target && !!target.querySelector("h1")};
}"""

# Each field's border colour and width, and the colour behind the field.
EDGES = """els => els.map(el => {
  const rgb = t => t.match(/[\\d.]+/g).map(Number);
  const clear = node => (rgb(getComputedStyle(node).backgroundColor)[3] ?? 1) === 0;
  let node = el.parentElement;
  while (node && clear(node)) node = node.parentElement;
  const s = getComputedStyle(el);
  return [el.id, rgb(s.borderTopColor), parseFloat(s.borderTopWidth),
          node ? rgb(getComputedStyle(node).backgroundColor) : [255, 255, 255]];
})"""


SHADOW = re.compile(
    r"(rgba?\([^)]*\))\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+([\d.]+)px\s+(-?[\d.]+)px(\s+inset)?"
)


@dataclass(frozen=True)
class Band:
    width: float
    color: tuple[float, ...]


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(top: tuple[float, ...], under: tuple[float, ...]) -> tuple[float, ...]:
    alpha = top[3] if len(top) > 3 else 1.0
    return tuple(top[i] * alpha + under[i] * (1 - alpha) for i in range(3))


def bands(found: dict[str, Any]) -> list[Band]:
    """The focus indicator's bands: the outline, then each shadow's spread beyond it (a
    shadow drawn under the outline shows only past the outline's width)."""
    outline = found["outline"]
    drawn = outline["style"] != "none" and outline["width"] > 0 and outline["color"][3] > 0
    result = [Band(outline["width"], tuple(outline["color"]))] if drawn else []
    covered = outline["width"] if drawn else 0.0
    for color, x, y, blur, spread, _inset in SHADOW.findall(found["shadow"]):
        if float(x) or float(y) or float(blur):
            continue  # an offset or blurred shadow is no even ring
        rgba = (*(float(v) for v in re.findall(r"[\d.]+", color)), 1.0)
        result.append(Band(float(spread) - covered, rgba[:4]))
    return result


def reach(found: dict[str, Any]) -> float:
    """How far the focus indicator reaches out of the control's box (an inset one: not)."""
    outline = found["outline"]
    drawn = outline["style"] != "none" and outline["width"] > 0
    extents = [outline["offset"] + outline["width"]] if drawn else []
    for _color, _x, _y, _blur, spread, inset in SHADOW.findall(found["shadow"]):
        extents.append(0.0 if inset else float(spread))
    return max([0.0, *extents])


def problems(found: dict[str, Any]) -> list[str]:
    """What keeps this focus from being seen, in words; nothing when it shows."""
    page = tuple(found["page"])
    wide = [b for b in bands(found) if b.width >= 3]
    said = []
    if not any(contrast(blend(b.color, page), page) >= 3 for b in wide):
        said.append(f"no 3 px band contrasting 3:1 with the page behind it: {bands(found)}")
    control = found["control"]
    if control and not any(contrast(blend(b.color, control), control) >= 3 for b in wide):
        said.append(f"no 3 px band contrasting 3:1 with the control {control}: {bands(found)}")
    if found["opacity"] < 1:
        said.append(f"drawn at opacity {found['opacity']}")
    box, view = found["box"], found["viewport"]
    if box["width"] < 1 or box["height"] < 1 or box["right"] <= 0 or box["left"] >= view["width"]:
        said.append(f"out of sight: {box}")
    ring = reach(found)
    for clip in found["clips"]:
        if (
            box["left"] - ring < clip["left"] - 0.5
            or box["right"] + ring > clip["right"] + 0.5
            or box["top"] - ring < clip["top"] - 0.5
            or box["bottom"] + ring > clip["bottom"] + 0.5
        ):
            said.append(f"ring cut off by {clip['what']!r}")
    return said


def walk(page: Any, limit: int = 400) -> list[dict[str, Any]]:
    """Tab from the top of the page through every stop until focus leaves the page or comes
    back round; each stop as MEASURE reads it."""
    page.add_style_tag(content=NO_TRANSITIONS)
    stops: list[dict[str, Any]] = []
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        handle = page.evaluate_handle("document.activeElement")
        if page.evaluate("el => el === document.body || el === null", handle):
            break
        if first is not None and page.evaluate("(a, b) => a === b", [handle, first]):
            break
        first = first or handle
        stops.append(page.evaluate(MEASURE, handle))
    return stops


def focus_problems(stops: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(kind, element, problem) for every stop whose focus does not show."""
    return [(s["kind"], s["name"], said) for s in stops for said in problems(s)]


def edges(page: Any, selector: str) -> dict[str, bool]:
    """Whether each field's border shows: at least 1 px, 3:1 with the page (WCAG 1.4.11)."""
    found = page.eval_on_selector_all(selector, EDGES)
    return {f[0]: f[2] >= 1 and contrast(tuple(f[1]), tuple(f[3])) >= 3 for f in found}
