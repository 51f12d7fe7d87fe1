"""The site in a real browser (Debian's Chromium): language switch, search, accessibility."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from site_builder.tools.serve import make_server
from tests.browser import launch, require_chromium, serve
from tests.conftest import BuiltSite

require_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Browser, Page, expect  # noqa: E402

PAGE_TYPES = {
    "home": "",
    "calls": "calls/",
    "call (open)": "calls/solidarity-2026/",
    "call (closed)": "calls/support-2025/",
    "projects": "projects/",
    "projects by country": "projects/country/fr/",
    "project": "projects/t2030-001/",
    "associations": "associations/",
    "association (with fallback)": "associations/amal-test/",
    "trainings": "trainings/",
    "training": "trainings/training-test/",
    "partner search": "partnerships/",
    "partnership request": "partnerships/jusoor-lille-oriental/",
    "programme": "programmes/project-support/",
    "guide": "guides/how-to-apply/",
    "search": "search/",
}


@pytest.fixture(scope="module")
def origin(built_site: BuiltSite) -> Iterator[str]:
    yield from serve(built_site.out)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("lang,direction", [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")])
def test_home_page_in_each_language(page: Page, origin: str, lang: str, direction: str) -> None:
    page.goto(f"{origin}/{lang}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("body")).to_have_attribute("dir", direction)
    expect(page.locator("h1")).to_be_visible()
    # The countdown is rewritten by the script from the deadline and the clock.
    expect(page.locator(".portal-countdown").first).not_to_be_empty()


def test_countdowns_are_told_as_of_the_browsers_clock(browser: Browser, origin: str) -> None:
    """The build writes each countdown as of its own day; the page's script, once idle,
    tells it from the visitor's clock: three days before the deadline, "in 3 days"."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{origin}/en/")
    countdown = page.locator(".portal-countdown[data-deadline]").first
    deadline = countdown.get_attribute("data-deadline") or ""
    page.clock.set_fixed_time(datetime.fromisoformat(deadline) - timedelta(days=3, hours=1))
    page.reload()
    expect(countdown).to_have_text("in 3 days")
    context.close()


def test_the_root_sends_the_visitor_to_their_language(page: Page, origin: str) -> None:
    page.goto(f"{origin}/")
    page.wait_for_url(f"{origin}/fr/")


