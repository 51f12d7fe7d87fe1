"""Production smoke test: the portal installed as the README's production checklist says
(tests/deploy/stack.py), used through nginx over HTTPS as visitors, applicants and staff use
it, and published again while visitors keep reading it.

Skipped where nginx is not installed (or PostgreSQL or Redis is not reachable), except
where they are required (REQUIRE_NGINX=1, REQUIRE_POSTGRES=1, REQUIRE_REDIS=1, as in CI).
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from functools import partial

import pytest
from django_ratelimit.core import _get_window

from bench.applicants import CALL, FILES, HIDDEN, multipart, pdf
from tests.conftest import postgres_reachable
from tests.deploy import inline, stack, units
from tests.deploy.https import HOST, ORIGIN, Browser, csrf
from tests.deploy.loaders import read_during
from tests.deploy.mail import WORKER_SECONDS
from tests.deploy.processes import wait
from tests.deploy.repository import MARKER, git, set_marker
from tests.deploy.stack import PASSWORD, STAFF, Stack

LANGUAGES = ("ar", "fr", "en")
WORKERS = 3  # per gunicorn instance: the unit's --workers
ADMIN_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
REFERENCE = re.compile(r"/received/([A-Z]{3}-[2-9A-Z]{4}-[2-9A-Z]{4})/")
LINK = re.compile(r"https?://[^\s<>\"')]+")


def require(service: str, port: int, variable: str) -> None:
    if postgres_reachable(port=port):
        return
    if os.environ.get(variable) == "1":
        pytest.fail(f"{service} on 127.0.0.1:{port} is required here but not reachable")
    pytest.skip(f"{service} on 127.0.0.1:{port} is not reachable")


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    require("PostgreSQL", 5432, "REQUIRE_POSTGRES")
    require("Redis", 6379, "REQUIRE_REDIS")
    with stack.running(tmp_path_factory.mktemp("production")) as running:
        yield running


def form(browser: Browser, path: str) -> dict[str, str]:
    """The CSRF token and hidden fields of a freshly shown form page."""
    page = browser.get(path)
    assert page.status == 200, (path, page.status)
    return {"csrfmiddlewaretoken": csrf(page.text), **dict(HIDDEN.findall(page.text))}


def contact(browser: Browser, email: str, **headers: str) -> int:
    path = "/en/forms/contact/"
    answers = {
        "name": "Amal Benali", "email": email, "topic": "project-support", "country": "FR",
        "message": "When does the next call open?",
    }  # fmt: skip
    return browser.post(path, {**form(browser, path), **answers}, **headers).status


def signed_in(portal: Stack) -> Browser:
    staff = portal.browser()
    path = "/staff/login/?next=/staff/"
    fields = {"csrfmiddlewaretoken": csrf(staff.get(path).text), "next": "/staff/"}
    signed = staff.post(path, {**fields, "username": STAFF, "password": PASSWORD})
    assert signed.status == 302 and signed.header("Location") == "/staff/", signed.text[:2000]
    assert staff.get("/staff/").status == 200
    return staff


def submission_page(staff: Browser, reference: str) -> str:
    listing = staff.get(f"/staff/submissions/submission/?q={reference}").text
    found = re.search(r"/staff/submissions/submission/(\d+)/change/", listing)
    assert found, f"{reference} is not listed"
    return found.group(0)


def test_the_home_pages_carry_the_security_headers(portal: Stack) -> None:
    browser = portal.browser()
    for lang in LANGUAGES:
        page = browser.get(f"/{lang}/")
        assert page.status == 200
        assert f'<html lang="{lang}"' in page.text
        assert MARKER.format("A") in page.text
        assert page.header("Strict-Transport-Security").startswith("max-age=31536000")
        assert page.header("X-Content-Type-Options") == "nosniff"
        assert page.header("Referrer-Policy") == "same-origin"
        assert page.header("X-Frame-Options") == "DENY"
        assert page.header("Cache-Control") == "no-cache"  # a deploy shows at once
        policy = page.header("Content-Security-Policy")
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "'unsafe-inline'" not in policy
        for script in inline.scripts(page.text):  # the page's own inline scripts may run
            assert inline.digest(script) in policy
    sheet = re.search(r'href="(/ar/assets/stylesheets/main\.[0-9a-f]{8}\.min\.css)"',
                      browser.get("/ar/404.html").text)  # fmt: skip
    assert sheet, "no fingerprinted stylesheet on the 404 page"
    asset = browser.get(sheet.group(1), **{"Accept-Encoding": "gzip"})
    assert asset.header("Cache-Control") == "public, max-age=31536000, immutable"
    assert asset.header("Content-Encoding") == "gzip"


def test_the_service_pages_keep_their_own_headers_once(portal: Stack) -> None:
    page = portal.browser().get("/fr/forms/contact/")
    assert page.status == 200
    assert len(page.all("Content-Security-Policy")) == 1  # the service's, not nginx's too
    assert "'wasm-unsafe-eval'" not in page.header("Content-Security-Policy")
    assert page.header("Strict-Transport-Security").startswith("max-age=31536000")
    assert len(page.all("X-Content-Type-Options")) == 1
    assert MARKER.format("A") in page.text  # drawn into the site's layout (FORMS_SITE_DIR)
    request = page.header("X-Request-ID")
    assert re.fullmatch(r"[0-9a-f]{32}", request), request  # nginx's $request_id
    portal.served_by(request)
    logged = wait(lambda: f"request={request} " in portal.nginx.access_log(), 5)
    assert logged, "nginx's log does not have the request's id"
    staff_files = portal.browser().get("/static/admin/css/base.css")
    assert staff_files.status == 200 and staff_files.header("Content-Type").startswith("text/css")


def test_plain_http_is_sent_to_https(portal: Stack) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", portal.nginx.http_port, timeout=10)
    connection.request("GET", "/fr/calls/?page=2", headers={"Host": HOST})
    answer = connection.getresponse()
    assert answer.status == 301
    assert answer.getheader("Location") == f"{ORIGIN}/fr/calls/?page=2"
    connection.close()


@pytest.mark.parametrize(
    ("accepted", "lang"),
    [
        ("fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        ("de-DE,de;q=0.9,en-GB;q=0.7,ar;q=0.5", "en"),
        ("AR-MA", "ar"),
        ("es-ES,es;q=0.9", "ar"),
        ("", "ar"),
    ],
)
def test_the_root_goes_to_the_visitors_language(portal: Stack, accepted: str, lang: str) -> None:
    answer = portal.browser().get("/", **({"Accept-Language": accepted} if accepted else {}))
    assert answer.status == 302
    assert answer.header("Location") == f"/{lang}/"
    assert answer.header("Vary") == "Accept-Language"
    assert answer.header("Strict-Transport-Security")


@pytest.mark.parametrize(
    ("path", "accepted", "lang"),
    [
        ("/fr/no-such-page/", "en", "fr"),
        ("/en/calls/no-such-call/", "ar", "en"),
        ("/fr/assets/", "", "fr"),  # a folder without a page
        ("/ar/forms/no-such-form/", "fr", "ar"),  # the service's own 404
    ],
)
def test_a_missing_page_is_answered_in_the_visitors_language(
    portal: Stack, path: str, accepted: str, lang: str
) -> None:
    page = portal.browser().get(path, **({"Accept-Language": accepted} if accepted else {}))
    assert page.status == 404
    assert f'lang="{lang}"' in page.text[:500]
    assert page.header("Content-Security-Policy")


@pytest.mark.parametrize("accepted", ["en-US,en;q=0.9", ""])
def test_a_missing_page_without_a_language_is_answered_in_the_three(
    portal: Stack, accepted: str
) -> None:
    """An address that names no language gets the page that speaks all three, whatever
    the browser prefers: each part in its language, leading to its home page."""
    page = portal.browser().get(
        "/no-such-page", **({"Accept-Language": accepted} if accepted else {})
    )
    assert page.status == 404
    for lang in ("ar", "fr", "en"):
        assert f'<a href="/{lang}/" hreflang="{lang}">' in page.text
    assert page.header("Content-Security-Policy")


def test_an_application_sent_through_one_instance_is_read_through_the_other(
    portal: Stack,
) -> None:
    applicant = portal.browser("127.0.0.4")
    path = "/en/forms/project-application/"
    answers = {
        **form(applicant, f"{path}?call={CALL}"),
        "call": CALL, "association_name": "Association Amal", "country": "FR", "city": "Lyon",
        "founded": "2012", "project_title": "Soutien scolaire", "axis": "school-support",
        "summary": "Homework help in Lyon.", "amount_mad": "100000", "budget_mad": "200000",
        "contact_name": "Amal Benali", "email": "applicant@example.org",
        "phone": "+33 6 12 34 56 78", "declaration": "on",
    }  # fmt: skip
    files = {name: pdf(f"smoke {name}") for name in FILES}
    check = applicant.post_multipart(path, *multipart(answers, files))
    assert check.status == 200, check.text[:3000]
    confirm = {
        "csrfmiddlewaretoken": answers["csrfmiddlewaretoken"],
        **dict(HIDDEN.findall(check.text)),
        "step": "confirm",
    }
    sent = applicant.post(path, confirm)
    assert sent.status == 303, sent.text[:3000]
    found = REFERENCE.search(sent.header("Location"))
    assert found, sent.header("Location")
    reference, stored_by = found.group(1), portal.served_by(sent.header("X-Request-ID"))
    assert applicant.get(sent.header("Location")).status == 200  # its confirmation page

    email = portal.inbox.wait_for("applicant@example.org")
    text = email.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert reference in text
    links = LINK.findall(text)
    assert links and all(link.startswith(f"{ORIGIN}/") for link in links), links
    assert f"{ORIGIN}/en/forms/status/" in links

    staff = signed_in(portal)
    page = staff.get(submission_page(staff, reference)).text
    downloads = re.findall(r'href="(/staff/attachments/\d+/)"', page)
    assert len(downloads) == len(FILES)
    sent_digests = {hashlib.sha256(content).hexdigest() for content in files.values()}
    for _ in range(4):  # nginx takes turns between the instances
        download = staff.get(downloads[0])
        assert download.status == 200
        assert download.header("Content-Disposition").startswith("attachment;")
        assert hashlib.sha256(download.body).hexdigest() in sent_digests
        if portal.served_by(download.header("X-Request-ID")) != stored_by:
            break
    else:
        pytest.fail(f"every download came from instance {stored_by}, which stored the files")


def test_an_approved_registration_is_pushed_to_the_remote(portal: Stack) -> None:
    association = portal.browser("127.0.0.5")
    path = "/fr/forms/association-registration/"
    answers = [
        *form(association, path).items(),
        ("name_latin", "Association Smoke Liège"), ("country", "BE"), ("city", "Liège"),
        ("founded", "2012"), ("domains", "education"), ("target_groups", "young-people"),
        ("description", "Soutien scolaire à Liège."),
        ("public_email", "contact@smoke.example.org"), ("contact_name", "Nadia Privée"),
        ("email", "nadia@private.example.org"), ("consent", "on"),
    ]  # fmt: skip
    sent = association.post(path, answers)
    assert sent.status == 303, sent.text[:3000]
    found = REFERENCE.search(sent.header("Location"))
    assert found
    reference = found.group(1)

    staff = signed_in(portal)
    change = submission_page(staff, reference)
    fields = dict(ADMIN_HIDDEN.findall(staff.get(change).text))
    approved = staff.post(change, {**fields, "new_status": "approved", "comment": "Vérifié"})
    assert approved.status == 302, approved.text[:3000]

    branch = f"refs/heads/submissions/{reference}"
    pushed = wait(lambda: git(portal.remote, "for-each-ref", branch), WORKER_SECONDS)
    assert pushed, f"{branch} was not pushed within {WORKER_SECONDS} s"
    files = git(portal.remote, "diff", "--name-only", "main", branch).splitlines()
    assert len(files) == 1 and files[0].startswith("data/associations/"), files
    record = git(portal.remote, "show", f"{branch}:{files[0]}")
    assert "Association Smoke Liège" in record
    assert "nadia@private.example.org" not in record and "Nadia" not in record


def test_rate_limits_count_each_client_apart_and_ignore_forged_addresses(
    portal: Stack,
) -> None:
    # FORMS_RATE_PER_IP is 3/h here; each post has its own email (its own limit).
    first = portal.browser(address_in_one_window(3600))
    second = portal.browser("127.0.0.3")
    assert [contact(first, f"first{n}@example.org") for n in range(3)] == [303] * 3
    assert contact(first, "first3@example.org") == 429
    assert contact(second, "second0@example.org") == 303  # another client, counted apart
    # Claiming to be someone else: nginx appends the real peer, which the service takes.
    forged = {"X-Forwarded-For": "198.51.100.7"}
    assert contact(first, "first4@example.org", **forged) == 429


def address_in_one_window(period: int) -> str:
    """A loopback address whose rate-limit window (django-ratelimit's: each key's own, ending
    at a second of the period fixed by the key) does not end in the next five minutes, so
    that a test's posts from it are counted in one window at any time of day. From .20 on:
    the other tests' clients are below."""
    for last in range(20, 255):
        address = f"127.0.0.{last}"
        if _get_window(address, period) - time.time() > 300:
            return address
    raise AssertionError("no address")


