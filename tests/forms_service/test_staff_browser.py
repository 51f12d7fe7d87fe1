"""A consular reviewer signs in, in Arabic, and reviews an application in a real browser;
axe-core finds no accessibility violation on the staff pages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import launch, require_chromium

require_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Browser, expect  # noqa: E402

from forms_service.submissions.models import Submission  # noqa: E402
from tests.forms_service.conftest import PASSWORD  # noqa: E402
from tests.forms_service.filling import hidden_in  # noqa: E402
from tests.forms_service.test_applications import PATH, answers, post  # noqa: E402

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("staff_accounts")]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch()


def test_a_consul_reviews_an_application_in_arabic(
    browser: Browser, live_server: Any, live_data: Path, client: Any, settings: Any
) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    check = post(client, "ar", answers()).content.decode()
    client.post(PATH.format(lang="ar"), {**hidden_in(check), "step": "confirm"})
    submission = Submission.objects.get()
    context = browser.new_context(locale="ar")
    page = context.new_page()
    # What the Content-Security-Policy blocked (no inline style or script on the pages); not
    # while axe-core runs, which sets inline styles of its own as it measures.
    refused: list[str] = []
    auditing = [False]

    def console(message: Any) -> None:
        if "Security Policy" in message.text and not auditing[0]:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", console)
    found = {}

    def audit(name: str) -> None:
        auditing[0] = True
        found[name] = Axe().run(page)
        auditing[0] = False

    page.goto(f"{live_server.url}/staff/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    audit("sign in")
    page.fill("#id_username", "lyon")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/staff/submissions/submission/")
    expect(page.locator("#result_list")).to_contain_text(submission.reference)
    audit("list")
    page.click(f"text={submission.reference}")
    expect(page.locator("#id_new_status")).to_be_visible()
    audit("submission")
    page.select_option("#id_new_status", "incomplete")
    page.fill("#id_comment", "ينقص التقرير المالي")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()
    assert Submission.objects.get().status == "incomplete"
    reports = {k: r.generate_report() for k, r in found.items() if r.violations_count}
    assert reports == {}
    assert refused == []
    context.close()
