"""The contact form in a real browser: filled in Arabic with and without JavaScript, and no
accessibility violation (axe-core) on the form, its errors and the confirmation."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser import launch, require_chromium

require_chromium()

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from django.utils import translation  # noqa: E402
from playwright.sync_api import Browser, Page, expect  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError  # noqa: E402

from forms_service import definitions  # noqa: E402
from forms_service.alerts.models import Subscription  # noqa: E402
from forms_service.submissions.models import Email, Submission  # noqa: E402
from tests.conftest import BuiltSite  # noqa: E402
from tests.forms_service import autofill  # noqa: E402
from tests.forms_service.pdfs import pdf_bytes  # noqa: E402

# Playwright's synchronous API keeps an event loop in this thread; the test's own database
# queries are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch()


@pytest.fixture(autouse=True)
def no_wait(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0


def fill_in_arabic(page: Page) -> None:
    page.fill("#id_name", "أمل بنعلي")
    page.fill("#id_email", "amal@example.org")
    page.check("input[name=topic][value=solidarity-development]")
    page.select_option("#id_country", "BE")
    page.fill("#id_message", "كيف نجد جمعية شريكة في جهة سوس ماسة؟")


@pytest.mark.parametrize("javascript", [False, True])
def test_an_arabic_message_is_sent(browser: Browser, live_server: Any, javascript: bool) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/forms/contact/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.fill("#id_name", "أمل")
    page.click("button[type=submit]")  # nothing else filled in: the errors show
    expect(page.locator(".error-summary")).to_contain_text("أدخلوا عنوان بريدكم الإلكتروني")
    expect(page.locator("#id_name")).to_have_value("أمل")
    fill_in_arabic(page)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("توصلنا بطلبكم")
    reference = page.locator(".reference").inner_text()
    assert Submission.objects.get(reference=reference).answers["country"] == "BE"
    context.close()


def test_no_accessibility_violation_on_the_form_pages(browser: Browser, live_server: Any) -> None:
    page = browser.new_page()
    found = {}
    for lang in ("ar", "fr", "en"):
        page.goto(f"{live_server.url}/{lang}/forms/contact/")
        found[f"{lang} form"] = Axe().run(page)
        page.click("button[type=submit]")
        found[f"{lang} errors"] = Axe().run(page)
        page.goto(f"{live_server.url}/{lang}/forms/status/")
        page.fill("#id_reference", "MSG-2222-2222")
        page.fill("#id_email", "a@b.org")
        page.click("button[type=submit]")
        expect(page.locator("section.panel")).to_be_visible()
        found[f"{lang} status"] = Axe().run(page)
        page.fill("#id_email", "a-at-b.org")
        page.click("button[type=submit]")
        expect(page.locator(".error-summary")).to_be_visible()
        found[f"{lang} status errors"] = Axe().run(page)
    for lang in ("ar", "en"):  # check boxes, a year, a consent box
        page.goto(f"{live_server.url}/{lang}/forms/association-registration/")
        found[f"{lang} registration"] = Axe().run(page)
        page.click("button[type=submit]")
        found[f"{lang} registration errors"] = Axe().run(page)
    page.goto(f"{live_server.url}/ar/forms/contact/")
    fill_in_arabic(page)
    page.click("button[type=submit]")
    found["ar confirmation"] = Axe().run(page)
    reports = {k: r.generate_report() for k, r in found.items() if r.violations_count}
    assert reports == {}


@pytest.mark.parametrize("javascript", [False, True])
def test_an_arabic_application_with_its_files_is_checked_and_sent(
    browser: Browser, live_server: Any, live_data: Path, tmp_path: Path, javascript: bool
) -> None:
    """Files chosen, an error corrected with the files kept, the answers checked and one
    changed; without JavaScript as on a basic phone, and with it (then axe-core runs too)."""
    pdf = tmp_path / "ملف.pdf"
    pdf.write_bytes(pdf_bytes())
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    found = {}

    def audit(name: str) -> None:  # axe-core runs as a script: only where scripts run
        if javascript:
            found[name] = Axe().run(page)

    page.goto(f"{live_server.url}/ar/forms/project-application/?call=open-call")
    audit("application form")
    page.fill("#id_association_name", "جمعية أمل")
    page.select_option("#id_country", "FR")
    page.fill("#id_city", "Lyon")
    page.fill("#id_founded", "2012")
    page.fill("#id_project_title", "دعم مدرسي")
    page.check("input[name=axis][value=school-support]")
    page.fill("#id_summary", "دروس الدعم لأربعين طفلا.")
    page.fill("#id_amount_mad", "120000")
    page.fill("#id_budget_mad", "200000")
    for name in ("application_form", "budget_file", "statutes"):
        page.set_input_files(f"#id_{name}", str(pdf))
    page.fill("#id_contact_name", "أمل بنعلي")
    page.fill("#id_email", "amal@example.org")
    page.fill("#id_phone", "06 12")  # not international: an error, files kept
    page.check("#id_declaration")
    page.click("button[type=submit]")
    expect(page.locator(".error-summary")).to_contain_text("بالصيغة الدولية")
    expect(page.locator("#id_statutes_kept")).to_contain_text("ملف.pdf")
    audit("application errors")
    page.fill("#id_phone", "+33 6 12 34 56 78")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("تحققوا من أجوبتكم قبل الإرسال")
    audit("check your answers")
    page.click('button[formaction="#id_project_title"]')  # "Change" the project's title
    page.fill("#id_project_title", "دعم مدرسي يوم السبت")
    page.click("button[type=submit]")
    # The files are checked again on the way: slower when the whole suite shares the machine.
    expect(page.locator("h1")).to_have_text("تحققوا من أجوبتكم قبل الإرسال", timeout=20_000)
    expect(page.locator(".summary")).to_contain_text("دعم مدرسي يوم السبت", timeout=20_000)
    page.click("button[value=confirm]")
    expect(page.locator("h1")).to_have_text("توصلنا بطلبكم")
    audit("application received")
    stored = Submission.objects.get(reference=page.locator(".reference").inner_text())
    assert (stored.post, stored.files.count()) == ("lyon", 3)
    reports = {k: r.generate_report() for k, r in found.items() if r.violations_count}
    assert reports == {}
    context.close()


SITE_ORIGIN = "Connecting to 'http://127.0.0.1:8000/"


def test_forms_in_the_sites_layout_pass_axe_and_break_no_policy(
    browser: Browser, live_server: Any, built_site: BuiltSite, settings: Any
) -> None:
    settings.SITE_DIR = built_site.out
    page = browser.new_page()
    refused: list[str] = []

    def console(message: Any) -> None:
        # The theme looks up the language links on the site's own origin (site_url), which
        # is the service's in production but another port than this test server's.
        if "Security Policy" in message.text and SITE_ORIGIN not in message.text:
            refused.append(message.text)

    page.on("console", console)

    def asset(route: Any) -> None:  # the site's files, as the reverse proxy serves them
        route.fulfill(path=str(built_site.out / urlsplit(route.request.url).path.lstrip("/")))

    page.route("**/assets/**", asset)
    found = {}
    for lang in ("ar", "fr"):
        page.goto(f"{live_server.url}/{lang}/forms/contact/")
        expect(page.locator(".md-header")).to_be_visible()
        found[f"{lang} form"] = Axe().run(page)
        page.click(".portal-form button[type=submit]")
        expect(page.locator(".error-summary")).to_be_visible()
        found[f"{lang} errors"] = Axe().run(page)
    reports = {k: r.generate_report() for k, r in found.items() if r.violations_count}
    assert reports == {}
    assert refused == []
    page.close()


@pytest.mark.parametrize("javascript", [False, True])
def test_alerts_and_a_saved_application_in_a_browser(
    browser: Browser, live_server: Any, live_data: Path, javascript: bool
) -> None:
    """Email alerts asked for and confirmed, and an application saved and reopened from its
    link, as a person does it; without JavaScript, and with it (then axe-core runs too)."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    found = {}

    def audit(name: str) -> None:
        if javascript:
            found[name] = Axe().run(page)

    page.goto(f"{live_server.url}/ar/forms/alerts/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    audit("alerts form")
    page.fill("#id_email", "amal@")
    page.click("button[type=submit]")
    expect(page.locator(".error-summary")).to_contain_text("أدخِل عنوان بريد إلكتروني صحيح")
    audit("alerts errors")
    page.fill("#id_email", "amal@example.org")
    page.check("input[name=axes][value=women]")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("تفقدوا بريدكم الإلكتروني")
    audit("alerts asked")
    sub = Subscription.objects.get()
    assert sub.axes == ["women"] and sub.confirmed is None
    page.goto(f"{live_server.url}/ar/forms/alerts/confirm/{sub.token}/")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("تنبيهاتكم مفعلة")
    audit("alerts on")

    page.goto(f"{live_server.url}/fr/forms/project-application/?call=open-call")
    page.fill("#id_association_name", "Association Amal")
    page.fill("#id_email", "amal@example.org")
    page.click("button[value=save]")
    expect(page.locator("h1")).to_have_text("Vos réponses sont enregistrées")
    audit("saved")
    link = re.search(r"/fr/forms/project-application/resume/[\w-]+/", Email.objects.last().body)
    assert link
    other = browser.new_context(java_script_enabled=javascript).new_page()
    other.goto(live_server.url + link.group())
    other.fill("#id_email", "AMAL@example.org")
    other.click("button[type=submit]")
    expect(other.locator("#id_association_name")).to_have_value("Association Amal")
    if javascript:
        found["resumed"] = Axe().run(other)
    other.context.close()
    reports = {k: r.generate_report() for k, r in found.items() if r.violations_count}
    assert reports == {}
    context.close()


ERROR_PREFIX = {"ar": "خطأ:", "fr": "Erreur\u202f:", "en": "Error:"}


@pytest.mark.parametrize("layout", ["plain", "site"])
@pytest.mark.parametrize("javascript", [False, True])
def test_a_form_that_comes_back_with_errors_puts_the_focus_on_their_list(
    browser: Browser,
    live_server: Any,
    live_data: Path,
    built_site: BuiltSite,
    settings: Any,
    javascript: bool,
    layout: str,
) -> None:
    """With a keyboard or a screen reader, the list of errors is where one lands (the
    title says "Error:" first), the next Tab is its first error, and following it leads to
    the field; in the service's layout and in the site's (whose scripts run), with or
    without JavaScript."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    if layout == "site":
        settings.SITE_DIR = built_site.out

        def asset(route: Any) -> None:  # the site's files, as the reverse proxy serves them
            route.fulfill(path=str(built_site.out / urlsplit(route.request.url).path[1:]))

        page.route("**/assets/**", asset)
    for lang, form in (("ar", "contact"), ("fr", "project-application/?call=open-call"),
                       ("en", "association-registration")):  # fmt: skip
        page.goto(f"{live_server.url}/{lang}/forms/{form}")
        page.click(".portal-form button[type=submit]")
        expect(page).to_have_title(re.compile("^" + re.escape(ERROR_PREFIX[lang]) + " "))
        expect(page.locator(".error-summary")).to_be_focused()
        page.keyboard.press("Tab")
        first = page.locator(".error-summary a").first
        expect(first).to_be_focused()
        target = first.get_attribute("href")
        assert target and target.startswith("#")
        page.keyboard.press("Enter")
        expect(page.locator(target)).to_be_focused()
    context.close()


def boxes(page: Page, *selectors: str) -> list[dict[str, float]]:
    found = []
    for selector in selectors:
        box = page.locator(selector).first.bounding_box()
        assert box, selector
        found.append(box)
    return found


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("width", [390, 1366])
def test_a_consent_box_sits_beside_its_words_and_the_button_below(
    browser: Browser, live_server: Any, lang: str, width: int
) -> None:
    """The box and its label share a line, the label on the box's reading side (right to
    left in Arabic), and the buttons come below both, never beside the box."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}/{lang}/forms/partnership-request/")
    box, label, button = boxes(
        page, "#id_consent", "label[for=id_consent]", ".portal-form button[type=submit]"
    )
    assert label["y"] < box["y"] + box["height"] and box["y"] < label["y"] + label["height"]
    if lang == "ar":
        assert label["x"] + label["width"] <= box["x"]
    else:
        assert label["x"] >= box["x"] + box["width"]
    assert button["y"] >= max(box["y"] + box["height"], label["y"] + label["height"])
    page.close()