def test_a_request_a_little_too_large_is_refused_by_the_service_in_its_language(
    portal: Stack,
) -> None:
    """Above FORMS_MAX_REQUEST_MB, below nginx's limit: the service's own answer, every
    time (it reads the refused body to its end: left unread, the connection is reset, nginx
    answers 502 and takes the instance for down), and the service stays up for others."""
    browser = portal.browser("127.0.0.6")
    for _ in range(4):  # more than once per instance
        fields = form(browser, "/fr/forms/contact/")
        body, kind = multipart(fields, {"attachment": b"%PDF-" + b"0" * (33 * 1024 * 1024)})
        refused = browser.post_multipart("/fr/forms/contact/", body, kind)
        assert refused.status == 413
        assert "plus de 32 Mo" in refused.text, refused.text[:500]
    assert portal.browser("127.0.0.7").get("/fr/forms/contact/").status == 200
    # Beyond nginx's limit, a little higher, nginx refuses it before the service sees it.
    body, kind = multipart(fields, {"attachment": b"%PDF-" + b"0" * (35 * 1024 * 1024)})
    too_large = browser.post_multipart("/fr/forms/contact/", body, kind)
    assert too_large.status == 413 and "nginx" in too_large.text


def test_a_deploy_under_load_swaps_every_page_at_once(portal: Stack) -> None:
    before = (portal.host / "current").resolve()
    portal.commit("Release B", lambda work: set_marker(work, "B"))
    seen = read_during(portal, clients=8, action=portal.deploy)
    assert seen.action.returncode == 0, seen.action.stderr
    assert seen.errors == [], seen.errors[:5]
    assert seen.fetched > 100
    for client, markers in seen.markers.items():
        # Each page whole from one release, and once a client has the new one, never the old.
        assert markers == sorted(markers), f"client {client} went back: {markers}"
        assert markers[-1] == "B"
    assert any(markers[0] == "A" for markers in seen.markers.values()), "no page before it"
    after = (portal.host / "current").resolve()
    assert after != before and before.is_dir(), "the earlier release is kept, to go back to"

    notified = portal.run(*units.command("portal-notify.service"))  # the deploy's last step
    assert notified.returncode == 0 and "alert emails queued" in notified.stdout, notified

    # Going back, as the README says: the link to the earlier release, swapped in one rename.
    subprocess.run(
        ["ln", "-sfn", f"releases/{before.name}", str(portal.host / "current.new")], check=True
    )
    subprocess.run(["mv", "-T", str(portal.host / "current.new"), str(portal.host / "current")],
                   check=True)  # fmt: skip
    assert MARKER.format("A") in portal.browser().get("/fr/").text


