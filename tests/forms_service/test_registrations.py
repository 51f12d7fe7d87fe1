"""Training registrations count seats and then fill a waiting list; partnership requests
and every other submission that names a host country and a city reach the post covering it."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.test import Client

from forms_service import clock
from forms_service.submissions.models import Email, Submission
from portal_contract import languages, typography
from site_builder.model.i18n import Formats
from tests.forms_service.conftest import write_record
from tests.forms_service.filling import hidden

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_wait(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0


# An association's registration, answered whole.
REGISTRATION = {
    "name_latin": "Amal",
    "country": "FR",
    "city": "Paris",
    "founded": "2012",
    "domains": ["education"],
    "target_groups": ["young-people"],
    "description": "School support.",
    "contact_name": "Amal Benali",
    "email": "amal@example.org",
}


def register(client: Client, lang: str, email: str, training: str = "two-seats") -> Any:
    path = f"/{lang}/forms/training-registration/"
    answers = {
        "training": training,
        "name": "Amal Benali",
        "association_name": "Association Amal",
        "country": "BE",
        "city": "Bruxelles",
        "email": email,
    }
    return client.post(path, {**answers, **hidden(client, path)})


def test_a_full_training_takes_registrations_on_its_waiting_list(
    client: Client, live_data: Path
) -> None:
    form = client.get("/en/forms/training-registration/").content.decode()
    assert "2 seats left" in form
    first, second = register(client, "en", "a@example.org"), register(client, "en", "b@example.org")
    assert (first.status_code, second.status_code) == (303, 303)
    assert (
        "full: you can join the waiting list"
        in client.get("/en/forms/training-registration/").content.decode()
    )
    third = register(client, "fr", "c@example.org")
    page = client.get(third["Location"]).content.decode()
    assert "vous êtes sur sa liste d'attente" in page.replace("&#x27;", "'")
    statuses = dict(Submission.objects.values_list("email", "status"))
    assert statuses == {
        "a@example.org": "received",
        "b@example.org": "received",
        "c@example.org": "waiting-list",
    }
    assert "liste d'attente" in Email.objects.get(to="c@example.org").body
    assert "attente" not in Email.objects.get(to="a@example.org").body


def test_a_seat_given_up_goes_to_the_next_registration(client: Client, live_data: Path) -> None:
    register(client, "ar", "a@example.org")
    register(client, "ar", "b@example.org")
    Submission.objects.filter(email="a@example.org").update(status="withdrawn")
    assert "بقي مقعد واحد" in client.get("/ar/forms/training-registration/").content.decode()
    register(client, "ar", "c@example.org")
    assert Submission.objects.get(email="c@example.org").status == "received"


def test_a_training_whose_registration_closed_is_not_offered(
    client: Client, live_data: Path
) -> None:
    path = live_data / "trainings" / "closed.yaml"
    training = yaml.safe_load((live_data / "trainings" / "two-seats.yaml").read_text("utf-8"))
    yesterday = (clock.now() - timedelta(days=1)).isoformat()
    write_record(path, {**training, "id": "closed", "registration_closes": yesterday})
    page = client.get("/en/forms/training-registration/", {"training": "closed"})
    html = page.content.decode()
    assert 'value="two-seats"' in html and 'value="closed"' not in html
    assert "This closed on" in html
    posted = register(client, "en", "a@example.org", training="closed")
    assert posted.status_code == 400 and "This closed on" in posted.content.decode()


PARTNER = {
    "association_name": "Amal",
    "city": "Marseille",
    "region": "oriental",
    "themes": ["education"],
    "description": "Un projet de bibliothèque scolaire à Berkane.",
    "contact_name": "Amal Benali",
    "email": "amal@example.org",
}


def test_a_partnership_request_from_abroad_needs_its_host_country_and_reaches_its_post(
    client: Client, live_data: Path
) -> None:
    path = "/fr/forms/partnership-request/"
    missing = client.post(path, {**PARTNER, "side": "diaspora", **hidden(client, path)})
    assert missing.status_code == 400
    assert missing.content.decode().count("Choisissez le pays d&#x27;accueil") == 2
    sent = client.post(
        path, {**PARTNER, "side": "diaspora", "country": "FR", **hidden(client, path)}
    )
    assert sent.status_code == 303
    assert Submission.objects.get().post == "marseille"


def test_a_local_association_in_morocco_needs_no_host_country(
    client: Client, live_data: Path
) -> None:
    path = "/ar/forms/partnership-request/"
    local = {**PARTNER, "city": "بركان", "side": "local"}
    assert client.post(path, {**local, **hidden(client, path)}).status_code == 303
    assert Submission.objects.get().post == ""  # no consular post in Morocco


@pytest.mark.parametrize(
    "country,city,post",
    [("FR", "Paris", "paris"), ("FR", "Lyon", "lyon"), ("FR", "Brest", "paris")],
)
def test_a_registration_is_routed_by_country_and_city(
    client: Client, live_data: Path, country: str, city: str, post: str
) -> None:
    path = "/en/forms/association-registration/"
    answers = {**REGISTRATION, "country": country, "city": city}
    assert client.post(path, {**answers, **hidden(client, path)}).status_code == 303
    assert Submission.objects.get().post == post


@pytest.mark.parametrize(
    ("lang", "city"), [("ar", "روتردام، "), ("fr", "Rotterdam, "), ("en", "Rotterdam, ")]
)
def test_a_training_is_offered_with_its_place_and_start_as_the_site_writes_them(
    client: Client, live_data: Path, lang: str, city: str
) -> None:
    path = live_data / "trainings" / "two-seats.yaml"
    training = yaml.safe_load(path.read_text(encoding="utf-8"))
    write_record(path, {**training, "city": "rotterdam", "country": "NL", "format": "in-person"})
    # In the training's own time zone, as both halves write it (not Casablanca's: in Ramadan
    # Morocco's offset differs from Europe's, and the moved clock of `make test-future` finds it).
    zone = ZoneInfo(training.get("timezone", "Africa/Casablanca"))
    starts = datetime.fromisoformat(training["starts"]).astimezone(zone)
    # The site's pages write the start with its offset after it: the same day and time first.
    on_the_site = Formats(lang).datetime(starts)
    written = languages.day_and_time(starts, lang)
    assert on_the_site.startswith(written)
    form = unescape(client.get(f"/{lang}/forms/training-registration/").content.decode())
    assert f"{city}{written}" in typography.striptags(form).replace("\u202f", " ")
