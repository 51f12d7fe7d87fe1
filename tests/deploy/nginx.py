"""nginx with the shipped configuration (deploy/nginx/), rendered for a test's ports and
paths by `python -m deploy.render`, as an operator renders it, and run in the foreground
with its own prefix, pid file, logs and temporary files. Skipped where nginx is not
installed, except where it is required (REQUIRE_NGINX=1, as in CI), where it fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.deploy.https import HOST
from tests.deploy.processes import Group, base_env, free_port, wait_for_port

SHIPPED = REPO / "deploy" / "nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")  # Debian's, which the site file adds to


def require_nginx() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if Path(p).exists()), None
    )
    if found and MIME_TYPES.exists():
        return found
    if os.environ.get("REQUIRE_NGINX") == "1":
        pytest.fail("nginx (Debian's package, /etc/nginx/mime.types) is required here")
    pytest.skip("nginx is not installed")


def certificate(folder: Path, host: str) -> tuple[Path, Path]:
    """A self-signed certificate for `host` (its own authority, which the clients trust)."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={host}",
         "-addext", f"subjectAltName=DNS:{host}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass(frozen=True)
class Nginx:
    prefix: Path
    http_port: int
    https_port: int
    logs: Path

    @property
    def conf(self) -> Path:
        return self.prefix / "conf" / "nginx.conf"

    def access_log(self) -> str:
        return (self.logs / "portal-access.log").read_text(encoding="utf-8")


def configure(
    prefix: Path,
    host_dir: Path,
    servers: list[str],
    tls: tuple[Path, Path],
    binary: str,
    ports: tuple[int, int] | None = None,
) -> Nginx:
    """Render the site file and write the main file around it (Debian's nginx.conf does
    the same: mime.types, then sites-enabled/ inside `http`); `nginx -t` must pass. On
    `ports` (HTTP, HTTPS) if given, else on free ones."""
    conf, logs, temp = prefix / "conf", prefix / "logs", prefix / "temp"
    for folder in (conf / "snippets", logs, temp):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SHIPPED / "snippets" / "portal-headers.conf", conf / "snippets")
    found = Nginx(prefix, *(ports or (free_port(), free_port())), logs)
    values = {
        "SERVER_NAME": HOST,
        "HTTP_LISTEN": f"127.0.0.1:{found.http_port}",
        "HTTPS_LISTEN": f"127.0.0.1:{found.https_port}",
        "FORMS_SERVERS": ",".join(servers),
        "HOST_DIR": str(host_dir),
        "TLS_CERTIFICATE": str(tls[0]),
        "TLS_CERTIFICATE_KEY": str(tls[1]),
        "LOG_DIR": str(logs),
    }
    rendered = subprocess.run(
        [sys.executable, "-m", "deploy.render", str(SHIPPED / "portal.conf.template"),
         *(f"{k}={v}" for k, v in values.items())],
        cwd=REPO, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    (conf / "portal.conf").write_text(rendered, encoding="utf-8")
    # As root, nginx's workers would run as `nobody`, who cannot read the test's folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temps = "".join(
        f"    {kind}_temp_path {temp / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    found.conf.write_text(
        f"{user}worker_processes 2;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {logs / 'error.log'};\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n    include {MIME_TYPES};\n    default_type application/octet-stream;\n"
        f"    sendfile on;\n{temps}    include portal.conf;\n}}\n",
        encoding="utf-8",
    )
    checked = subprocess.run(
        [binary, "-t", *_where(found)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
    assert "[warn]" not in checked.stderr, checked.stderr
    return found


def start(found: Nginx, binary: str, processes: Group) -> None:
    """nginx on the real clock even under `make test-future`: it serves files and proxies, and
    reads no date a test depends on, while under libfaketime its event loop's timers did not
    fire (CI's moved-clock run: a client trickling its headers was never cut off)."""
    env = {k: v for k, v in base_env().items() if k not in ("LD_PRELOAD", "FAKETIME")}
    processes.start("nginx", [binary, *_where(found), "-g", "daemon off;"], env)
    wait_for_port(found.https_port, processes)


def _where(found: Nginx) -> list[str]:
    return ["-p", str(found.prefix), "-c", str(found.conf), "-e", str(found.logs / "error.log")]