def test_the_contact_form_is_sent_with_the_keyboard_alone(
    browser: Browser, live_server: Any
) -> None:
    """From the top of the page: Tab to each field, type, choose a topic with the arrow
    keys, a country by typing its name, and send with Enter."""
    page = browser.new_page()
    page.goto(f"{live_server.url}/fr/forms/contact/")

    def tab_to(selector: str) -> None:
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reaches {selector}")

    tab_to("#id_name")
    page.keyboard.type("Amal Benali")
    tab_to("#id_email")
    page.keyboard.type("amal@example.org")
    tab_to("input[name=topic]")
    page.keyboard.press("Space")
    for _ in range(4):  # down to the last topic, "Un autre sujet"
        page.keyboard.press("ArrowDown")
    tab_to("#id_country")
    page.keyboard.type("Belgique")
    tab_to("#id_message")
    page.keyboard.type("Une question sur le portail.")
    tab_to(".portal-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Formulaire reçu")
    stored = Submission.objects.get(reference=page.locator(".reference").inner_text())
    assert (stored.answers["topic"], stored.answers["country"]) == ("other", "BE")
    page.close()


def test_every_form_tells_the_browser_what_it_may_fill_in(
    browser: Browser, live_server: Any, live_data: Path
) -> None:
    """In Chromium, as in the served HTML (test_definitions): each form's autocomplete
    tokens, and the fields typed left to right, in every language."""
    page = browser.new_page()
    read = """() => [...document.querySelectorAll('.portal-form [name]:not([name^="_"])')]
        .map(e => [e.name, e.getAttribute('autocomplete'), e.getAttribute('dir')])"""
    for lang in ("ar", "fr", "en"):
        tokens, left_to_right = set(), set()
        for form_id in sorted(definitions.load(live_data)):
            page.goto(f"{live_server.url}/{lang}/forms/{form_id}/")
            for name, token, direction in page.evaluate(read):
                if token:
                    tokens.add((form_id, name, token))
                if direction == "ltr":
                    left_to_right.add((form_id, name))
        assert (lang, sorted(tokens)) == (lang, sorted(autofill.TOKENS))
        assert (lang, sorted(left_to_right)) == (lang, sorted(autofill.LEFT_TO_RIGHT))
    page.close()