def test_a_reload_of_the_service_drops_no_request(portal: Stack) -> None:
    """An upgrade's `systemctl reload portal-forms@PORT` (the unit's ExecReload: SIGHUP,
    gunicorn starts new workers and lets the old ones finish), instance after instance,
    while visitors keep opening forms: each reload lasts until its new workers have
    answered some of them."""
    assert units.read("portal-forms@.service")["Service"]["ExecReload"].endswith("HUP $MAINPID")

    def counts(name: str) -> tuple[int, int]:
        text = (portal.processes.logs / f"forms-{name}.log").read_text(errors="replace")
        return text.count("Booting worker"), text.count("forms_service.access")

    def reloaded(name: str, booted: int, answered: int) -> bool:
        now = counts(name)
        return now[0] >= booted + WORKERS and now[1] >= answered + 10

    def reload_both() -> list[str]:
        done = []
        for name in portal.instances:
            booted, answered = counts(name)
            os.kill(portal.processes.named[f"forms-{name}"].pid, signal.SIGHUP)
            if wait(partial(reloaded, name, booted, answered), 60):
                done.append(name)
        return done

    forms = ("/fr/forms/contact/", "/en/forms/status/", "/ar/forms/alerts/")
    seen = read_during(portal, clients=4, action=reload_both, pages=forms)
    assert seen.action == list(portal.instances), "an instance did not answer after its reload"
    assert seen.errors == [], seen.errors[:5]


def test_the_daily_jobs_run_with_the_production_settings(portal: Stack) -> None:
    purged = portal.run(*units.command("portal-purge.service"))
    assert purged.returncode == 0, purged.stderr
    assert "removed 0 alert requests never confirmed" in purged.stdout  # nothing due yet
    cleared = portal.run(*units.command("portal-clearsessions.service"))
    assert cleared.returncode == 0, cleared.stderr
