"""The shipped nginx configuration at its edges, with no service behind it: requests for
another host name get nothing, no file whose name starts with a dot is served, and the log keeps
no secret a path carries."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy import nginx
from tests.deploy.https import HOST, Browser
from tests.deploy.processes import group, wait


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[nginx.Nginx, Path]]:
    """nginx over a release of a few files, among them what must never be served."""
    binary = nginx.require_nginx()
    root = tmp_path_factory.mktemp("edges")
    current = root / "host" / "current"
    files = {
        "404.html": "<p>404</p>",
        "50x.html": "<p>indisponibles</p>",
        "fr/404.html": "<p>introuvable</p>",
        "fr/index.html": "<p>accueil</p>",
        "fr/.site-builder/fr.ledger.json": "{}",
        ".git/config": "[remote]",
        ".env": "SECRET=1",
        ".well-known/security.txt": "Contact: mailto:security@portal.test",
    }
    for name, text in files.items():
        (current / name).parent.mkdir(parents=True, exist_ok=True)
        (current / name).write_text(text, encoding="utf-8")
    tls = nginx.certificate(root / "tls", HOST)
    with group(root / "logs") as processes:
        found = nginx.configure(root / "nginx", root / "host", ["127.0.0.1:9"], tls, binary)
        nginx.start(found, binary, processes)
        yield found, tls[0]


@pytest.mark.parametrize("path", ["/.git/config", "/.env", "/fr/.site-builder/fr.ledger.json"])
def test_no_file_whose_name_starts_with_a_dot_is_served(
    server: tuple[nginx.Nginx, Path], path: str
) -> None:
    found, certificate = server
    answer = Browser(found.https_port, certificate).get(path)
    assert answer.status == 404
    assert "introuvable" in answer.text if path.startswith("/fr/") else "404" in answer.text
    assert answer.header("X-Content-Type-Options") == "nosniff"


def test_the_well_known_folder_is_served(server: tuple[nginx.Nginx, Path]) -> None:
    found, certificate = server
    answer = Browser(found.https_port, certificate).get("/.well-known/security.txt")
    assert answer.status == 200 and answer.text.startswith("Contact:")


def test_plain_http_for_another_name_gets_no_answer(server: tuple[nginx.Nginx, Path]) -> None:
    found, _ = server
    connection = http.client.HTTPConnection("127.0.0.1", found.http_port, timeout=10)
    connection.request("GET", "/fr/", headers={"Host": "evil.example"})
    with pytest.raises(http.client.RemoteDisconnected):
        connection.getresponse()
    connection.close()


def test_plain_http_for_the_portal_is_sent_to_its_own_name(
    server: tuple[nginx.Nginx, Path],
) -> None:
    found, _ = server
    connection = http.client.HTTPConnection("127.0.0.1", found.http_port, timeout=10)
    connection.request("GET", "/fr/", headers={"Host": f"{HOST}:{found.http_port}"})
    answer = connection.getresponse()
    assert answer.status == 301 and answer.getheader("Location") == f"https://{HOST}/fr/"
    connection.close()


def test_tls_for_another_name_is_refused(server: tuple[nginx.Nginx, Path]) -> None:
    found, _ = server
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with (
        socket.create_connection(("127.0.0.1", found.https_port), timeout=10) as sock,
        pytest.raises(ssl.SSLError),
    ):
        context.wrap_socket(sock, server_hostname="evil.example")


def test_https_with_another_host_header_gets_no_answer(
    server: tuple[nginx.Nginx, Path],
) -> None:
    found, certificate = server
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        Browser(found.https_port, certificate).get("/fr/", Host="evil.example")


def test_a_client_that_sends_its_headers_slowly_is_cut_off(
    server: tuple[nginx.Nginx, Path],
) -> None:
    """Slowloris: a request's headers trickled in to hold a connection; cut off after 10 s,
    not nginx's default minute."""
    found, _ = server
    with socket.create_connection(("127.0.0.1", found.http_port), timeout=30) as sock:
        sock.sendall(f"GET /fr/ HTTP/1.1\r\nHost: {HOST}\r\n".encode())
        started = time.monotonic()
        assert sock.recv(1024) == b""  # closed unanswered
        assert time.monotonic() - started < 15


@pytest.mark.parametrize("path", ["/fr/forms/contact/", "/staff/"])
def test_the_service_down_shows_the_sites_page_with_its_headers(
    server: tuple[nginx.Nginx, Path], path: str
) -> None:
    """Nothing listens where the service should be (127.0.0.1:9)."""
    found, certificate = server
    answer = Browser(found.https_port, certificate).get(path)
    assert answer.status == 502 and "indisponibles" in answer.text
    assert answer.header("X-Content-Type-Options") == "nosniff"
    assert "default-src" in answer.header("Content-Security-Policy")


@pytest.mark.parametrize(
    "path",
    [
        "/fr/forms/project-application/resume/{}/",
        "/en/forms/alerts/confirm/{}/",
        "/ar/forms/alerts/unsubscribe/{}/?lang=ar",
    ],
)
def test_a_secret_in_the_path_is_not_logged(server: tuple[nginx.Nginx, Path], path: str) -> None:
    """A draft's link, an alert's confirm and stop links: the log has [secret] in their place
    (as the service's own log), and never the query string."""
    found, certificate = server
    secret = "Zq8Wn3kVb5TfLr2Hx9YmCd4Pj7Ge6Sa"  # pragma: allowlist secret
    Browser(found.https_port, certificate).get(path.format(secret))
    logged = path.split("?")[0].format("[secret]")
    seen = wait(lambda: logged in found.access_log(), 5)
    assert seen, found.access_log()[-2000:]
    assert secret not in found.access_log() and "lang=ar" not in found.access_log()