def test_every_link_of_the_error_list_moves_the_focus_to_its_field(
    browser: Browser, live_server: Any, live_data: Path
) -> None:
    """Each link followed with the keyboard, a group's included (the call's radios, the
    topic's, the check boxes of the fields of work): a group has no id of its own, and its
    link went to "#", which left the focus where it was."""
    page = browser.new_page()
    astray, groups = [], set()
    for lang, form in (("fr", "project-application"), ("ar", "contact"),
                       ("en", "association-registration")):  # fmt: skip
        page.goto(f"{live_server.url}/{lang}/forms/{form}/")
        page.click(".portal-form button[type=submit]")
        links = page.locator(".error-summary a")
        for i in range(links.count()):
            links.nth(i).focus()
            page.keyboard.press("Enter")
            # The fragment's navigation, and the focus with it, may come a moment after the
            # key (seen once in a loaded run): waited for, up to a second, before looking. A
            # function, not an expression: Playwright polls an expression with eval, which the
            # forms' Content-Security-Policy refuses.
            with contextlib.suppress(PlaywrightTimeoutError):
                page.wait_for_function("() => document.activeElement.tagName !== 'A'", timeout=1000)
            kind, name = page.evaluate(
                """() => { const e = document.activeElement;
                  return e.closest('.portal-form form') ? [e.type, e.name] : [e.tagName, ''] }"""
            )
            if kind in ("radio", "checkbox"):
                groups.add((form, name))
            elif not name:
                astray.append((lang, form, links.nth(i).get_attribute("href"), kind))
    assert astray == []
    assert {("project-application", "call"), ("contact", "topic")} <= groups
    page.close()


