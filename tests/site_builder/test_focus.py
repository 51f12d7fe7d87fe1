"""Controls people can see and reach, in Debian's Chromium: a skip link first on every page,
a focus ring on every stop of the tab order, fields with a visible edge, and every section of
the portal in reach at every width, in every language (WCAG 2.2 AA)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from site_builder.model import i18n
from tests.browser import launch, require_chromium, serve
from tests.conftest import REPO, BuiltSite
from tests.focus import MEASURE, NO_TRANSITIONS, SKIP_LINK, edges, focus_problems, walk

require_chromium()

from playwright.sync_api import Browser, Page  # noqa: E402

LANGUAGES = ("ar", "fr", "en")
WIDTHS = (320, 390, 768, 1024, 1366, 1920)
CALL = "calls/solidarity-2026/"  # an open call: its page asks the eligibility questions


@pytest.fixture(scope="module")
def origin(built_site: BuiltSite) -> Iterator[str]:
    yield from serve(built_site.out)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch()


def opened(browser: Browser, url: str, width: int = 1366) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto(url)
    return page


def tab_to(page: Page, selector: str, limit: int = 200) -> None:
    """Press Tab until the focus is on `selector`: what a keyboard can reach, it reaches so."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reaches {selector}")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    ["", CALL, "guides/how-to-apply/", "search/", "no-such-page/"],
    ids=["home", "call", "guide with headings", "search", "404"],
)
def test_the_first_tab_lands_on_a_skip_link_to_the_content(
    browser: Browser, origin: str, lang: str, path: str
) -> None:
    page = opened(browser, f"{origin}/{lang}/{path}")
    page.keyboard.press("Tab")
    link = page.evaluate(SKIP_LINK)
    skip = i18n.translations(lang).ugettext("Skip to main content")
    assert link == {
        "tag": "a",
        "text": skip,
        "visible": True,
        "target": "main-content",
        "inMain": True,
        "heading": True,
    }
    # Following it, the next Tab goes on from the content, past the header and the menus.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#main-content') !== null")
    page.context.close()