def test_language_switch_leads_to_the_same_page(page: Page, origin: str) -> None:
    page.goto(f"{origin}/fr/calls/solidarity-2026/")
    page.locator(".md-select").hover()
    page.locator('a.md-select__link[hreflang="ar"]').click()
    page.wait_for_url(f"{origin}/ar/calls/solidarity-2026/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("body")).to_have_attribute("dir", "rtl")


def test_arabic_search_finds_words_with_the_article(page: Page, origin: str) -> None:
    # "دعم" (support) without the article: pages say "الدعم" (Pagefind's Arabic stemming).
    page.goto(f"{origin}/ar/search/?q=دعم")
    results = page.locator(".portal-search__result")
    expect(results.first).to_be_visible(timeout=10000)
    marks = page.locator(".portal-search__result mark").all_inner_texts()
    assert any(m.startswith("ال") for m in marks), marks
    # The results run right to left, their count said in the portal's words.
    box = page.locator("#portal-search")
    assert box.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert results.count() == 5  # the first five; the rest on demand
    # No file of Pagefind's own interface is loaded.
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [u for u in loaded if "pagefind-ui" in u], loaded


def test_arabic_results_are_counted_and_their_excerpts_spaced(page: Page, origin: str) -> None:
    """Pagefind wrote "16 نتائج ل التنمية" for any count, and glued a term to its value in
    excerpts ("البرنامجالتنمية"): the count now reads right for any number, and words stay apart."""
    page.goto(f"{origin}/ar/search/?q=التنمية")
    expect(page.locator(".portal-search__result").first).to_be_visible(timeout=10000)
    status = page.locator(".portal-search__status")
    expect(status).to_have_attribute("role", "status")  # announced by screen readers
    message = status.inner_text()
    found = re.fullmatch(r"عدد النتائج عن «التنمية»: (\d+)", message)
    assert found, message
    page.locator(".portal-search__more").click()  # more results: the calls with their facts
    expect(page.locator(".portal-search__result")).to_have_count(min(10, int(found[1])))
    excerpts = " ".join(page.locator(".portal-search__result p").all_inner_texts())
    assert "البرنامجالتنمية" not in excerpts and "المدينةErrachidia" not in excerpts


def test_french_search_from_the_form_on_every_page(page: Page, origin: str) -> None:
    page.goto(f"{origin}/fr/")
    page.fill("#portal-q", "soutien scolaire")
    page.click(".portal-searchbar button")
    page.wait_for_url(f"{origin}/fr/search/?q=soutien+scolaire")
    results = page.locator(".portal-search__result a")
    expect(results.first).to_be_visible(timeout=10000)
    hrefs = results.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith("/fr/") and not h.startswith("/fr/fr/") for h in hrefs), hrefs
    # Each result leads to a page of the site.
    for href in hrefs:
        assert page.request.get(f"{origin}{href}").status == 200, href
    # There the page's own field holds the term, the header's is put away (one field, not two),
    # and a second search answers in place.
    expect(page.locator("#portal-search-q")).to_have_value("soutien scolaire")
    expect(page.locator(".portal-searchbar")).to_be_hidden()
    page.fill("#portal-search-q", "Fès")
    page.click("#portal-search button")
    expect(page.locator(".portal-search__status")).to_contain_text("Fès")
    assert page.url.endswith("/fr/search/?q=F%C3%A8s")