def test_a_file_field_says_its_cap_and_a_file_received_is_no_longer_asked_for(
    browser: Browser, live_server: Any, live_data: Path, tmp_path: Path
) -> None:
    """With a screen reader: each file field's description gives the largest size accepted
    before any file is chosen; once a file is received and the page comes back with another
    field's error, its field is not required and its description names the file; the check
    page's "Change" buttons each lead to a field; the confirmation's title says so."""
    pdf = tmp_path / "statutes.pdf"
    pdf.write_bytes(pdf_bytes())
    page = browser.new_page()
    page.goto(f"{live_server.url}/en/forms/project-application/?call=open-call")
    for name in ("application_form", "budget_file", "statutes", "other_documents"):
        cap = re.compile(r"A PDF file of \d+ MB at most\.")
        expect(page.locator(f"#id_{name}")).to_have_accessible_description(cap)
    page.set_input_files("#id_statutes", str(pdf))
    page.click(".portal-form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    statutes = page.locator("#id_statutes")
    expect(statutes).not_to_have_attribute("required", re.compile(".*"))
    expect(statutes).to_have_accessible_description(re.compile(r"Received: statutes\.pdf"))
    expect(page.locator("#id_budget_file")).to_have_attribute("required", "")

    page.fill("#id_association_name", "Association Amal")
    page.select_option("#id_country", "FR")
    page.fill("#id_city", "Lyon")
    page.fill("#id_founded", "2012")
    page.fill("#id_project_title", "School support")
    page.check("input[name=axis][value=school-support]")
    page.fill("#id_summary", "Lessons for forty children.")
    page.fill("#id_amount_mad", "100000")
    page.fill("#id_budget_mad", "200000")
    for name in ("application_form", "budget_file"):
        page.set_input_files(f"#id_{name}", str(pdf))
    page.fill("#id_contact_name", "Amal Benali")
    page.fill("#id_email", "amal@example.org")
    page.fill("#id_phone", "+33 6 12 34 56 78")
    page.check("#id_declaration")
    page.click(".portal-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Check your answers before sending", timeout=20_000)
    targets = page.eval_on_selector_all(
        "button[name=step][value=change]", "els => els.map(e => e.getAttribute('formaction'))"
    )
    assert len(targets) > 10 and [t for t in targets if not re.fullmatch(r"#id_\w+", t)] == []
    assert "#id_axis_0" in targets  # a group of radios: its first choice
    page.click("button[value=confirm]")
    expect(page.locator("h1")).to_have_text("Form received")
    expect(page).to_have_title(re.compile("^Form received – Apply to a call for projects"))
    page.close()


def test_an_answer_on_a_new_page_is_said_by_its_title(
    browser: Browser, live_server: Any, live_data: Path
) -> None:
    """The eligibility checker and the status lookup answer with a new page (without a
    script): its title, the first thing a screen reader reads there, was the empty form's,
    and nothing said that an answer had come."""
    page = browser.new_page()
    for lang in ("ar", "fr", "en"):
        with translation.override(lang):
            result, status = translation.gettext("Result"), translation.gettext("Status")
        page.goto(f"{live_server.url}/{lang}/forms/eligibility/")
        asked = page.title()
        page.click(".portal-form button[type=submit]")
        expect(page.locator(".panel h2")).to_have_text(result)
        expect(page).to_have_title(f"{result} – {asked}")
        page.goto(f"{live_server.url}/{lang}/forms/status/")
        asked = page.title()
        page.fill("#id_reference", "APP-2222-2222")
        page.fill("#id_email", "amal@example.org")
        page.click(".portal-form button[type=submit]")
        expect(page.locator(".panel h2")).to_have_text(status)
        expect(page).to_have_title(f"{status} – {asked}")
    page.close()


# After following a link of the error list: the focused field, and how far its question
# (label or legend) starts below the site's sticky header (negative: hidden under it).
QUESTION_BELOW_HEADER = """() => {
  const field = document.activeElement, group = field.closest('fieldset');
  const question = group ? group.querySelector('legend')
                         : document.querySelector(`label[for="${field.id}"]`);
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  return [field.id, question.getBoundingClientRect().top - header];
}"""


@pytest.mark.parametrize("width", [390, 1366])
def test_a_field_reached_from_the_error_list_shows_its_question(
    browser: Browser, live_server: Any, live_data: Path, built_site: BuiltSite, settings: Any,
    width: int,
) -> None:  # fmt: skip
    """In the site's layout, following an error's link scrolled its field to just below the
    sticky header, which hid the question, its hint and the error itself above the field."""
    settings.SITE_DIR = built_site.out
    page = browser.new_page(viewport={"width": width, "height": 800})

    def asset(route: Any) -> None:  # the site's files, as the reverse proxy serves them
        route.fulfill(path=str(built_site.out / urlsplit(route.request.url).path[1:]))

    page.route("**/assets/**", asset)
    hidden = []
    for lang in ("ar", "fr"):
        page.goto(f"{live_server.url}/{lang}/forms/project-application/")
        page.click(".portal-form button[type=submit]")
        expect(page.locator(".error-summary")).to_be_focused()
        links = page.locator(".error-summary a")
        assert links.count() > 10
        for i in range(links.count()):
            links.nth(i).focus()
            page.keyboard.press("Enter")
            field, below = page.evaluate(QUESTION_BELOW_HEADER)
            if below < 0:
                hidden.append((lang, field, below))
    assert hidden == []
    page.close()
