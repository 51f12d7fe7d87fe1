"""Applying to a call: only while it is open (the server decides), after checking the answers,
with PDF attachments that are checked, kept under random names, and routed with the
application to the consular post that covers the association's seat."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from forms_service import clock
from forms_service.submissions import storing
from forms_service.submissions.models import Attachment, Email, Submission
from forms_service.worker.outbox import send_due
from tests.forms_service.conftest import Smtp, signed_in, write_record
from tests.forms_service.filling import REFERENCE, hidden, hidden_in
from tests.forms_service.pdfs import pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db
PATH = "/{lang}/forms/project-application/"


@pytest.fixture(autouse=True)
def no_wait(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0


def answers(**changes: Any) -> dict[str, Any]:
    base = {
        "call": "open-call",
        "association_name": "Association Amal Lyon",
        "country": "FR",
        "city": " lyon ",  # as people type it: the post's list says "Lyon"
        "founded": "2012",
        "project_title": "Soutien scolaire du samedi",
        "axis": "school-support",
        "summary": "Cours de soutien pour 40 enfants, avec deux écoles du quartier.",
        "amount_mad": "120000",
        "budget_mad": "200000",
        "application_form": pdf_upload("formulaire.pdf"),
        "budget_file": pdf_upload("budget.pdf", pages=2),
        "statutes": pdf_upload("statuts.pdf"),
        "contact_name": "Amal Benali",
        "email": "amal@example.org",
        "phone": "+33 6 12 34 56 78",
        "declaration": "on",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def post(client: Client, lang: str, data: dict[str, Any], **extra: str) -> Any:
    path = PATH.format(lang=lang)
    return client.post(path, {**data, **hidden(client, path), **extra})


CHECK = {"ar": "تحققوا من أجوبتكم", "fr": "Vérifiez vos réponses", "en": "Check your answers"}
POST_LABEL = {
    "ar": "القنصلية العامة للمملكة المغربية بليون",
    "fr": "Consulat général du Royaume du Maroc à Lyon",
    "en": "Consulate General of the Kingdom of Morocco in Lyon",
}


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_an_application_is_checked_then_sent_to_its_consulate(
    client: Client, smtp: Smtp, live_data: Path, settings: Any, lang: str
) -> None:
    check = post(client, lang, answers())
    assert check.status_code == 200
    html = check.content.decode()
    assert CHECK[lang] in html and "Soutien scolaire du samedi" in html
    assert "budget.pdf" in html
    assert Submission.objects.count() == 0  # nothing is sent before it is confirmed

    done = client.post(PATH.format(lang=lang), {**hidden_in(html), "step": "confirm"})
    assert done.status_code == 303
    page = client.get(done["Location"]).content.decode()
    reference = REFERENCE.search(page)
    assert reference and reference.group().startswith("APP-")
    assert POST_LABEL[lang] in page  # where the application has gone

    stored = Submission.objects.get(reference=reference.group())
    assert (stored.post, stored.subject) == ("lyon", "open-call")
    assert stored.answers["budget_file"] == "budget.pdf"
    files = {a.field: a for a in Attachment.objects.filter(submission=stored)}
    assert set(files) == {"application_form", "budget_file", "statutes"}
    budget = settings.FORMS_UPLOAD_DIR / "files" / files["budget_file"].stored
    assert budget.read_bytes() == pdf_bytes(pages=2)
    assert files["budget_file"].sha256 == hashlib.sha256(pdf_bytes(pages=2)).hexdigest()
    assert "budget" not in files["budget_file"].stored  # a random name, not the user's
    assert not list((settings.FORMS_UPLOAD_DIR / "pending").iterdir())

    assert send_due() == (1, 0)
    body = smtp.inbox.messages[0].get_content()
    assert reference.group() in body and POST_LABEL[lang] in body
    assert "statuts.pdf" not in body  # a file's name is typed text too


def test_answers_and_files_come_back_to_be_changed(client: Client, live_data: Path) -> None:
    check = post(client, "fr", answers()).content.decode()
    back = client.post(PATH.format(lang="fr"), {**hidden_in(check), "step": "change"})
    html = back.content.decode()
    assert back.status_code == 200
    assert 'value="Soutien scolaire du samedi"' in html
    assert "Reçu\u202f: budget.pdf" in html  # kept, not asked for again
    changed = {**hidden_in(html), **answers(project_title="Soutien scolaire du dimanche")}
    for name in ("application_form", "budget_file", "statutes"):
        del changed[name]  # no new file: the kept ones go on
    again = client.post(PATH.format(lang="fr"), changed).content.decode()
    assert "Soutien scolaire du dimanche" in again and "statuts.pdf" in again
    done = client.post(PATH.format(lang="fr"), {**hidden_in(again), "step": "confirm"})
    assert done.status_code == 303
    stored = Submission.objects.get()
    assert stored.answers["project_title"] == "Soutien scolaire du dimanche"
    assert stored.files.count() == 3


def test_checked_files_are_kept_while_another_answer_is_corrected(
    client: Client, live_data: Path
) -> None:
    wrong = post(client, "en", answers(project_title="", phone="06 12"))
    html = wrong.content.decode()
    assert wrong.status_code == 400
    assert "Enter the title of the project" in html
    assert "Enter the number in international format" in html
    assert "Received: statuts.pdf" in html
    fixed = {**hidden_in(html), **answers()}
    for name in ("application_form", "budget_file", "statutes"):
        del fixed[name]
    assert client.post(PATH.format(lang="en"), fixed).status_code == 200  # the check page


@pytest.mark.parametrize(
    "upload,lang,message",
    [
        (
            SimpleUploadedFile("budget.pdf", b"MZ\x90\x00 not a pdf at all"),
            "fr",
            "Le fichier doit être un document PDF.",
        ),
        (
            SimpleUploadedFile("budget.pdf", b"%PDF-1.7\n" + b"garbage " * 200),
            "en",
            "The file must be a PDF document.",
        ),
        (
            SimpleUploadedFile("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n"),
            "ar",
            "يجب أن يكون الملف وثيقة PDF.",
        ),
        (
            SimpleUploadedFile("budget.pdf", pdf_bytes(password="x")),
            "en",
            "protected by a password",
        ),
        (
            SimpleUploadedFile("budget.pdf", pdf_bytes() + b"\n%" + b"x" * (10 * 1024 * 1024)),
            "en",
            "The file must be 10 MB or smaller.",
        ),
    ],
    ids=["not-pdf", "pdf-signature-only", "passwd", "encrypted", "too-big"],
)
def test_a_file_that_is_not_an_acceptable_pdf_is_refused_by_its_field(
    client: Client, live_data: Path, settings: Any, upload: Any, lang: str, message: str
) -> None:
    response = post(client, lang, answers(budget_file=upload))
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert html.count(message) == 2  # in the summary, and by the field
    assert '<a href="#id_budget_file">' in html
    assert 'value="Association Amal Lyon"' in html  # nothing typed is lost
    stored = {p.name for p in (settings.FORMS_UPLOAD_DIR / "pending").iterdir()}
    assert len(stored) == 2  # the two good files are kept; the refused one is not


def test_a_pdf_named_like_a_path_is_stored_under_a_random_name(
    client: Client, live_data: Path, settings: Any
) -> None:
    upload = SimpleUploadedFile("../../etc/passwd", pdf_bytes(), content_type="application/pdf")
    check = post(client, "en", answers(statutes=upload)).content.decode()
    client.post(PATH.format(lang="en"), {**hidden_in(check), "step": "confirm"})
    attachment = Attachment.objects.get(field="statutes")
    assert attachment.name == "passwd.pdf"  # shown and downloaded as what it is
    path = settings.FORMS_UPLOAD_DIR / "files" / attachment.stored
    assert path.read_bytes() == pdf_bytes()
    assert not Path("/etc/passwd").read_bytes().startswith(b"%PDF")


def test_a_request_above_the_size_limit_is_refused_before_it_is_read(
    client: Client, live_data: Path, settings: Any
) -> None:
    settings.FORMS_MAX_REQUEST_MB = 1
    big = SimpleUploadedFile("budget.pdf", pdf_bytes() + b"%" + b"x" * (2 * 1024 * 1024))
    response = post(client, "fr", answers(budget_file=big))
    assert response.status_code == 413
    assert "trop volumineux" in response.content.decode()
    assert Submission.objects.count() == 0


def test_altered_carried_answers_are_refused(client: Client, live_data: Path) -> None:
    check = hidden_in(post(client, "en", answers()).content.decode())
    check["answers"] = check["answers"][:-3] + "abc"
    response = client.post(PATH.format(lang="en"), {**check, "step": "confirm"})
    assert response.status_code == 400
    assert "could not be read back" in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "call,lang,message",
    [
        ("upcoming-call", "fr", "sont acceptées à partir du"),
        ("closed-call", "en", "This closed on"),
        ("closed-call", "ar", "انتهى آخر أجل في"),
    ],
)
def test_an_application_before_the_call_opens_or_after_it_closes_is_refused(
    client: Client, live_data: Path, call: str, lang: str, message: str
) -> None:
    upcoming = yaml.safe_load((live_data / "calls" / "open-call.yaml").read_text(encoding="utf-8"))
    opens = clock.now() + timedelta(days=30)
    upcoming.update(id="upcoming-call", opens=opens.isoformat())
    upcoming["closes"] = (opens + timedelta(days=30)).isoformat()
    write_record(live_data / "calls" / "upcoming-call.yaml", upcoming)
    response = post(client, lang, answers(call=call))
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert message.casefold() in html.casefold()
    if call == "upcoming-call":
        assert str(opens.year) in html  # the day it opens, in the page's language
    assert Submission.objects.count() == 0


def test_a_call_that_closes_while_the_answers_are_checked_takes_no_more(
    client: Client, live_data: Path
) -> None:
    # The only call open (whatever the date), so closing it leaves its group of choices
    # empty: the error summary still links somewhere (it raised while rendering).
    (live_data / "calls" / "solidarity-2026.yaml").unlink()
    check = post(client, "en", answers()).content.decode()
    path = live_data / "calls" / "open-call.yaml"
    call = yaml.safe_load(path.read_text(encoding="utf-8"))
    call["closes"] = (clock.now() - timedelta(minutes=1)).isoformat()
    write_record(path, call)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    response = client.post(PATH.format(lang="en"), {**hidden_in(check), "step": "confirm"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This closed on" in page
    assert 'name="call"' not in page and 'href="#id_call"' not in page  # no link to nowhere
    assert Submission.objects.count() == 0


def test_the_form_says_when_no_call_is_open(client: Client, live_data: Path) -> None:
    for name in ("open-call", "solidarity-2026"):
        (live_data / "calls" / f"{name}.yaml").unlink()
    page = client.get(PATH.format(lang="fr")).content.decode()
    assert "Aucun appel à projets ne reçoit de candidatures en ligne" in page
    assert 'name="association_name"' not in page


def test_the_calls_page_link_chooses_the_call(client: Client, live_data: Path) -> None:
    page = client.get(PATH.format(lang="en"), {"call": "open-call"}).content.decode()
    assert 'value="open-call" id="id_call_0" checked' in page or (
        'value="open-call"' in page and "checked" in page
    )
    closed = client.get(PATH.format(lang="en"), {"call": "closed-call"}).content.decode()
    assert "This closed on" in closed


def test_files_checked_but_never_sent_are_cleared_after_a_day(
    client: Client, live_data: Path, settings: Any
) -> None:
    post(client, "en", answers(project_title=""))  # an error: the three files wait
    pending = settings.FORMS_UPLOAD_DIR / "pending"
    waiting = sorted(pending.iterdir())
    assert len(waiting) == 3
    # Written long ago: a day after the epoch is older than a day whatever the clock says
    # (with the clock moved, `faketime` shifts what stat reads but not what utime writes).
    os.utime(waiting[0], (86400, 86400))
    call_command("send_outbox", "--once")
    assert sorted(pending.iterdir()) == waiting[1:]


@pytest.mark.parametrize(
    "amount,budget,lang,message",
    [
        ("500000", "900000", "fr", "entre 30 000 et 300 000 dirhams"),
        ("10000", "900000", "en", "between 30,000 and 300,000 dirhams"),
        ("150000", "200000", "en", "at most 70% of the total budget: here, 140,000 dirhams"),
        ("150000", "200000", "ar", "140.000"),
    ],
)
def test_the_amount_follows_the_calls_rules(
    client: Client, live_data: Path, amount: str, budget: str, lang: str, message: str
) -> None:
    response = post(client, lang, answers(amount_mad=amount, budget_mad=budget))
    html = response.content.decode().replace("&#x27;", "'").replace("\u202f", " ")
    html = html.replace("\xa0", " ")
    assert response.status_code == 400
    assert '<a href="#id_amount_mad">' in html and message in html


def choices(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]+)"', html)


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_form_offers_the_calls_own_priority_areas_only(
    client: Client, live_data: Path, solidarity_call: str, lang: str
) -> None:
    """A call for projects of the support programme: its own priority areas (the test call
    has two of the four), and not the region of Morocco asked of solidarity projects; a
    solidarity development call: no priority area, and that region."""
    support = client.get(PATH.format(lang=lang), {"call": "open-call"}).content.decode()
    assert choices(support, "axis") == ["school-support", "women"]
    assert choices(support, "region") == []
    solidarity = client.get(PATH.format(lang=lang), {"call": solidarity_call}).content.decode()
    assert choices(solidarity, "axis") == [] and 'name="axis"' not in solidarity
    assert len(choices(solidarity, "region")) == 12


def test_without_a_chosen_call_the_priority_areas_of_the_calls_on_offer(
    client: Client, live_data: Path, solidarity_call: str
) -> None:
    """Before a call is chosen, those of every call on offer, and the region asked by the
    solidarity calls among them."""
    page = client.get(PATH.format(lang="en")).content.decode()
    on_offer = set(choices(page, "call"))
    axes = {
        a
        for c in on_offer
        for a in yaml.safe_load((live_data / "calls" / f"{c}.yaml").read_text()).get("axes") or []
    }
    assert set(choices(page, "axis")) == axes and axes
    assert choices(page, "region")


def test_an_application_to_a_solidarity_call_needs_no_priority_area(
    client: Client, live_data: Path, solidarity_call: str
) -> None:
    sent = answers(
        call=solidarity_call, axis=None, region="oriental", amount_mad="60000", budget_mad="150000"
    )
    response = post(client, "fr", sent)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert CHECK["fr"] in response.content.decode()


def test_a_priority_area_the_call_does_not_have_is_refused_in_the_checkers_words(
    client: Client, live_data: Path
) -> None:
    """Not offered, and refused if sent all the same, with the call's rule as the checker
    words it."""
    response = post(client, "en", answers(axis="culture-and-ties"))
    assert response.status_code == 400
    assert "A project in one of the call&#x27;s priority areas." in response.content.decode()


def test_the_checker_asks_for_the_calls_own_priority_areas(
    client: Client, live_data: Path, solidarity_call: str
) -> None:
    checker = "/fr/forms/eligibility/"
    support = client.get(checker, {"call": "open-call"}).content.decode()
    assert re.findall(
        r'<option value="([^"]*)"', support.split('name="axis"', 1)[1].split("</select>", 1)[0]
    ) == ["", "school-support", "women"]
    solidarity = client.get(checker, {"call": solidarity_call}).content.decode()
    assert 'name="axis"' not in solidarity


def test_the_same_answers_confirmed_twice_are_one_application_whose_files_stay(
    client: Client, live_data: Path, settings: Any, staff_accounts: None
) -> None:
    """Two tabs on one "check your answers" page, or a saved form reopened twice: each
    confirm has its own token, the files are the same. The second finds the application
    the first made and shows its confirmation; its files stay where they are, downloadable."""
    check = hidden_in(post(client, "en", answers()).content.decode())
    first = client.post(PATH.format(lang="en"), {**check, "step": "confirm"})
    assert first.status_code == 303
    other_tab = Client()  # its own cookies: the confirmation must be shown to it too
    again = {**check, "token": secrets.token_urlsafe(24), "step": "confirm"}
    second = other_tab.post(PATH.format(lang="en"), again)
    assert second.status_code == 303 and second["Location"] == first["Location"]
    shown = other_tab.get(second["Location"])
    assert shown.status_code == 200
    stored = Submission.objects.get()
    assert stored.reference in shown.content.decode()
    assert Email.objects.count() == 1  # one confirmation email, not two

    files = settings.FORMS_UPLOAD_DIR / "files"
    assert {p.name for p in files.iterdir()} == {a.stored for a in stored.files.all()}
    assert not list((settings.FORMS_UPLOAD_DIR / "pending").iterdir())
    lyon = signed_in("lyon")
    for attachment in stored.files.all():
        download = lyon.get(f"/staff/attachments/{attachment.pk}/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_two_confirms_of_the_same_answers_racing_leave_the_files_to_the_first(
    client: Client, live_data: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second confirm looked for a submission with these files before the first was
    committed (made so here: its first look finds none), so it finds them already in files/
    and its rows refused by the unique index. It answers with the first's confirmation, and
    moves none of the first's files back to pending/."""
    check = hidden_in(post(client, "en", answers()).content.decode())
    first = client.post(PATH.format(lang="en"), {**check, "step": "confirm"})
    looks = iter([None])
    real = storing._already_stored
    monkeypatch.setattr(storing, "_already_stored", lambda *a: next(looks, None) or real(*a))
    again = {**check, "token": secrets.token_urlsafe(24), "step": "confirm"}
    second = client.post(PATH.format(lang="en"), again)
    assert second.status_code == 303 and second["Location"] == first["Location"]
    stored = Submission.objects.get()
    files = settings.FORMS_UPLOAD_DIR / "files"
    assert {p.name for p in files.iterdir()} == {a.stored for a in stored.files.all()}
    assert not list((settings.FORMS_UPLOAD_DIR / "pending").iterdir())


