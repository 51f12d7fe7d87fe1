"""Hostile input, field by field, in every form: markup and script, spreadsheet formulas,
bidi overrides and zero-width characters, null bytes, very long text, path traversal,
header injection, template syntax, impossible numbers and dates; then malformed requests
(invalid UTF-8, truncated multipart, a file name with a null byte or a path). Each answer is
either refused with a message next to its field, in the page's language, or stored as typed
and shown escaped to staff; none causes a server error or leaves a submission half stored.
The whole module runs again on PostgreSQL (test_postgres.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from forms_service import definitions
from forms_service.active_pdf import MAX_OBJECTS
from forms_service.submissions.models import Submission
from tests.conftest import REPO
from tests.forms_service.conftest import PASSWORD
from tests.forms_service.filling import hidden, hidden_in, valid_answers
from tests.forms_service.hostile_pdfs import (
    CLEAN,
    HOSTILE,
    too_many_objects,
    unclosed_dictionaries,
)
from tests.forms_service.pdfs import pdf_bomb, pdf_with_script

pytestmark = pytest.mark.django_db
LANGUAGES = ("ar", "fr", "en")
TEXTS = {"text", "textarea", "email", "phone"}
NUMBERS = {"integer", "year"}
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "\u202egnp.exe\u202c",  # a right-to-left override hiding a file's real extension
    "a\u200bb\u200dc\ufeffd",  # zero-width characters
    "nul\x00byte",
    "x" * 20_000,
    "../../etc/passwd",
    "a@example.org\r\nBcc: victim@example.org",
    "{{ 7*7 }} {% debug %} ${7*7}",
    "' OR '1'='1'; DROP TABLE submissions_submission; --",
]
BAD_NUMBERS = ["-1", "1e309", "9" * 40, "NaN", "١٢٣", "0x10", "12.5", "2026-02-30"]
ARABIC = re.compile("[\u0600-\u06ff]")
DEFINITIONS = definitions.load(REPO / "data")


def cases(kinds: set[str], payloads: list[str]) -> list[tuple[str, str, str]]:
    found = []
    for form_id, definition in sorted(DEFINITIONS.items()):
        for spec in definition.fields:
            if spec["type"] in kinds:
                found += [(form_id, spec["name"], payload) for payload in payloads]
    return found


TEXT_CASES = cases(TEXTS, PAYLOADS)
NUMBER_CASES = cases(NUMBERS, BAD_NUMBERS)


@pytest.fixture(autouse=True)
def open_doors(settings: Any, live_data: Path) -> None:
    """No waiting and no rate limit: hundreds of answers come from one test client."""
    settings.FORMS_MIN_FILL_SECONDS = 0
    settings.FORMS_RATE_PER_IP = settings.FORMS_RATE_PER_EMAIL = "100000/h"


def attempt(client: Client, lang: str, form_id: str, answers: dict[str, Any]) -> Any:
    """Send the answers as a browser would, through "check your answers"; no 5xx anywhere."""
    path = f"/{lang}/forms/{form_id}/"
    response = client.post(path, {**answers, **hidden(client, path)})
    assert response.status_code < 500, response.status_code
    html = response.content.decode()
    if response.status_code == 200 and hidden_in(html):  # the answers to check
        response = client.post(path, {**hidden_in(html), "step": "confirm"})
        assert response.status_code < 500, response.status_code
    return response


def refused_or_stored(
    response: Any, lang: str, form_id: str, field: str, payload: str, before: int
) -> None:
    html = response.content.decode()
    stored = Submission.objects.count() - before
    if response.status_code == 303:  # accepted: stored whole, once
        assert stored == 1
        submission = Submission.objects.latest("id")
        expected = sum(
            1 for f in DEFINITIONS[form_id].fields if f["type"] == "file" and f.get("required")
        )
        assert submission.files.count() >= expected, "the attachments are stored with it"
        assert "\x00" not in str(submission.answers)
        kinds = {f["name"]: f["type"] for f in DEFINITIONS[form_id].fields}
        for name, value in submission.answers.items():
            if isinstance(value, str) and kinds.get(name) in ("text", "email", "phone"):
                assert "\r" not in value and "\n" not in value  # one line: no header injection
            if isinstance(value, str):
                assert "\u202e" not in value and "\r" not in value
        return
    assert stored == 0, "nothing stored from a refused answer"
    # A form with a problem comes back with 400, the problem next to its field.
    assert response.status_code in (400, 413), response.status_code
    if response.status_code == 400:
        assert f'<html lang="{lang}"' in html or f'lang="{lang}"' in html
        assert "error-summary" in html, f"{form_id}.{field}: no message for {payload[:40]!r}"
        summary = html.split("error-summary", 1)[1].split("</div>", 1)[0]
        if lang == "ar":
            assert ARABIC.search(summary), summary
    for raw in ("<script>alert(1)</script>", "<img src=x onerror"):
        assert raw not in html, "shown escaped, never as markup"


@pytest.mark.parametrize(("form_id", "field", "payload"), TEXT_CASES)
def test_hostile_text(form_id: str, field: str, payload: str, live_data: Path) -> None:
    lang = LANGUAGES[(len(field) + len(payload)) % 3]
    answers = valid_answers(DEFINITIONS[form_id], lang, live_data)
    answers[field] = payload
    before = Submission.objects.count()
    response = attempt(Client(), lang, form_id, answers)
    refused_or_stored(response, lang, form_id, field, payload, before)


@pytest.mark.parametrize(("form_id", "field", "payload"), NUMBER_CASES)
def test_impossible_numbers(form_id: str, field: str, payload: str, live_data: Path) -> None:
    lang = LANGUAGES[len(payload) % 3]
    answers = valid_answers(DEFINITIONS[form_id], lang, live_data)
    answers[field] = payload
    before = Submission.objects.count()
    response = attempt(Client(), lang, form_id, answers)
    assert response.status_code == 400, "an impossible number is refused"
    refused_or_stored(response, lang, form_id, field, payload, before)


def test_the_count_of_hostile_inputs() -> None:
    assert len(TEXT_CASES) + len(NUMBER_CASES) + len(MALFORMED) >= 300


def test_stored_hostile_answers_are_shown_escaped_to_staff(
    live_data: Path, staff_accounts: None
) -> None:
    for payload in PAYLOADS[:2]:
        answers = valid_answers(DEFINITIONS["contact"], "fr", live_data)
        answers["message"] = payload
        assert attempt(Client(), "fr", "contact", answers).status_code == 303
    staff = Client()
    assert staff.login(username="ministry", password=PASSWORD)
    for submission in Submission.objects.all():
        page = staff.get(f"/staff/submissions/submission/{submission.pk}/change/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "<script>alert(1)</script>" not in html and "<img src=x onerror" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&quot;&gt;&lt;img" in html
    found = staff.get("/staff/submissions/submission/", {"q": "<script>alert(1)</script>"})
    assert found.status_code == 200
    assert "<script>alert(1)</script>" not in found.content.decode()


# Requests no browser sends: each gets a 4xx or the form again, never a 5xx or a submission.
BOUNDARY = "hostileboundary"
MALFORMED: list[tuple[str, bytes, str]] = [
    (
        "invalid UTF-8",
        b"name=\xff\xfe\xfd&email=a%40example.org",
        "application/x-www-form-urlencoded",
    ),
    ("overlong UTF-8", b"name=%C0%AF%C0%AF&message=x", "application/x-www-form-urlencoded"),
    ("lone surrogate", b"name=%ED%A0%80", "application/x-www-form-urlencoded"),
    (
        "truncated multipart",
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="name"\r\n\r\nAmal'.encode(),
        f"multipart/form-data; boundary={BOUNDARY}",
    ),
    ("multipart without boundary", b"--x\r\n\r\n", "multipart/form-data"),
    ("no body, a form type", b"", "multipart/form-data; boundary=nothing"),
    ("JSON instead of a form", b'{"name": "Amal"}', "application/json"),
    ("deep nesting", b"a" + b"[a]" * 5000 + b"=1", "application/x-www-form-urlencoded"),
    (
        "many fields",
        b"&".join(b"f%d=1" % n for n in range(2000)),
        "application/x-www-form-urlencoded",
    ),
]


@pytest.mark.parametrize(("what", "body", "content_type"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_requests(what: str, body: bytes, content_type: str) -> None:
    response = Client().generic("POST", "/fr/forms/contact/", body, content_type=content_type)
    assert 200 <= response.status_code < 500, (what, response.status_code)
    assert response.status_code != 303
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "name", ["../../../etc/passwd.pdf", "a\x00.pdf", "\u202efdp.exe", "CON.pdf", "x" * 300 + ".pdf"]
)
def test_hostile_file_names(name: str, live_data: Path, settings: Any) -> None:
    from tests.forms_service.pdfs import pdf_bytes

    answers = valid_answers(DEFINITIONS["project-application"], "en", live_data)
    answers["application_form"] = SimpleUploadedFile(name, pdf_bytes(), "application/pdf")
    response = attempt(Client(), "en", "project-application", answers)
    assert response.status_code in (303, 400)
    uploads = Path(settings.FORMS_UPLOAD_DIR)
    for path in uploads.rglob("*"):  # every stored file under a name of the service's own
        assert path.resolve().is_relative_to(uploads.resolve())
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", path.name), path.name
    if response.status_code == 303:
        stored = Submission.objects.get().files.get(field="application_form")
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", stored.stored)  # the name on disk
        assert "\x00" not in stored.name and len(stored.name) <= 120  # the name shown


@hsettings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=500))
def test_any_text_in_a_message(text: str, live_data: Path) -> None:
    answers = valid_answers(DEFINITIONS["contact"], "ar", live_data)
    answers["message"] = text
    before = Submission.objects.count()
    response = attempt(Client(), "ar", "contact", answers)
    assert response.status_code in (303, 400)
    assert Submission.objects.count() - before == (1 if response.status_code == 303 else 0)


FAKE_PDFS = {
    "HTML named .pdf": (b"<html><script>alert(1)</script></html>", "The file must be a PDF"),
    "PDF signature, then HTML": (b"%PDF-1.7\n<html><body>x</body></html>", "must be a PDF"),
    "PDF with JavaScript": (pdf_with_script(), "contains scripts or other files"),
}


@pytest.mark.parametrize("what", FAKE_PDFS)
def test_fake_pdfs_are_refused(what: str, live_data: Path) -> None:
    content, message = FAKE_PDFS[what]
    answers = valid_answers(DEFINITIONS["project-application"], "en", live_data)
    answers["statutes"] = SimpleUploadedFile("statutes.pdf", content, "application/pdf")
    response = attempt(Client(), "en", "project-application", answers)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Submission.objects.count() == 0


REFUSAL = {
    "active": {
        "ar": "يتضمن الملف برامج نصية أو ملفات أخرى: احفظوه من جديد بصيغة PDF عادية",
        "fr": "Le fichier contient des scripts ou d'autres fichiers\u202f: enregistrez-le",
        "en": "The file contains scripts or other files: save it again as a plain PDF",
    },
    "complex": {
        "ar": "الملف معقد جدا ولا يمكن فحصه: احفظوه من جديد بصيغة PDF عادية",
        "fr": "Le fichier est trop complexe pour être vérifié\u202f: enregistrez-le à nouveau",
        "en": "The file is too complex to be checked: save it again as a plain PDF",
    },
}


def refused_with(content: bytes, lang: str, live_data: Path, settings: Any) -> str:
    """Send `content` as the statutes of an application: refused by its field, nothing
    stored, not even the file waiting in pending/; the page's HTML."""
    answers = valid_answers(DEFINITIONS["project-application"], lang, live_data)
    answers["statutes"] = SimpleUploadedFile("statuts.pdf", content, "application/pdf")
    response = attempt(Client(), lang, "project-application", answers)
    assert response.status_code == 400
    assert Submission.objects.count() == 0
    kept = [p.read_bytes() for p in Path(settings.FORMS_UPLOAD_DIR).rglob("*.pdf")]
    assert content not in kept
    html = response.content.decode().replace("&#x27;", "'")
    assert '<a href="#id_statutes">' in html
    return html


