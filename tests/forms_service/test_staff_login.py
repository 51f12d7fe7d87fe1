"""Staff sign-in (forms_service/staff/login.py, attempts.py, sessions.py, `add-totp`): failures
are limited per account and address, per address, and per account for addresses that failed,
so that nobody can lock an account's owner out; a refused sign-in says nothing of which part
was wrong; re-adding a second factor replaces the key and signs the account's sessions out."""

from __future__ import annotations

import re
from base64 import b32decode
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.forms_service.conftest import PASSWORD, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff_accounts")]
WRONG = "not the pass phrase at all"  # pragma: allowlist secret
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture(autouse=True)
def day_long_windows(settings: Any) -> None:
    """The limits count in fixed windows (django-ratelimit's): a day long here, so that none
    ends in the middle of a test and forgets what it counted."""
    settings.STAFF_LOCKOUT_MINUTES = 24 * 60


def sign_in(
    username: str,
    password: str,
    address: str,
    code: str = "",
    lang: str = "en",
    client: Client | None = None,
    forwarded: str = "",
) -> Any:
    """One post of the sign-in form, from `address`, by a browser that asks for `lang`; with
    `forwarded`, `address` is a proxy's, which passes that on as the client's address."""
    proxied = {"X-Forwarded-For": forwarded} if forwarded else {}
    return (client or Client()).post(
        "/staff/login/",
        {"username": username, "password": password, "otp_token": code},
        REMOTE_ADDR=address,
        headers={"Accept-Language": lang, **proxied},
    )


def add_totp(username: str) -> bytes:
    """`forms-service add-totp`, and the key it prints, as an authenticator app reads it."""
    out = StringIO()
    call_command("add-totp", username, stdout=out)
    assert "otpauth://totp/" in out.getvalue()
    (key,) = re.findall(r"^key: ([A-Z2-7=]+)$", out.getvalue(), re.M)
    return b32decode(key)


def code(key: bytes, steps: int = 0) -> str:
    """The app's code for `key` now (`steps` of 30 seconds later): computed just before it is
    posted, and the service also takes the codes of the steps just before and after."""
    totp = TOTP(key)
    totp.time += steps * totp.step
    return f"{totp.token():06d}"


def wrong_code(key: bytes) -> str:
    """A code the service refuses now, whatever step its clock is on."""
    near = {code(key, steps) for steps in range(-2, 3)}
    return next(c for c in (f"{d}" * 6 for d in range(10)) if c not in near)


# Attempts


def test_guesses_from_many_addresses_do_not_lock_the_owner_out() -> None:
    guesses = [sign_in("lyon", WRONG, f"198.51.100.{i}").status_code for i in range(10)]
    assert guesses == [200] * 10
    owner = Client()
    assert sign_in("lyon", PASSWORD, "203.0.113.7", client=owner).status_code == 302
    assert owner.session["_auth_user_id"] == str(User.objects.get(username="lyon").pk)


def test_an_address_that_failed_too_often_waits_even_with_the_right_password() -> None:
    guesses = [sign_in("lyon", WRONG, "198.51.100.1").status_code for _ in range(10)]
    assert guesses == [200] * 10
    assert sign_in("lyon", PASSWORD, "198.51.100.1").status_code == 429
    assert sign_in("lyon", PASSWORD, "203.0.113.7").status_code == 302  # the owner, elsewhere


@pytest.mark.parametrize("given", ["https://evil.example/", "//evil.example/staff/", ""])
def test_a_sign_in_whose_next_leads_elsewhere_lands_on_the_staff_area(given: str) -> None:
    signed = Client().post(
        "/staff/login/",
        {"username": "lyon", "password": PASSWORD, "otp_token": "", "next": given},
        REMOTE_ADDR="203.0.113.7",
    )
    assert (signed.status_code, signed["Location"]) == (302, "/staff/")


def test_a_look_alike_name_is_the_same_account_and_waits_too() -> None:
    """Sign-in reads "ｌｙｏｎ" (full-width) as "lyon" (Django's username field:
    NFKC): counted apart, each look-alike would bring ten more guesses and sign in while the
    name itself waits."""
    guesses = [sign_in("lyon", WRONG, "198.51.100.1").status_code for _ in range(10)]
    assert guesses == [200] * 10
    for alike in ("ｌｙｏｎ", "ＬＹＯＮ", "Lyon"):
        assert sign_in(alike, PASSWORD, "198.51.100.1").status_code == 429, alike
    assert sign_in("ｌｙｏｎ", PASSWORD, "203.0.113.7").status_code == 302  # the owner, elsewhere


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_that_waits(
    settings: Any,
) -> None:
    """Through the reverse proxy every sign-in connects from 127.0.0.1: counted by that, one
    guesser would lock every member of staff out."""
    settings.FORMS_TRUSTED_PROXIES = "127.0.0.1/32"
    guesses = [sign_in("lyon", WRONG, "127.0.0.1", forwarded="198.51.100.1") for _ in range(10)]
    assert [g.status_code for g in guesses] == [200] * 10
    assert sign_in("lyon", PASSWORD, "127.0.0.1", forwarded="198.51.100.1").status_code == 429
    assert sign_in("lyon", PASSWORD, "127.0.0.1", forwarded="203.0.113.7").status_code == 302


def test_once_an_account_has_many_failures_addresses_that_failed_wait(settings: Any) -> None:
    """Guessing from many addresses stays bounded: past the account's cap, each address has
    one guess, then waits; an address that has not failed still signs in."""
    settings.STAFF_LOGIN_ATTEMPTS = 3
    assert [sign_in("paris", WRONG, f"198.51.100.{i}").status_code for i in range(3)] == [200] * 3
    assert sign_in("paris", PASSWORD, "198.51.100.0").status_code == 429
    assert sign_in("paris", WRONG, "198.51.100.9").status_code == 200  # its one guess
    assert sign_in("paris", WRONG, "198.51.100.9").status_code == 429
    assert sign_in("lyon", PASSWORD, "198.51.100.9").status_code == 302  # not lyon's cap
    assert sign_in("paris", PASSWORD, "203.0.113.7").status_code == 302


