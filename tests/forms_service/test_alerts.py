"""Email alerts: a journey in each language (subscribe, confirm from the email, receive what
is new, once), through a real SMTP server; the subscriber's choices; one-click unsubscribe
without signing in (RFC 8058); links that expire; errors in the page's language."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading
from datetime import timedelta
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.test import Client

from forms_service import clock
from forms_service.alerts.models import Subscription, purge_unconfirmed
from forms_service.alerts.notify import notify
from forms_service.submissions.models import Email
from forms_service.worker.outbox import send_due
from tests.forms_service.conftest import Smtp, write_record

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://127\.0\.0\.1:8000(/\w\w/forms/alerts/\w+/[\w-]+/)")
CONFIRMED = {"ar": "تنبيهاتكم مفعلة", "fr": "Vos alertes sont activées", "en": "Your alerts are on"}
CALL_WORD = {"ar": "طلب مشاريع", "fr": "Appel à projets", "en": "Call for projects"}


@pytest.fixture(autouse=True)
def quick(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    settings.PORTAL_ORIGIN = "http://127.0.0.1:8000"


def subscribe(client: Client, lang: str, **choices: Any) -> str:
    """The subscription form as a person sends it; the page's text."""
    form = client.get(f"/{lang}/forms/alerts/").content.decode()
    started = re.search(r'name="started" value="([^"]+)"', form)
    assert started
    answers = {"email": "amal@example.org", "kinds": ["calls", "trainings"], "lang": lang}
    answers.update(choices)
    page = client.post(f"/{lang}/forms/alerts/", {**answers, "started": started.group(1)})
    return unescape(page.content.decode())


def follow(client: Client, mail_body: str) -> tuple[str, str]:
    """The link in an email, opened (GET) then its button pressed (POST): both pages."""
    found = LINK.search(mail_body)
    assert found, mail_body
    shown = unescape(client.get(found.group(1)).content.decode())
    pressed = unescape(client.post(found.group(1)).content.decode())
    return shown, pressed


def add_call(data: Path, name: str, **changes: Any) -> None:
    now = clock.now()
    call = yaml.safe_load((data / "calls" / "open-call.yaml").read_text(encoding="utf-8"))
    window = {"opens": now.isoformat(), "closes": (now + timedelta(days=20)).isoformat()}
    write_record(data / "calls" / f"{name}.yaml", {**call, "id": name, **window, **changes})


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_subscribe_confirm_and_receive_what_is_new_once(
    client: Client, smtp: Smtp, live_data: Path, lang: str
) -> None:
    page = subscribe(client, lang)
    assert "amal@example.org" in page
    notify(live_data)  # nothing is sent before the address is confirmed
    assert send_due() == (1, 0)
    (ask,) = smtp.inbox.messages
    assert ask["To"] == "amal@example.org"
    shown, pressed = follow(client, ask.get_content())
    assert "amal@example.org" in shown and CONFIRMED[lang] not in shown
    assert CONFIRMED[lang] in pressed

    add_call(live_data, "new-call")
    said = io.StringIO()
    call_command("notify", stdout=said)  # queues and sends
    assert "alert emails queued: 1" in said.getvalue()
    (_ask, alert) = smtp.inbox.messages
    body = alert.get_content()
    # What was already there when the first run saw it is not new: only the new call.
    assert f"http://127.0.0.1:8000/{lang}/calls/new-call/" in body
    assert "/calls/open-call/" not in body and CALL_WORD[lang] in body
    stop = LINK.search(body)
    assert stop and "/unsubscribe/" in stop.group(1)
    # (A long header is folded onto a second line: unfolded, it keeps a leading space.)
    assert alert["List-Unsubscribe"].strip() == f"<http://127.0.0.1:8000{stop.group(1)}>"
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    call_command("notify", stdout=said)  # a second run: nothing new
    assert said.getvalue().endswith("alert emails queued: 0\nemails: sent 0, failed 0\n")
    notify(live_data)
    assert send_due() == (0, 0) and len(smtp.inbox.messages) == 2


