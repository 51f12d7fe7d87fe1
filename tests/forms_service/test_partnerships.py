"""Answering a partnership request: the message reaches the request's authors by email,
at the address their request was sent from, which nobody else sees; with the sender's address
to reply to; in the authors' language. A request published by hand goes to the staff."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

from forms_service import clock, definitions
from forms_service.submissions.models import Publication, Submission
from forms_service.worker.outbox import send_due
from portal_contract import typography
from tests.forms_service.conftest import Smtp, write_record
from tests.forms_service.filling import hidden, send, valid_answers

pytestmark = pytest.mark.django_db
AUTHOR = "jusoor.secret@example.org"
REPLIER = "amal@example.org"
FORWARDED = {
    "ar": "يرد Amal على طلب الشراكة",
    "fr": "Amal répond à votre demande de partenariat",
    "en": "Amal answers your partnership request",
}


@pytest.fixture(autouse=True)
def quick(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    settings.FORMS_STAFF_EMAIL = "staff@example.org"


def published(
    data: Path, key: str, lang: str, name: str = "Association Jusoor Lille", city: str = "Lille"
) -> None:
    """A request sent through the form, approved, and published as data/partnerships/<key>."""
    request = Submission.objects.create(
        reference="PAR-2345-6789",
        token="t-" + key,
        form_id="partnership-request",
        lang=lang,
        email=AUTHOR,
        answers={"association_name": "Jusoor Lille", "email": AUTHOR},
        status="approved",
    )
    Publication.objects.create(
        submission=request,
        path=f"data/partnerships/{key}.yaml",
        content="",
        message="Add partnership",
        branch=f"submissions/{request.reference}",
        author_name="Staff",
        author_email="staff@example.org",
        next_try=clock.now(),
        done=clock.now(),
    )
    record = {
        "id": key,
        "side": "diaspora",
        "name": name,
        "country": "FR",
        "city": city,
        "region": "oriental",
        "themes": ["education"],
        "description": {"fr": "Une bibliothèque scolaire."},
        "consent": True,
        "updated": "2026-11-20",
    }
    write_record(data / "partnerships" / f"{key}.yaml", record)


UNCHECKED = {
    "ar": "لم تتحقق البوابة من هوية كاتب هذه الرسالة.",
    "fr": "Le portail n'a pas vérifié qui a écrit ce message.",
    "en": "The portal has not checked who wrote this message.",
}


def reply(client: Client, lang: str, data: Path, key: str) -> str:
    answers = valid_answers(definitions.load(data)["partnership-reply"], lang, data)
    answers.update({"partnership": key, "message": "Nous aimerions travailler avec vous."})
    answers.update({"city": "lille", "country": "FR"})  # as typed
    return unescape(send(client, lang, "partnership-reply", answers))


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_an_answer_reaches_the_authors_and_only_they_see_their_address(
    client: Client, smtp: Smtp, live_data: Path, lang: str
) -> None:
    published(live_data, "jusoor-2027", lang)
    form = unescape(
        client.get(f"/{lang}/forms/partnership-reply/?partnership=jusoor-2027").content.decode()
    )
    assert 'value="jusoor-2027" selected' in form  # the request it was opened from
    page = reply(client, lang, live_data, "jusoor-2027")
    assert AUTHOR not in page and AUTHOR not in form
    assert send_due() == (2, 0)
    (forward,) = [m for m in smtp.inbox.messages if m["To"] == AUTHOR]
    (confirmation,) = [m for m in smtp.inbox.messages if m["To"] == REPLIER]
    assert AUTHOR not in confirmation.get_content()
    # The copy goes to whatever address was typed: it does not carry the message on.
    assert "Nous aimerions travailler avec vous." not in confirmation.get_content()
    body = forward.get_content()
    assert FORWARDED[lang] in body and "Nous aimerions travailler avec vous." in body
    assert UNCHECKED[lang] in body  # anyone can sign "the ministry": the authors are told
    assert REPLIER in body and forward["Reply-To"] == REPLIER
    # The place in the authors' language, as the site names it (taxonomies/cities.yaml, CLDR).
    place = {"ar": "ليل، فرنسا", "fr": "Lille, France", "en": "Lille, France"}[lang]
    assert f"{_place_label(lang)} {place}" in body.splitlines()


def test_an_answer_to_a_request_with_the_longest_name_and_city_is_sent(
    client: Client, smtp: Smtp, live_data: Path
) -> None:
    """The subject names the request (its name and city, up to 200 and 100 characters by the
    schema): longer than the outbox's subject, it is shortened, not refused by PostgreSQL
    with the answer lost."""
    name = ("Association pour la solidarité et le développement de la région " * 4)[:200]
    city = ("Saint-Rémy-de-Provence " * 5)[:100]
    published(live_data, "longest", "fr", name=name, city=city)
    page = reply(client, "fr", live_data, "longest")
    assert Submission.objects.get(form_id="partnership-reply").reference in page  # received
    assert send_due() == (2, 0)
    (forward,) = [m for m in smtp.inbox.messages if m["To"] == AUTHOR]
    subject = " ".join(str(forward["Subject"]).split())  # unfolded
    assert len(subject) == 200 and subject.endswith("…")
    assert subject.startswith("Une réponse à votre demande de partenariat")


def _place_label(lang: str) -> str:
    with translation.override(lang):
        return typography.spaced_in(_("Place:"), lang)


def test_a_request_published_by_hand_goes_to_the_staff(
    client: Client, smtp: Smtp, live_data: Path
) -> None:
    reply(client, "en", live_data, "jusoor-lille-oriental")  # a sample, with no submission
    send_due()
    (forward,) = [m for m in smtp.inbox.messages if m["To"] == "staff@example.org"]
    assert "published by hand" not in forward.get_content()  # in French, the staff's language
    assert "publiée à la main" in forward.get_content()
    assert forward["Reply-To"] == REPLIER


def test_the_staff_get_it_in_the_language_the_operator_set(
    client: Client, smtp: Smtp, live_data: Path, settings: Any
) -> None:
    settings.FORMS_STAFF_LANGUAGE = "ar"  # FORMS_STAFF_LANGUAGE=ar
    reply(client, "en", live_data, "jusoor-lille-oriental")
    send_due()
    (forward,) = [m for m in smtp.inbox.messages if m["To"] == "staff@example.org"]
    with translation.override("ar"):
        said = _("The service does not know the address of this request's authors (it was"
                 " published by hand): please pass this message on to them.")  # fmt: skip
    assert said in forward.get_content() and "publiée à la main" not in forward.get_content()


def test_an_unknown_request_or_no_consent_is_refused_next_to_its_field(
    client: Client, live_data: Path
) -> None:
    path = "/fr/forms/partnership-reply/"
    answers = valid_answers(definitions.load(live_data)["partnership-reply"], "fr", live_data)
    answers.update({"partnership": "no-such-request"})
    answers.pop("consent")
    page = client.post(path, {**answers, **hidden(client, path)})
    html = unescape(page.content.decode())
    assert page.status_code == 400 and not Submission.objects.exists()
    assert "Acceptez que votre message soit transmis aux auteurs de la demande" in html
    invalid = re.findall(r'aria-invalid="true"[^>]*id="id_(\w+)"', html)
    assert set(invalid) == {"partnership", "consent"}