def test_an_address_that_failed_on_many_accounts_waits(settings: Any) -> None:
    settings.STAFF_LOGIN_ATTEMPTS_PER_ADDRESS = 4
    for username in ("lyon", "lyon", "paris", "auditor"):
        assert sign_in(username, WRONG, "198.51.100.1").status_code == 200
    assert sign_in("ministry", PASSWORD, "198.51.100.1").status_code == 429
    assert sign_in("ministry", PASSWORD, "198.51.100.2").status_code == 302


@pytest.mark.parametrize(
    "lang,text",
    [
        ("ar", "محاولات دخول كثيرة. حفاظا على أمان حسابكم، انتظروا 1440 دقيقة"),
        ("fr", "Trop de tentatives de connexion. Pour la sécurité de votre compte, attendez 1440"),
    ],
)
def test_the_wait_is_said_in_the_staffs_language(settings: Any, lang: str, text: str) -> None:
    settings.STAFF_LOGIN_ATTEMPTS = 3
    for _ in range(3):
        sign_in("lyon", WRONG, "198.51.100.1", lang=lang)
    locked = sign_in("lyon", PASSWORD, "198.51.100.1", lang=lang)
    assert locked.status_code == 429 and text in locked.content.decode()


# The second factor


@pytest.mark.parametrize(
    "lang,text",
    [
        ("ar", "تعذر الدخول: تحققوا من اسم المستخدم وكلمة المرور"),
        (
            "fr",
            "Connexion refusée\u202f: vérifiez votre nom d&#x27;utilisateur et votre mot de passe",
        ),
    ],
)
def test_a_refused_sign_in_does_not_say_which_part_was_wrong(lang: str, text: str) -> None:
    key = add_totp("ministry")
    attempts = {
        "wrong password": (WRONG, ""),
        "no code": (PASSWORD, ""),
        "wrong code": (PASSWORD, wrong_code(key)),
    }
    pages = {}
    for i, (case, (password, otp)) in enumerate(attempts.items()):
        client = Client()
        response = sign_in("ministry", password, f"198.51.100.{i}", otp, lang, client)
        assert response.status_code == 200 and "_auth_user_id" not in client.session, case
        pages[case] = CSRF.sub("", response.content.decode())
    assert pages["no code"] == pages["wrong password"]
    assert pages["wrong code"] == pages["wrong password"]
    assert text in pages["wrong password"]


def test_a_second_factor_once_set_is_required() -> None:
    key = add_totp("ministry")
    assert sign_in("ministry", PASSWORD, "198.51.100.1").status_code == 200
    client = Client()
    signed = sign_in("ministry", PASSWORD, "198.51.100.1", code(key), client=client)
    assert signed.status_code == 302 and "_auth_user_id" in client.session
    # an account without a second factor signs in with its password alone
    assert sign_in("lyon", PASSWORD, "198.51.100.1").status_code == 302


# add-totp


def test_adding_the_second_factor_again_replaces_the_key(settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # which key is taken, not how fast refusals come
    old = add_totp("ministry")
    new = add_totp("ministry")
    user = User.objects.get(username="ministry")
    (device,) = devices_for_user(user, confirmed=None)
    assert isinstance(device, TOTPDevice) and device.confirmed and device.bin_key == new
    assert sign_in("ministry", PASSWORD, "198.51.100.1", code(old)).status_code == 200
    assert sign_in("ministry", PASSWORD, "198.51.100.1", code(new)).status_code == 302


def test_adding_a_second_factor_signs_the_accounts_sessions_out() -> None:
    before = signed_in("ministry")  # with its password: it had no second factor then
    assert before.get("/staff/").status_code == 200
    key = add_totp("ministry")
    assert before.get("/staff/").status_code == 302
    assert "_auth_user_id" not in before.session
    with_code = Client()
    sign_in("ministry", PASSWORD, "198.51.100.1", code(key), client=with_code)
    assert with_code.get("/staff/").status_code == 200
    add_totp("ministry")  # a new key, e.g. the phone was lost
    response = with_code.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")
    assert "_auth_user_id" not in with_code.session
    assert signed_in("lyon").get("/staff/").status_code == 200  # other accounts stay


def test_a_staff_session_ends_an_hour_after_its_last_request(settings: Any) -> None:
    """Not two weeks after sign-in (Django's default): a shared computer left signed in
    does not keep the applicants' files open to the next person."""
    lyon = signed_in("lyon")
    page = lyon.get("/staff/")
    assert page.status_code == 200
    assert page.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 60 * 60
    (session,) = Session.objects.all()
    left = session.expire_date - timezone.now()
    assert timedelta(minutes=59) < left <= timedelta(minutes=60)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert lyon.get("/staff/")["Location"].startswith("/staff/login/")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ar", "تسجيل الدخول غير متاح مؤقتا"),
        ("fr", "La connexion est momentanément indisponible"),
        ("en", "Sign-in is unavailable for a moment"),
    ],
)
def test_a_sign_in_the_counters_cannot_count_is_refused_not_let_through(
    silent_redis: None, settings: Any, lang: str, text: str
) -> None:
    """Redis silent: failures could not be counted, so no password is tried at all."""
    settings.FORMS_STAFF_LANGUAGE = lang
    page = sign_in("ministry", PASSWORD, "203.0.113.9", lang=lang)
    assert page.status_code == 503 and text in page.content.decode()
    assert "_auth_user_id" not in page.client.session