@pytest.mark.parametrize(
    "query",
    [
        {"axis": "x"},
        {"call": "solidarity-2026", "axis": "x"},
        {"call": "open-solidarity", "axis": "school-support"},
        {"call": "open-call", "region": "oriental"},
    ],
)
def test_an_address_choosing_a_field_the_form_does_not_ask_shows_the_form(
    client: Client, live_data: Path, solidarity_call: str, query: dict[str, str]
) -> None:
    """The priority area is not asked when no call in question has any, nor the region of
    Morocco outside the solidarity programme: an address choosing either is ignored."""
    if "axis" in query and "call" not in query:  # no call on offer has priority areas
        (live_data / "calls" / "open-call.yaml").unlink()
        (live_data / "calls" / "support-2030.yaml").unlink(missing_ok=True)
    response = client.get(PATH.format(lang="en"), query)
    assert response.status_code == 200
    assert 'name="association_name"' in response.content.decode()


def test_posts_with_files_are_counted_before_their_files_are_kept(
    client: Client, live_data: Path, settings: Any
) -> None:
    """Each post carrying files counts against its address, with errors or not; over the
    rate it is refused and none of its files is kept: what one address can leave in
    pending/ is bounded."""
    settings.FORMS_RATE_PER_IP = "3/h"
    pending = settings.FORMS_UPLOAD_DIR / "pending"
    codes, kept = [], []
    for _ in range(4):
        codes.append(post(client, "en", answers(project_title="")).status_code)
        kept.append(len(list(pending.iterdir())))
    assert codes == [400, 400, 400, 429]
    assert kept == [3, 6, 9, 9]
    refused = post(client, "en", answers()).content.decode()
    assert "You have sent many forms in a short time" in refused
