"""The forms' controls in Debian's Chromium, in the service's plain layout and in the site's:
a skip link first, a focus ring on every stop of the tab order, fields with a visible edge,
radios and check boxes big enough to hit with their labels in plain weight (WCAG 2.2 AA)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from site_builder.model import i18n
from tests.browser import launch, require_chromium
from tests.conftest import BuiltSite
from tests.focus import SKIP_LINK, edges, focus_problems, walk

require_chromium()

from django.utils import translation  # noqa: E402
from playwright.sync_api import Browser, Page  # noqa: E402

# Playwright's synchronous API keeps an event loop in this thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ("ar", "fr", "en")
# Between them: text, email, number and file fields, radios, check boxes, lists, a text area.
FORMS = ("contact", "association-registration", "alerts")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch()


@pytest.fixture(params=["plain", "site"])
def site(request: pytest.FixtureRequest, settings: Any) -> Path | None:
    """The service alone, or drawn into a built site's layout (that site's folder) as in
    production."""
    if request.param == "plain":
        return None
    built: BuiltSite = request.getfixturevalue("built_site")
    settings.SITE_DIR = built.out
    return built.out


def opened(browser: Browser, url: str, site: Path | None, width: int = 1366) -> Page:
    # The service's policy forbids inline styles; the tests add one (no transitions), and
    # tests/forms_service/test_browser.py checks that the pages break no policy.
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    if site is not None:  # the site's files, as the reverse proxy serves them

        def asset(route: Any) -> None:
            route.fulfill(path=str(site / urlsplit(route.request.url).path.lstrip("/")))

        page.route("**/assets/**", asset)
    page.goto(url)
    return page


def address(live_server: Any, lang: str, form: str) -> str:
    return f"{live_server.url}/{lang}/forms/{form}/"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_first_tab_lands_on_a_skip_link_to_the_form(
    browser: Browser, live_server: Any, site: Path | None, lang: str
) -> None:
    page = opened(browser, address(live_server, lang, "contact"), site)
    page.keyboard.press("Tab")
    link = page.evaluate(SKIP_LINK)
    if site:  # the site's own skip link, from the site's catalog
        text = i18n.translations(lang).ugettext("Skip to main content")
    else:
        with translation.override(lang):
            text = translation.gettext("Skip to main content")
    assert link == {
        "tag": "a",
        "text": text,
        "visible": True,
        "target": "main-content",
        "inMain": True,
        "heading": True,
    }
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#main-content form') !== null")
    page.context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_every_stop_of_the_tab_order_shows_its_focus(
    browser: Browser, live_server: Any, site: Path | None, width: int
) -> None:
    kinds, found = set(), []
    for lang, form in zip(LANGUAGES, FORMS, strict=True):
        page = opened(browser, address(live_server, lang, form), site, width)
        stops = walk(page)
        kinds |= {s["kind"] for s in stops}
        found += [(lang, form, *problem) for problem in focus_problems(stops)]
        page.context.close()
    assert found == []
    wanted = {"skip link", "link", "button", "text input", "email input", "number input"}
    assert wanted | {"radio input", "checkbox input", "select", "textarea"} <= kinds


# Each radio or check box: whether it is 24 px square at least, whether its label is plain.
BOXES = """els => els.map(el => {
  const r = el.getBoundingClientRect();
  const label = el.closest("label") || document.querySelector(`label[for="${el.id}"]`);
  const plain = Number(getComputedStyle(label).fontWeight) <= 400;
  return [el.id, r.width >= 24 && r.height >= 24, plain];
})"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fields_show_their_edge_and_choices_are_big_enough(
    browser: Browser, live_server: Any, site: Path | None, lang: str
) -> None:
    edges_of: dict[str, bool] = {}
    boxes = []
    for form in FORMS:
        page = opened(browser, address(live_server, lang, form), site, 390)
        fields = ":is(input:not([type=hidden], [type=radio], [type=checkbox]), select, textarea)"
        edges_of |= edges(page, f".portal-form {fields}:not([tabindex='-1'])")
        boxes += page.eval_on_selector_all(
            ".portal-form input:is([type=radio], [type=checkbox])", BOXES
        )
        page.context.close()
    assert len(edges_of) > 10 and {k for k, ok in edges_of.items() if not ok} == set()
    assert len(boxes) > 10 and [b for b in boxes if b[1:] != [True, True]] == []