def test_pages_work_without_javascript(browser: Browser, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{origin}/en/projects/")
    page.get_by_role("link", name="Next page").first.click()
    page.wait_for_url(f"{origin}/en/projects/page/2/")
    expect(page.locator("h1")).to_contain_text("page 2")
    context.close()


WORDS = {"ar": "دعم", "fr": "soutien", "en": "support"}  # found in the sample data


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_accessibility_violation(page: Page, origin: str, lang: str, kind: str) -> None:
    page.goto(f"{origin}/{lang}/{PAGE_TYPES[kind]}")
    if kind == "search":  # with its results shown
        page.goto(f"{origin}/{lang}/{PAGE_TYPES[kind]}?q={WORDS[lang]}")
        page.wait_for_selector(".portal-search__result")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_serve_reloads_open_pages_after_a_change(page: Page, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body><p id='v'>before</p></body></html>")
    version = [1]
    server = make_server(tmp_path, 0, version)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        expect(page.locator("#v")).to_have_text("before")
        page.wait_for_timeout(1500)  # the page has read the version once
        (tmp_path / "index.html").write_text("<html><body><p id='v'>after</p></body></html>")
        version[0] += 1
        expect(page.locator("#v")).to_have_text("after", timeout=5000)
    finally:
        server.shutdown()


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_pages_fit_a_phone_screen(browser: Browser, origin: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    wider = []
    for kind, path in PAGE_TYPES.items():
        phone.goto(f"{origin}/{lang}/{path}")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wider.append((kind, width))
    context.close()
    assert wider == []


def phone(browser: Browser, url: str) -> Page:
    page = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_pages_log_no_error_and_ask_for_nothing_missing(
    browser: Browser, origin: str, lang: str
) -> None:
    """Material's script asked for sitemap.xml beside each language link (a 404 in the
    console of every page but the home pages); the portal's asks for nothing missing."""
    context = browser.new_context()
    page = context.new_page()
    said: list[str] = []
    page.on("console", lambda m: said.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: said.append(str(e)))
    page.on("response", lambda r: said.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for path in ("", "calls/solidarity-2026/", "projects/", "guides/how-to-apply/", "search/"):
        page.goto(f"{origin}/{lang}/{path}")
        page.wait_for_load_state("networkidle")
    context.close()
    assert said == []


def test_a_drawer_section_opens_and_closes_from_the_keyboard(browser: Browser, origin: str) -> None:
    page = phone(browser, f"{origin}/fr/calls/solidarity-2026/")
    page.keyboard.press("Tab")  # the skip link
    page.focus('.md-header label[for="__drawer"]')
    page.keyboard.press("Enter")
    expect(page.locator("#__drawer")).to_be_checked()
    label = page.locator('.md-nav--primary label.md-nav__link[tabindex="0"]').first
    toggle = page.locator(f"#{label.get_attribute('for')}")
    listed = page.locator(f'[aria-labelledby="{label.get_attribute("id")}"]')
    label.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_be_checked()
    expect(listed).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Space")
    expect(toggle).not_to_be_checked()
    expect(listed).to_have_attribute("aria-expanded", "false")
    page.context.close()


# Whether the first link of a drawer's section can be seen and touched where it is drawn.
SECTION_IN_SIGHT = """(id) => {
  const link = document.querySelector('[aria-labelledby="' + id + '"] a');
  const box = link.getBoundingClientRect();
  const at = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  return box.x >= 0 && box.right <= window.innerWidth && (at === link || link.contains(at));
}"""


@pytest.mark.parametrize("lang", ["ar", "fr"])
@pytest.mark.parametrize("by", ["touch", "keyboard"])
def test_a_drawer_section_opened_on_a_phone_is_in_sight(
    browser: Browser, origin: str, lang: str, by: str
) -> None:
    """Its title took the focus as it slid in, and focus() scrolled the drawer sideways: the
    drawer showed an empty panel, the section 242 px out of sight."""
    page = phone(browser, f"{origin}/{lang}/calls/solidarity-2026/")
    page.click('.md-header label[for="__drawer"]')
    label = page.locator('.md-nav--primary label.md-nav__link[tabindex="0"]').first
    if by == "touch":
        label.click()
    else:
        label.focus()
        page.keyboard.press("Enter")
    expect(page.locator(f"#{label.get_attribute('for')}")).to_be_checked()
    page.wait_for_function(SECTION_IN_SIGHT, arg=label.get_attribute("id"), timeout=2000)
    page.context.close()


def test_the_menu_button_leads_the_focus_into_the_drawer(browser: Browser, origin: str) -> None:
    """The drawer comes after the header's language and search controls: the focus stayed
    behind, on controls the open drawer covers. It moves in, and leaving closes the drawer."""
    page = phone(browser, f"{origin}/ar/")
    menu = page.locator('.md-header label[for="__drawer"]')
    menu.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#__drawer")).to_be_checked()
    inside = "() => !!document.activeElement.closest('.md-sidebar--primary')"
    assert page.evaluate(inside)
    page.keyboard.press("Shift+Tab")  # out, backwards: to the header's controls
    expect(page.locator("#__drawer")).not_to_be_checked()
    expect(menu).to_have_attribute("aria-expanded", "false")
    page.context.close()


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_without_javascript_a_keyboard_reaches_every_section_on_a_phone(
    browser: Browser, origin: str, lang: str
) -> None:
    """The drawer's menu button and section openers are labels that portal.js makes buttons:
    without it the keyboard went from the search field to the page's content, no section in
    reach. The header's tabs show instead (portal-nojs.css, linked inside <noscript>)."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{origin}/{lang}/")
    sections = page.locator(".md-tabs__link").evaluate_all("(links) => links.map((a) => a.href)")
    reached = set()
    for _ in range(len(sections) + 10):
        page.keyboard.press("Tab")
        here = page.evaluate(
            "() => { const e = document.activeElement, r = e.getBoundingClientRect();"
            " return [e.href || '', r.width > 0 && r.bottom > 0 && r.top < innerHeight] }"
        )
        if here[1]:
            reached.add(here[0])
    assert len(sections) >= 8 and set(sections) <= reached, set(sections) - reached
    context.close()
    with_script = phone(browser, f"{origin}/{lang}/")  # the drawer's way, as before
    expect(with_script.locator(".md-tabs")).to_be_hidden()
    with_script.context.close()


def test_a_link_into_the_page_closes_the_drawer(browser: Browser, origin: str) -> None:
    page = phone(browser, f"{origin}/en/guides/how-to-apply/")
    page.click('.md-header label[for="__drawer"]')
    expect(page.locator('.md-header label[for="__drawer"]')).to_have_attribute(
        "aria-expanded", "true"
    )
    page.click('.md-sidebar--primary label[for="__toc"]')
    contents = page.locator(".md-sidebar--primary .md-nav--secondary a").first
    contents.click()
    expect(page.locator("#__drawer")).not_to_be_checked()
    expect(page.locator('.md-header label[for="__drawer"]')).to_have_attribute(
        "aria-expanded", "false"
    )
    assert page.evaluate("location.hash") == contents.evaluate("a => a.hash") != ""
    page.context.close()


def test_back_to_top_shows_while_scrolling_back_up(browser: Browser, origin: str) -> None:
    page = phone(browser, f"{origin}/ar/projects/")
    button = page.locator(".md-top")
    # Hidden: out of sight, of the tab order and of the accessibility tree.
    expect(button).to_be_hidden()
    assert button.get_attribute("tabindex") == "-1"
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    expect(button).to_be_hidden()  # scrolling down
    page.mouse.wheel(0, -300)
    expect(button).to_be_visible()
    assert button.get_attribute("tabindex") is None
    button.click()
    page.wait_for_function("() => window.scrollY === 0")  # a function: CSP refuses eval
    page.context.close()


# Each navigation landmark a screen reader lists on the page: its name, and how many links.
LANDMARKS = """() => [...document.querySelectorAll('nav')]
  .filter(n => n.checkVisibility({visibilityProperty: true}))
  .map(n => [n.getAttribute('aria-label') || n.getAttribute('aria-labelledby'),
             n.querySelectorAll('a').length])"""


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_no_navigation_landmark_is_empty(browser: Browser, origin: str, lang: str) -> None:
    """Material drew "On this page" on every page, as a named navigation region even where
    there was nothing to list (calls, the directory, a project...): a landmark leading
    nowhere. A guide's contents, which list its headings, stay."""
    page = browser.new_page(viewport={"width": 1366, "height": 800})
    empty, contents = [], 0
    for kind, path in PAGE_TYPES.items():
        page.goto(f"{origin}/{lang}/{path}")
        landmarks = page.evaluate(LANDMARKS)
        empty += [(kind, name) for name, links in landmarks if not links]
        contents += sum(1 for _ in page.locator(".md-nav--secondary a").all())
    assert empty == []
    assert contents > 0  # the guide's
    page.close()


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_each_guides_pdf_link_says_which_guide(browser: Browser, origin: str, lang: str) -> None:
    """A call's guides, each with its PDF: in a screen reader's list of links they read "PDF",
    "PDF", "PDF". Each now names its guide, the visible word "PDF" kept in its name."""
    page = browser.new_page()
    page.goto(f"{origin}/{lang}/calls/solidarity-2026/")
    pdfs = page.locator("article li a[download][href$='.pdf']")
    assert pdfs.count() >= 2
    for i in range(pdfs.count()):
        pdf = pdfs.nth(i)
        title = pdf.locator("xpath=preceding-sibling::a[1]").inner_text()
        expect(pdf).to_have_text("PDF")
        expect(pdf).to_have_accessible_name(re.compile(f"^{re.escape(title)} .*PDF$"))
    page.close()