@pytest.mark.parametrize("what", HOSTILE)
def test_active_pdfs_are_refused_in_the_pages_language(
    what: str, live_data: Path, settings: Any
) -> None:
    lang = LANGUAGES[list(HOSTILE).index(what) % 3]  # each language, for a third of them
    html = refused_with(HOSTILE[what](), lang, live_data, settings)
    assert html.count(REFUSAL["active"][lang]) == 2  # in the summary, and by the field


@pytest.mark.parametrize(
    "what",
    [
        "URI link, its action in its own object",
        "opens at the first page, as LibreOffice writes it",
        "opens at the first page, as LaTeX writes it, compressed",
    ],
)
def test_ordinary_pdfs_are_accepted(what: str, live_data: Path, settings: Any) -> None:
    """Statutes that link to the law on a government website, as a word processor writes
    the link (the reader clicks it or not: nothing happens by itself), or that open at their
    first page, as LibreOffice and LaTeX write it."""
    statutes = CLEAN[what]()
    answers = valid_answers(DEFINITIONS["project-application"], "fr", live_data)
    answers["statutes"] = SimpleUploadedFile("statuts.pdf", statutes, "application/pdf")
    response = attempt(Client(), "fr", "project-application", answers)
    assert response.status_code == 303
    stored = Submission.objects.get().files.get(field="statutes")
    on_disk = Path(settings.FORMS_UPLOAD_DIR).rglob(stored.stored)
    assert [p.read_bytes() for p in on_disk] == [statutes]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_pdf_too_complex_to_check_is_refused_in_the_pages_language(
    lang: str, live_data: Path, settings: Any
) -> None:
    html = refused_with(too_many_objects(MAX_OBJECTS), lang, live_data, settings)
    assert html.count(REFUSAL["complex"][lang]) == 2


def test_a_pdf_too_costly_to_read_is_refused_as_too_complex(live_data: Path, settings: Any) -> None:
    """The reviewer's 8 KB upload, which held a worker for half a minute (one language: the
    check spends its whole budget of reads)."""
    html = refused_with(unclosed_dictionaries(800), "ar", live_data, settings)
    assert html.count(REFUSAL["complex"]["ar"]) == 2


def test_a_decompression_bomb_is_not_inflated(live_data: Path, settings: Any) -> None:
    """200 MB of page content in a ~200 KB file: the check reads every object, but never
    decodes page content, so the file is taken as it came (staff's viewer would inflate it)."""
    bomb = pdf_bomb()
    assert len(bomb) < 1024 * 1024
    answers = valid_answers(DEFINITIONS["project-application"], "fr", live_data)
    answers["other_documents"] = SimpleUploadedFile("annexe.pdf", bomb, "application/pdf")
    response = attempt(Client(), "fr", "project-application", answers)
    assert response.status_code == 303
    stored = Submission.objects.get().files.get(field="other_documents")
    on_disk = Path(settings.FORMS_UPLOAD_DIR).rglob(stored.stored)
    assert [p.stat().st_size for p in on_disk] == [len(bomb)]
