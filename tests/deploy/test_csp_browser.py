"""The site's pages served by nginx with the shipped configuration, in Chromium: no page
reports a Content-Security-Policy violation, and what the policy could break still works
(the search runs Pagefind's WebAssembly; the eligibility check, portal.js)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from site_builder.build import build
from site_builder.settings import Settings
from tests.browser import CHROMIUM, require_chromium
from tests.conftest import BUILT_AS_OF, REPO, copy_data
from tests.deploy import nginx
from tests.deploy.https import HOST, ORIGIN
from tests.deploy.processes import group

require_chromium()

from playwright.sync_api import Page  # noqa: E402

# Pages of each depth, a 404 page of a language and the one of no language (an inline
# style), and the staff report (another).
PAGES = (
    "/ar/", "/fr/calls/", "/fr/calls/support-2030/", "/en/projects/country/fr/",
    "/ar/associations/amal-test/", "/fr/no-such-page/", "/no-such-page", "/staff-report/fr/",
)  # fmt: skip
# Reports each violation to the console, where the test collects them with the rest.
REPORT = (
    "document.addEventListener('securitypolicyviolation', e =>"
    " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """The site, with its search index, built for https://portal.test and served there by
    nginx (no service: these pages need none); nginx's HTTPS port. Built for the address it
    is served at, as in production: the pages' absolute addresses are the site's own."""
    binary = nginx.require_nginx()
    root = tmp_path_factory.mktemp("csp")
    release = root / "host" / "releases" / "one"
    build(
        data=copy_data(root / "data"),
        content=REPO / "content",
        out=release,
        settings=Settings(now=BUILT_AS_OF, origin=ORIGIN),
        say=lambda _: None,
    )
    (root / "host" / "current").symlink_to(release)
    tls = nginx.certificate(root / "tls", HOST)
    with group(root / "logs") as processes:
        found = nginx.configure(root / "nginx", root / "host", ["127.0.0.1:9"], tls, binary)
        nginx.start(found, binary, processes)
        yield found.https_port


@pytest.fixture(scope="module")
def chromium(site: int) -> Iterator[Any]:
    """Chromium as tests/browser.py launches it, with portal.test resolved to nginx."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        rules = f"--host-resolver-rules=MAP {HOST}:443 127.0.0.1:{site}"
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", rules])
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[tuple[Page, list[str]]]:
    """A tab on https://portal.test, and the errors it reports, workers' included."""
    context = chromium.new_context(ignore_https_errors=True)  # the test's own certificate
    context.add_init_script(REPORT)
    tab = context.new_page()
    said: list[str] = []
    tab.on("console", lambda m: said.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: said.append(f"error: {e}"))
    tab.on("worker", lambda w: w.on("console", lambda m: said.append(f"worker: {m.text}")))
    yield tab, said
    context.close()


def violations(said: list[str]) -> list[str]:
    return [line for line in said if "Content Security Policy" in line or "CSP" in line]


def test_no_page_reports_a_policy_violation(page: tuple[Page, list[str]]) -> None:
    tab, said = page
    for path in PAGES:
        tab.goto(f"https://{HOST}{path}")
        tab.wait_for_load_state("networkidle")
        if path.startswith(("/ar/", "/fr/", "/en/")):  # a page of the theme: its script ran
            assert tab.evaluate("typeof portalEligibility") == "object", path
        assert violations(said) == [], path
    tab.goto(f"https://{HOST}/index.html")  # its inline script takes the browser's language
    tab.wait_for_url(f"https://{HOST}/en/")
    assert violations(said) == []


def test_the_search_runs_under_the_policy(page: tuple[Page, list[str]]) -> None:
    tab, said = page
    tab.goto(f"https://{HOST}/en/search/?q=association")
    tab.locator(".portal-search__result").first.wait_for(timeout=20_000)
    assert violations(said) == []


def test_the_eligibility_check_answers_under_the_policy(page: tuple[Page, list[str]]) -> None:
    tab, said = page
    tab.goto(f"https://{HOST}/en/calls/support-2030/")
    tab.fill("#eligibility-founded", "2010")  # answered as typed, by portal.js
    result = tab.locator('.portal-eligibility__result [data-rule="years"]')
    result.wait_for(timeout=10_000)
    assert result.get_attribute("data-met") == "true"
    assert violations(said) == []
