"""An association writes through the contact form, in each language: it gets a reference at
once, and the confirmation email with a copy of its answers once the outbox sends it."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from forms_service import clock
from forms_service.submissions.models import Email, Submission
from forms_service.worker.outbox import send_due
from tests.forms_service.conftest import Smtp

pytestmark = pytest.mark.django_db

ANSWERS = {
    "name": "Amal Benali",
    "email": "amal@example.org",
    "topic": "project-support",
    "country": "FR",
    "message": "متى يفتح طلب المشاريع المقبل؟",
}
HIDDEN = re.compile(r'type="hidden" name="(token|started)" value="([^"]+)"')
REFERENCE = re.compile(r"MSG-[2-9A-Z]{4}-[2-9A-Z]{4}")


def hidden(client: Client, lang: str) -> dict[str, str]:
    """The hidden fields of a freshly shown form page: its token and its signed start time."""
    page = client.get(f"/{lang}/forms/contact/")
    assert page.status_code == 200
    found = dict(
        re.findall(r'type="hidden" name="(token|started)" value="([^"]+)"', page.content.decode())
    )
    assert set(found) == {"token", "started"}
    return found


@pytest.fixture(autouse=True)
def no_wait(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0  # the tests post at once; one test puts it back


@pytest.mark.parametrize(
    "lang,received,subject_word",
    [
        ("ar", "توصلنا بطلبكم", "توصلنا"),
        ("fr", "Formulaire reçu", "reçu"),
        ("en", "Form received", "received"),
    ],
)
def test_a_message_is_received_and_confirmed(
    client: Client, smtp: Smtp, lang: str, received: str, subject_word: str
) -> None:
    form = client.get(f"/{lang}/forms/contact/").content.decode()
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in form
    response = client.post(f"/{lang}/forms/contact/", {**ANSWERS, **hidden(client, lang)})
    assert response.status_code == 303
    page = client.get(response["Location"]).content.decode()
    reference = REFERENCE.search(page)
    assert reference and received in page
    stored = Submission.objects.get(reference=reference.group())
    assert (stored.lang, stored.form_id, stored.answers["message"]) == (
        lang,
        "contact",
        ANSWERS["message"],
    )

    assert send_due() == (1, 0)
    (mail,) = smtp.inbox.messages
    assert mail["To"] == "amal@example.org"
    assert subject_word in mail["Subject"] and reference.group() in mail["Subject"]
    body = mail.get_content()
    assert reference.group() in body and SECURITY[lang] in body and IGNORE[lang] in body
    # The address is whatever was typed: a copy of the answers made the portal carry anyone's
    # text, from its own address, to anyone (a phishing message with a real reference).
    assert ANSWERS["message"] not in body and ANSWERS["name"] not in body


IGNORE = {
    "ar": "إن لم ترسلوا أي استمارة في بوابة الشراكة فتجاهلوا هذه الرسالة.",
    "fr": "Si vous n'avez pas envoyé de formulaire sur le portail de partenariat, ignorez ce"
    " courriel.",
    "en": "If you did not send a form on the partnership portal, ignore this email.",
}
SECURITY = {
    "ar": "حفاظا على أمنكم، لا تتضمن هذه الرسالة أجوبتكم.",
    "fr": "Pour votre sécurité, ce message ne reprend pas vos réponses.",
    "en": "For your security, this email does not repeat your answers.",
}


def test_a_double_click_makes_one_submission(client: Client, smtp: Smtp) -> None:
    posted = {**ANSWERS, **hidden(client, "fr")}
    first = client.post("/fr/forms/contact/", posted)
    second = client.post("/fr/forms/contact/", posted)
    assert first["Location"] == second["Location"]
    assert Submission.objects.count() == 1 and Email.objects.count() == 1


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_errors_are_listed_and_shown_by_each_field_with_answers_kept(
    client: Client, lang: str
) -> None:
    posted = {"name": "Amal", "email": "amal-at-example", **hidden(client, lang)}
    response = client.post(f"/{lang}/forms/contact/", posted)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    expected = {
        "ar": ["أدخلوا عنوان بريد إلكتروني صحيحا", "اختاروا موضوع الرسالة", "اكتبوا رسالتكم"],
        "fr": [
            "Indiquez une adresse électronique valide",
            "Choisissez le sujet",
            "Écrivez votre message",
        ],
        "en": [
            "Enter an email address in the correct format",
            "Choose what your message",
            "Write your message",
        ],
    }[lang]
    for text in expected:
        assert text in summary  # at the top, linked to the field
        assert html.count(text) == 2  # and again beside the field
    assert '<a href="#id_email">' in summary
    assert 'value="Amal"' in html and 'value="amal-at-example"' in html
    assert Submission.objects.count() == 0


def test_the_outbox_keeps_the_email_while_smtp_is_down(client: Client, smtp: Smtp) -> None:
    client.post("/en/forms/contact/", {**ANSWERS, **hidden(client, "en")})
    smtp.stop()
    assert send_due() == (0, 1)
    email = Email.objects.get()
    assert email.sent is None and email.attempts == 1 and email.last_error
    assert send_due() == (0, 0)  # not yet due again
    smtp.start()
    assert send_due(now=clock.now() + timedelta(minutes=2)) == (1, 0)
    assert len(smtp.inbox.messages) == 1


def test_an_unknown_form_or_language_is_not_found(client: Client) -> None:
    assert client.get("/fr/forms/nothing/").status_code == 404
    assert client.get("/de/forms/contact/").status_code == 404


def test_submissions_go_to_the_configured_database() -> None:
    wanted = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == wanted
    if wanted == "sqlite":  # durable: every commit on disk before the answer
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL


def test_every_response_carries_the_security_headers(client: Client) -> None:
    for response in (client.get("/fr/forms/contact/"), client.get("/fr/forms/nothing/")):
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_a_post_from_another_site_is_refused(client: Client) -> None:
    posted = {**ANSWERS, **hidden(client, "en")}
    response = client.post("/en/forms/contact/", posted, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_the_form_needs_its_csrf_token() -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/en/forms/contact/", {**ANSWERS, "token": "t"})
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_a_hidden_field_filled_in_or_a_post_too_soon_is_not_stored(
    client: Client, settings: Any
) -> None:
    posted = {**ANSWERS, **hidden(client, "fr"), "_homepage": "http://spam.example"}
    response = client.post("/fr/forms/contact/", posted)
    assert response.status_code == 400
    assert "Vérifiez vos réponses" in response.content.decode()
    settings.FORMS_MIN_FILL_SECONDS = 60
    response = client.post("/fr/forms/contact/", {**ANSWERS, **hidden(client, "fr")})
    assert response.status_code == 400
    assert 'value="Amal Benali"' in response.content.decode()  # nothing typed is lost
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "lang,status", [("ar", "في انتظار دراسته"), ("fr", "il attend d'être lu"), ("en", "waiting")]
)
def test_a_reference_and_its_email_give_the_status_and_nothing_more(
    client: Client, lang: str, status: str
) -> None:
    done = client.post(f"/{lang}/forms/contact/", {**ANSWERS, **hidden(client, lang)})
    reference = done["Location"].rstrip("/").rsplit("/", 1)[1]
    page = status_of(client, lang, reference.lower(), "AMAL@example.org")
    assert status in page
    assert ANSWERS["message"] not in page and "Amal Benali" not in page
    wrong = status_of(client, lang, reference, "x@example.org")
    unknown = status_of(client, lang, "MSG-2222-2222", "amal@example.org")
    assert status not in wrong
    assert wrong == unknown  # neither half is confirmed on its own


def status_of(client: Client, lang: str, reference: str, email: str) -> str:
    """The status section of the status page."""
    page = client.post(f"/{lang}/forms/status/", {"reference": reference, "email": email})
    assert page.status_code == 200
    html = page.content.decode().replace("&#x27;", "'")
    return html.split("<section", 1)[1].split("</section>", 1)[0]


def test_the_status_is_asked_for_in_a_post_never_in_the_address(client: Client) -> None:
    """The address (and so access logs, history and Referer) never holds the email."""
    done = client.post("/en/forms/contact/", {**ANSWERS, **hidden(client, "en")})
    reference = done["Location"].rstrip("/").rsplit("/", 1)[1]
    form = client.get("/en/forms/status/").content.decode()
    assert '<form method="post"' in form and 'name="csrfmiddlewaretoken"' in form
    asked = client.get("/en/forms/status/", {"reference": reference, "email": ANSWERS["email"]})
    html = asked.content.decode()
    assert asked.status_code == 200  # the empty form: nothing looked up, nothing echoed
    assert "<section" not in html and "waiting" not in html
    assert ANSWERS["email"] not in html and reference not in html

    strict = Client(enforce_csrf_checks=True)  # as a browser: the form's CSRF token is needed
    looked_up = {"reference": reference, "email": ANSWERS["email"]}
    assert strict.post("/en/forms/status/", looked_up).status_code == 403
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        strict.get("/en/forms/status/").content.decode(),
    )
    assert token
    shown = strict.post("/en/forms/status/", {**looked_up, "csrfmiddlewaretoken": token[1]})
    assert shown.status_code == 200 and "waiting" in shown.content.decode()


@pytest.mark.parametrize(
    "lang,reference_error,email_error",
    [
        ("ar", "أدخلوا رقم المرجع", "أدخلوا عنوان بريد إلكتروني صحيحا"),
        ("fr", "Indiquez votre numéro de référence", "Indiquez une adresse électronique"),
        ("en", "Enter your reference number", "Enter an email address like"),
    ],
)
def test_status_errors_are_shown_by_their_field_with_what_was_typed(
    client: Client, lang: str, reference_error: str, email_error: str
) -> None:
    page = client.post(f"/{lang}/forms/status/", {"reference": "", "email": "amal-at-example"})
    assert page.status_code == 400
    html = page.content.decode().replace("&#x27;", "'")
    assert 'class="error-summary"' in html
    by_reference = html.split('for="id_reference"', 1)[1].split('name="reference"', 1)[0]
    by_email = html.split('for="id_email"', 1)[1].split('name="email"', 1)[0]
    assert reference_error in by_reference and email_error in by_email
    assert 'value="amal-at-example"' in html  # kept, to be corrected


def test_too_many_posts_from_one_address_or_email_are_refused(
    client: Client, settings: Any
) -> None:
    settings.FORMS_RATE_PER_IP, settings.FORMS_RATE_PER_EMAIL = "3/h", "2/h"
    sent = [
        client.post("/en/forms/contact/", {**ANSWERS, **hidden(client, "en")}) for _ in range(3)
    ]
    assert [r.status_code for r in sent] == [303, 303, 429]  # the third from the same email
    assert "try again in an hour" in sent[2].content.decode()
    assert 'value="Amal Benali"' in sent[2].content.decode()  # nothing typed is lost
    other = {**ANSWERS, "email": "other@example.org", **hidden(client, "en")}
    assert client.post("/en/forms/contact/", other).status_code == 429  # the IP's fourth
    assert Submission.objects.count() == 2


def test_too_many_status_requests_are_refused(client: Client, settings: Any) -> None:
    """Guessing references for an address, or many addresses from one client, is slowed as
    forms sent are: each lookup counts."""
    settings.FORMS_RATE_PER_IP, settings.FORMS_RATE_PER_EMAIL = "3/h", "100/h"
    done = client.post("/en/forms/contact/", {**ANSWERS, **hidden(client, "en")})
    reference = done["Location"].rstrip("/").rsplit("/", 1)[1]
    asked = {"reference": reference, "email": ANSWERS["email"]}
    codes = [client.post("/en/forms/status/", asked).status_code for _ in range(3)]
    assert codes == [200, 200, 429]  # the address's fourth post, after the form it sent
    refused = client.post("/fr/forms/status/", asked).content.decode()
    assert "Vous avez envoyé beaucoup de formulaires" in refused.replace("&#x27;", "'")
    assert "<section" not in refused  # nothing looked up

    settings.FORMS_RATE_PER_IP, settings.FORMS_RATE_PER_EMAIL = "100/h", "2/h"
    other = {"reference": "MSG-2222-2222", "email": "other@example.org"}
    codes = [client.post("/en/forms/status/", other).status_code for _ in range(3)]
    assert codes == [200, 200, 429]  # the third for the same email


TOPICS = {
    "ar": ["برنامج تقوية قدرات جمعيات مغاربة العالم", "برنامج دعم جمعيات مغاربة العالم",
           "التنمية التضامنية", "صعوبة في استعمال البوابة (إمكانية الولوج)", "موضوع آخر"],
    "fr": ["Programme de renforcement des capacités des associations",
           "Programme d'appui aux projets des associations", "Développement solidaire",
           "Une difficulté à utiliser le portail (accessibilité)", "Un autre sujet"],
    "en": ["Capacity-building programme", "Association project support programme",
           "Solidarity development", "A problem using the portal (accessibility)",
           "Something else"],
}  # fmt: skip
TOPIC = re.compile(r'<input type="radio" name="topic" value="([a-z-]+)"[^>]*>\s*(.*?)</label>')


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_a_message_can_be_about_a_programme_accessibility_or_something_else(
    client: Client, lang: str
) -> None:
    html = client.get(f"/{lang}/forms/contact/").content.decode()
    found = [(value, unescape(label)) for value, label in TOPIC.findall(html)]
    values = [
        "capacity-building",
        "project-support",
        "solidarity-development",
        "accessibility",
        "other",
    ]
    assert found == list(zip(values, TOPICS[lang], strict=True))


def test_a_message_about_something_else_is_received_under_that_topic(client: Client) -> None:
    answers = {**ANSWERS, "topic": "other", **hidden(client, "en")}
    assert client.post("/en/forms/contact/", answers).status_code == 303
    assert Submission.objects.get().answers["topic"] == "other"


def test_the_accessibility_statements_link_chooses_its_topic(client: Client) -> None:
    """/fr/accessibility/ links to the form with ?topic=accessibility: that topic is ticked;
    an address naming no topic of the list ticks none."""
    chosen = client.get("/fr/forms/contact/?topic=accessibility").content.decode()
    assert re.findall(
        r'<input type="radio" name="topic" value="([a-z-]+)"[^>]*checked', chosen
    ) == ["accessibility"]
    unknown = client.get("/fr/forms/contact/?topic=nothing").content.decode()
    assert " checked" not in unknown.split('name="topic"', 1)[1].split("</fieldset>", 1)[0]