def test_the_confirmation_link_is_not_kept_once_sent(
    client: Client, smtp: Smtp, live_data: Path
) -> None:
    """The confirmation link is redacted from the outbox once sent; an alert's unsubscribe
    link is not a secret (RFC 8058 puts it in a header for mail programs) and stays."""
    subscribe(client, "fr")
    assert send_due() == (1, 0)
    (ask,) = smtp.inbox.messages
    link = LINK.search(ask.get_content())
    assert link and "/confirm/" in link.group(1)  # the person received it
    (kept,) = Email.objects.all()
    assert kept.sent is not None and link.group(1) not in kept.body
    assert "/confirm/" not in kept.body
    client.post(link.group(1))
    add_call(live_data, "new-call")
    notify(live_data)
    assert send_due() == (1, 0)
    alert = Email.objects.exclude(pk=kept.pk).get()
    assert alert.sent is not None and "/unsubscribe/" in alert.body


def confirmed(**choices: Any) -> Subscription:
    values: dict[str, Any] = {"email": "a@example.org", "lang": "fr", "kinds": ["calls"]}
    return Subscription.objects.create(**{**values, **choices}, confirmed=clock.now())


def told(sub: Subscription) -> set[str]:
    return {a.key for a in sub.alerts.all()}


def test_each_subscriber_is_told_what_they_chose(live_data: Path) -> None:
    notify(live_data)  # what the sample holds is seen; from now on, only changes are new
    everything = confirmed(kinds=["calls", "trainings"])
    trainings = confirmed(kinds=["trainings"])
    women = confirmed(axes=["women"])
    school = confirmed(axes=["school-support"])
    belgium = confirmed(kinds=["calls", "trainings"], country="BE")
    france = confirmed(kinds=["calls", "trainings"], country="FR")
    solidarity = confirmed(programmes=["solidarity-development"])
    unconfirmed = Subscription.objects.create(email="b@example.org", lang="ar", kinds=["calls"])
    add_call(
        live_data,
        "women-in-france",
        axes=["women"],
        eligibility={"min_years_registered": 1, "host_countries": ["FR"]},
    )
    training = yaml.safe_load(
        (live_data / "trainings" / "two-seats.yaml").read_text(encoding="utf-8")
    )
    write_record(
        live_data / "trainings" / "in-brussels.yaml",
        {**training, "id": "in-brussels", "country": "BE", "city": "Bruxelles"},
    )
    result = notify(live_data)
    assert result.new == 2
    assert told(everything) == {"women-in-france", "in-brussels"}
    assert told(trainings) == {"in-brussels"}
    assert told(women) == {"women-in-france"} and told(school) == set()
    assert told(france) == {"women-in-france"} and told(belgium) == {"in-brussels"}
    assert told(solidarity) == set() and told(unconfirmed) == set()
    # One email per subscriber and run, however many items it tells.
    assert Email.objects.filter(to="a@example.org").count() == 5
    assert notify(live_data).emails == 0


def test_one_click_unsubscribe_needs_no_sign_in(live_data: Path, smtp: Smtp) -> None:
    notify(live_data)
    sub = confirmed()
    add_call(live_data, "first")
    notify(live_data)
    (email,) = Email.objects.filter(to=sub.email)
    url = email.headers["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")
    # As a mail program sends it (RFC 8058): no cookie, no form token, this body only.
    mail_program = Client(enforce_csrf_checks=True)
    answer = mail_program.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 200
    assert not Subscription.objects.filter(pk=sub.pk).exists()
    add_call(live_data, "second")
    assert notify(live_data).emails == 0
    # The link again (a second click, or another program): the same calm answer.
    assert (
        mail_program.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )


