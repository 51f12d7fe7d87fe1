"""A browser's requests to https://portal.test, made to nginx on 127.0.0.1:<port>: the host
name in SNI and in the Host header (no /etc/hosts), the test's own certificate trusted, the
connection made from a chosen loopback address (the client address nginx sees: 127.0.0.2
is another client than 127.0.0.1), cookies kept."""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import urllib.parse
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

HOST = "portal.test"
ORIGIN = f"https://{HOST}"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return str(self.headers.get(name, ""))

    def all(self, name: str) -> list[str]:
        return [str(v) for v in self.headers.get_all(name) or []]


class _Connection(http.client.HTTPSConnection):
    def __init__(self, port: int, context: ssl.SSLContext, source: str) -> None:
        super().__init__(HOST, port, context=context, timeout=60)
        self.tls, self.source = context, (source, 0)

    def connect(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout, self.source)
        self.sock = self.tls.wrap_socket(sock, server_hostname=HOST)


@dataclass
class Browser:
    port: int
    certificate: Path
    source: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)
    _connection: _Connection | None = None

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        sent = {"Host": HOST, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self._connection is None:
            context = ssl.create_default_context(cafile=str(self.certificate))
            self._connection = _Connection(self.port, context, self.source)
        try:
            self._connection.request(method, path, body=body, headers=sent)
            answer = self._connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        except (OSError, http.client.HTTPException):
            self.close()  # a kept-alive connection nginx closed: the next request opens one
            raise
        if answer.will_close:
            self.close()
        self._keep(response)
        return response

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, headers=headers)

    def post(
        self, path: str, fields: dict[str, str] | list[tuple[str, str]], **headers: str
    ) -> Response:
        """A form posted as a browser on the portal's page posts it (Origin, as CSRF wants)."""
        body = urllib.parse.urlencode(fields).encode()
        kind = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body, {"Origin": ORIGIN, **kind, **headers})

    def post_multipart(self, path: str, body: bytes, kind: str) -> Response:
        return self.request("POST", path, body, {"Origin": ORIGIN, "Content-Type": kind})

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _keep(self, response: Response) -> None:
        for cookie in response.all("Set-Cookie"):
            pair, _, attributes = cookie.partition(";")
            name, _, value = pair.strip().partition("=")
            if re.search(r"max-age=0\b", attributes, re.I):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value


def csrf(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)
