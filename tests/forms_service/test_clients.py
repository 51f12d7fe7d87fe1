"""The client's address (forms_service/clients.py): X-Forwarded-For believed only from trusted
proxies (FORMS_TRUSTED_PROXIES), as far as they vouch for it; everything else ignored."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from bench.bench_submissions import free_port, migrate, service_env, start
from forms_service.clients import client_address, trusted_proxies
from tests.forms_service.test_worker_concurrency import post_contact

PROXIES = "127.0.0.1/32, 10.0.0.0/8, ::1/128, 2001:db8:1::/48"


def address(remote: str, forwarded: str | None = None) -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/en/forms/contact/", **meta))


@pytest.fixture
def proxies(settings: Any) -> None:
    settings.FORMS_TRUSTED_PROXIES = PROXIES


def test_nobody_is_trusted_by_default(settings: Any) -> None:
    assert settings.FORMS_TRUSTED_PROXIES == ""
    assert address("127.0.0.1", "203.0.113.7") == "127.0.0.1"
    assert address("198.51.100.4") == "198.51.100.4"


@pytest.mark.usefixtures("proxies")
@pytest.mark.parametrize(
    "remote,forwarded,client",
    [
        # From a proxy that is not trusted, the header is anyone's: ignored.
        ("198.51.100.4", "203.0.113.7", "198.51.100.4"),
        ("10.1.2.3.4", "203.0.113.7", "10.1.2.3.4"),  # not an address: trusted by no network
        # From a trusted proxy: the address it was connected from.
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
        # Through several trusted proxies, the right-most entry that is none of them; what the
        # client wrote to its left (a forged first entry) is never read.
        ("127.0.0.1", "198.51.100.66, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        ("127.0.0.1", "203.0.113.7,10.9.9.9 ,10.0.0.2", "203.0.113.7"),
        ("127.0.0.1", "10.0.0.3, 10.0.0.2", "10.0.0.3"),  # from a trusted machine itself
        ("127.0.0.1", "203.0.113.7, 198.51.100.66", "198.51.100.66"),  # not a trusted hop
        # IPv6, and IPv4 written the IPv6 way (a server listening on [::]).
        ("::1", "2001:db8:99::7", "2001:db8:99::7"),
        ("::1", "2001:db8:99::7, 2001:db8:1::5", "2001:db8:99::7"),
        ("::ffff:127.0.0.1", "203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", "::ffff:203.0.113.7", "203.0.113.7"),
        ("::ffff:198.51.100.4", "203.0.113.7", "198.51.100.4"),
        ("2001:db8:2::1", "203.0.113.7", "2001:db8:2::1"),  # outside the trusted /48
        # Garbage is never trusted, and nothing to its left is believed: the address is the
        # last trusted hop's, the one that passed the garbage on.
        ("127.0.0.1", "garbage", "127.0.0.1"),
        ("127.0.0.1", "203.0.113.7, unknown", "127.0.0.1"),
        ("127.0.0.1", "203.0.113.7, unknown, 10.0.0.2", "10.0.0.2"),
        ("127.0.0.1", "203.0.113.7:4711", "127.0.0.1"),  # a port
        ("127.0.0.1", "[2001:db8:99::7]", "127.0.0.1"),
        ("127.0.0.1", "fe80::1%eth0", "127.0.0.1"),  # a zone: meaningless off its machine
        ("127.0.0.1", "203.0.113.7,,", "127.0.0.1"),
        ("127.0.0.1", "203.0.113.7\n10.0.0.2", "127.0.0.1"),
        ("127.0.0.1", "2001:db8::/64", "127.0.0.1"),  # a network is not an address
        ("127.0.0.1", "x" * 8000, "127.0.0.1"),
        # Garbage the client wrote before its own entry changes nothing.
        ("127.0.0.1", "<script>, 999.1.1.1, 203.0.113.7", "203.0.113.7"),
    ],
)
def test_the_client_behind_trusted_proxies(remote: str, forwarded: str | None, client: str) -> None:
    assert address(remote, forwarded) == client


def test_an_empty_connecting_address_is_a_configuration_error() -> None:
    with pytest.raises(ImproperlyConfigured):
        address("", "203.0.113.7")


def test_entries_of_the_setting_that_are_not_networks_trust_nobody(settings: Any) -> None:
    settings.FORMS_TRUSTED_PROXIES = "127.0.0.1/33, nginx, 10.0.0.1/8, ,198.51.100.0/24"
    networks, malformed = trusted_proxies(settings.FORMS_TRUSTED_PROXIES)
    assert [str(n) for n in networks] == ["198.51.100.0/24"]
    assert malformed == ("127.0.0.1/33", "nginx", "10.0.0.1/8")
    assert address("10.0.0.1", "203.0.113.7") == "10.0.0.1"  # host bits set: not trusted
    assert address("198.51.100.9", "203.0.113.7") == "203.0.113.7"
    said = [m for m in checks.run_checks() if m.id == "forms_service.W001"]
    assert [m.level for m in said] == [checks.WARNING] * 3
    assert "'nginx' is not an address or a network" in said[1].msg


@pytest.mark.parametrize(
    "trusted,second_client",
    [
        ("127.0.0.1/32", 303),  # behind the proxy: two clients, counted apart
        ("", 429),  # the header forged from outside: one client, the connecting address
    ],
)
def test_the_rate_limit_counts_the_client_behind_the_proxy(
    tmp_path: Path, trusted: str, second_client: int
) -> None:
    """Through real HTTP, gunicorn as in production: FORMS_RATE_PER_IP=2/d, two clients that
    X-Forwarded-For tells apart, both connecting from 127.0.0.1 (as nginx on the machine)."""
    env = service_env(tmp_path / "var", "sqlite")
    env.update(
        FORMS_TRUSTED_PROXIES=trusted,
        FORMS_RATE_PER_IP="2/d",  # a day: no window ends during the test
        FORMS_SITE_DIR=str(tmp_path / "no-site"),
    )
    migrate(env)
    port = free_port()
    server = start(env, port, 2)
    try:
        first = [post_contact(port, n, {"X-Forwarded-For": "203.0.113.7"}) for n in range(3)]
        second = post_contact(port, 3, {"X-Forwarded-For": "198.51.100.9"})
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    assert first == [303, 303, 429]
    assert second == second_client