def test_unsubscribing_deletes_the_address_everywhere(
    client: Client, smtp: Smtp, live_data: Path
) -> None:
    """ "Your address has been deleted" is true: the confirmation and every alert, sent or
    still waiting, go with the subscription, and a waiting alert is never sent."""
    subscribe(client, "fr")
    notify(live_data)  # the sample's calls, seen
    assert send_due() == (1, 0)
    follow(client, smtp.inbox.messages[0].get_content())
    add_call(live_data, "first")
    notify(live_data)
    assert send_due() == (1, 0)  # one alert sent
    add_call(live_data, "second")
    notify(live_data)  # a second alert, waiting in the outbox
    sub = Subscription.objects.get()
    assert Email.objects.filter(to=sub.email).count() == 3
    client.post(f"/fr/forms/alerts/unsubscribe/{sub.token}/")
    assert not Email.objects.filter(to=sub.email).exists()
    assert send_due() == (0, 0) and len(smtp.inbox.messages) == 2


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_unsubscribe_from_the_link_in_a_browser(client: Client, live_data: Path, lang: str) -> None:
    sub = confirmed(lang=lang)
    shown = unescape(client.get(f"/{lang}/forms/alerts/unsubscribe/{sub.token}/").content.decode())
    assert sub.email in shown and Subscription.objects.filter(pk=sub.pk).exists()
    gone = client.post(f"/{lang}/forms/alerts/unsubscribe/{sub.token}/")
    assert gone.status_code == 200 and not Subscription.objects.filter(pk=sub.pk).exists()


def test_a_confirmation_link_expires_and_is_purged(client: Client, settings: Any) -> None:
    old = Subscription.objects.create(email="c@example.org", lang="en", kinds=["calls"])
    Subscription.objects.filter(pk=old.pk).update(created=clock.now() - timedelta(days=8))
    fresh = Subscription.objects.create(email="d@example.org", lang="en", kinds=["calls"])
    page = client.post(f"/en/forms/alerts/confirm/{old.token}/")
    assert page.status_code == 404 and "does not work any more" in page.content.decode()
    assert client.get("/en/forms/alerts/confirm/not-a-token/").status_code == 404
    assert purge_unconfirmed(settings.ALERTS_CONFIRM_DAYS, clock.now()) == 1
    assert list(Subscription.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_errors_next_to_the_fields_in_the_page_language(client: Client, live_data: Path) -> None:
    page = subscribe(client, "ar", email="not an address", kinds=[])
    # Django's own messages, in Arabic, each in its field's group.
    assert re.search(r'id="id_kinds_error"[^>]*>.*?هذا الحقل مطلوب', page, re.S)
    assert re.search(r'id="id_email_error"[^>]*>.*?أدخِل عنوان بريد إلكتروني صحيح', page, re.S)
    assert 'value="not an address"' in page  # what was typed is kept
    assert Subscription.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_each_alert_once(live_data: Path) -> None:
    """As when a publish and a timer start `notify` together: each run in its own thread and
    database connection; one announces the new call, the other finds it announced."""
    if connection.vendor == "sqlite":  # in memory here, where SQLite locks tables at once
        pytest.skip("SQLite: see test_two_processes_on_one_database_file_send_each_alert_once")
    notify(live_data)
    sub = confirmed()
    add_call(live_data, "raced")
    start = threading.Barrier(2)
    results: list[int] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            results.append(notify(live_data).emails)
        except BaseException as exc:  # reported below, with the other run's result
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert sorted(results) == [0, 1]
    assert told(sub) == {"raced"} and Email.objects.filter(to=sub.email).count() == 1


def test_two_processes_on_one_database_file_send_each_alert_once(
    tmp_path: Path, live_data: Path, smtp: Smtp
) -> None:
    """`forms-service notify` twice at once, as two processes on a real SQLite file."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "FORMS_VAR_DIR": str(tmp_path / "var"),
        "PORTAL_DATA_DIR": str(live_data),
        "FORMS_SMTP_PORT": str(smtp.port),
        "FORMS_SITE_DIR": str(tmp_path / "no-site"),
    }
    service = [sys.executable, "-m", "forms_service.manage"]

    def run(*args: str) -> str:
        done = subprocess.run([*service, *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("migrate", "--verbosity", "0")
    run("notify")  # the sample's items, seen
    code = "from django.utils import timezone; from forms_service.alerts.models import "
    code += "Subscription as S; S.objects.create(email='e@example.org', lang='fr', "
    code += "kinds=['calls'], confirmed=timezone.now())"
    run("shell", "-c", code)
    add_call(live_data, "raced")
    both = [
        subprocess.Popen([*service, "notify"], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in both]
    assert [p.returncode for p in both] == [0, 0]
    queued = sorted(int(re.findall(r"queued: (\d+)", out)[0]) for out in outputs)
    assert queued == [0, 1]
    assert [m["To"] for m in smtp.inbox.messages] == ["e@example.org"]