# The header, the language menu, the tabs, the search form and the eligibility questions.
CALL_STOPS = {"skip link", "language switch", "language link", "tab", "header search"}
CALL_STOPS |= {"header search button", "link", "button", "number input", "select"}
PAGE_STOPS = {
    "call": (CALL, 1366, CALL_STOPS),
    "call on a phone": (CALL, 390, CALL_STOPS - {"tab"} | {"menu button"}),
    "guide, its menu and contents": ("guides/how-to-apply/", 1366, {"link", "menu link"}),
    "open drawer": (CALL, 390, {"menu link"}),
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", list(PAGE_STOPS))
def test_every_stop_of_the_tab_order_shows_its_focus(
    browser: Browser, origin: str, lang: str, case: str
) -> None:
    """From the skip link to the footer: a 3 px ring contrasting 3:1 with what is behind
    it, fully drawn, on something in sight (a closed drawer's links are no stop)."""
    path, width, wanted = PAGE_STOPS[case]
    page = opened(browser, f"{origin}/{lang}/{path}", width)
    if case == "open drawer":
        page.add_style_tag(content=NO_TRANSITIONS)
        tab_to(page, '.md-header label[for="__drawer"]')
        page.keyboard.press("Enter")
    stops = walk(page)
    assert focus_problems(stops) == []
    kinds = {s["kind"] for s in stops}
    assert wanted <= kinds, wanted - kinds
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_search_pages_field_shows_its_edge_and_its_focus(
    browser: Browser, origin: str, lang: str
) -> None:
    page = opened(browser, f"{origin}/{lang}/search/")
    page.wait_for_selector("#portal-search input")
    page.add_style_tag(content=NO_TRANSITIONS)
    tab_to(page, "#portal-search input")
    found = page.evaluate(MEASURE, page.evaluate_handle("document.activeElement"))
    assert focus_problems([found]) == []
    assert list(edges(page, "#portal-search input").values()) == [True]
    page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_eligibility_questions_fields_have_a_visible_edge(
    browser: Browser, origin: str, lang: str
) -> None:
    page = opened(browser, f"{origin}/{lang}/{CALL}")
    shown = edges(page, ".portal-eligibility :is(input:not([type=hidden]), select), #portal-q")
    assert len(shown) >= 4 and shown == dict.fromkeys(shown, True)
    page.context.close()


def sections(lang: str) -> int:
    """How many top-level sections the language's navigation has."""
    config = (REPO / "content" / f"mkdocs.{lang}.yml").read_text(encoding="utf-8")
    return len(yaml.safe_load(config)["nav"])


IN_SIGHT = """el => {
  const r = el.getBoundingClientRect();
  let shown = r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth;
  for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
    const s = getComputedStyle(node), c = node.getBoundingClientRect();
    if (s.visibility === "hidden" || s.display === "none") shown = false;
    const clipped = r.left < c.left - .5 || r.right > c.right + .5
      || r.top < c.top - .5 || r.bottom > c.bottom + .5;
    if ((s.overflowX !== "visible" || s.overflowY !== "visible") && clipped) shown = false;
  }
  return shown;
}"""


def drawer_sections(page: Page) -> list[dict[str, Any]]:
    """The open drawer's top-level entries, each brought into view, with where it leads."""
    found = []
    for item in page.locator(".md-nav--primary > .md-nav__list > .md-nav__item").all():
        entry = item.locator(":scope > .md-nav__link").first
        entry.scroll_into_view_if_needed()
        link = item.locator("a[href]").first  # a nested section leads to its first page
        found.append(
            {
                "href": link.evaluate("a => a.href"),
                "in sight": entry.evaluate(IN_SIGHT),
            }
        )
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_section_is_in_reach_and_the_page_fits(
    browser: Browser, origin: str, lang: str, width: int
) -> None:
    """In the tab bar, which wraps rather than run off, or, where the tabs do not show,
    in the drawer its menu button opens from the keyboard; never sideways scrolling."""
    page = opened(browser, f"{origin}/{lang}/{CALL}", width)
    page.add_style_tag(content=NO_TRANSITIONS)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    tabs = page.locator(".md-tabs__link")
    hrefs = tabs.evaluate_all("els => els.map(a => a.href)")
    assert len(hrefs) == sections(lang)
    if page.locator(".md-tabs").is_visible():
        assert [t.evaluate(IN_SIGHT) for t in tabs.all()] == [True] * len(hrefs)
    else:
        tab_to(page, '.md-header label[for="__drawer"]')
        page.keyboard.press("Enter")
        assert page.locator("#__drawer").is_checked()
        wanted = [{"href": h, "in sight": True} for h in hrefs]
        assert drawer_sections(page) == wanted
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    search = page.eval_on_selector_all(
        ".portal-searchbar :is(input, button)",
        """els => els.map(e => [e.getBoundingClientRect().height >= 44,
                               parseFloat(getComputedStyle(e).fontSize) >= 16])""",
    )
    assert search == [[True, True], [True, True]]
    page.context.close()


def test_the_drawer_opens_without_javascript(browser: Browser, origin: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{origin}/fr/{CALL}")
    page.click('.md-header label[for="__drawer"]')
    page.locator(".md-nav--primary a[href$='/data/']").first.click()
    page.wait_for_url(f"{origin}/fr/data/")
    context.close()


ACTIVE = """() => { const el = document.activeElement;
  return { for: el.getAttribute('for'), cls: el.className.trim().split(/\\s+/)[0],
           role: el.getAttribute('role'),
           name: el.getAttribute('aria-label') || el.textContent.trim(),
           expanded: el.getAttribute('aria-expanded') }; }"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_drawers_sections_are_entered_and_left_from_the_keyboard(
    browser: Browser, origin: str, lang: str
) -> None:
    """On a phone a section of the drawer slides over the list it came from: its title is the
    way back, a named button that takes the focus; Escape steps back too, then closes the
    drawer, the focus each time on what opened what was closed."""
    page = opened(browser, f"{origin}/{lang}/{CALL}", 390)
    page.add_style_tag(content=NO_TRANSITIONS)
    tab_to(page, '.md-header label[for="__drawer"]')
    page.keyboard.press("Enter")
    opener_selector = '.md-nav--primary label.md-nav__link[for^="__nav_"][tabindex]'
    tab_to(page, opener_selector)
    opener = page.evaluate(ACTIVE)
    section = opener["for"]
    assert opener["role"] == "button" and opener["expanded"] == "false" and opener["name"]
    page.keyboard.press("Enter")  # into the section: the focus on its way back
    back = page.evaluate(ACTIVE)
    words = i18n.translations(lang).ugettext("Back to the sections of the portal")
    assert back == {"for": section, "cls": "md-nav__title", "role": "button", "name": words,
                    "expanded": None}  # fmt: skip
    focused = page.evaluate_handle("document.activeElement")
    on_top = """el => { const r = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }"""
    assert focused.evaluate(on_top)  # what the eye sees there: not hidden under the list
    assert focus_problems([page.evaluate(MEASURE, focused)]) == []
    assert page.locator(f"#{section}").is_checked()
    page.keyboard.press("Enter")  # back: the section closed, the focus on its opener
    assert not page.locator(f"#{section}").is_checked()
    assert page.evaluate(ACTIVE) == {**opener, "expanded": "false"}
    # In again, on to the section's first page's link, then Escape twice.
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE)["expanded"] is None
    assert page.evaluate(ACTIVE)["cls"] == "md-nav__title"
    page.keyboard.press("Tab")
    inside = "document.activeElement.closest('nav[aria-labelledby]')"
    inside += ".getAttribute('aria-labelledby')"
    assert page.evaluate(inside) == f"{section}_label"
    page.keyboard.press("Escape")
    assert not page.locator(f"#{section}").is_checked()
    assert page.evaluate(ACTIVE)["for"] == section
    page.keyboard.press("Escape")
    assert not page.locator("#__drawer").is_checked()
    assert page.evaluate(ACTIVE)["for"] == "__drawer"
    page.context.close()
