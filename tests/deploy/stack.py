"""The portal as production runs it, on one machine, for the smoke test: the site published
by `site-builder pipeline deploy` into a folder host, two gunicorn instances of the forms
service and the worker started from the shipped systemd units' command lines, with the
shipped environment file (deploy/portal.env.example) and the test's ports and paths, on a
PostgreSQL database and a Redis database of the test's own, an SMTP server (aiosmtpd), a
bare git repository as the remote approved records are pushed to, and nginx in front with
the shipped configuration, over HTTPS with a certificate made here.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis

from tests.conftest import REPO
from tests.deploy import environment, nginx, units
from tests.deploy.https import HOST, ORIGIN, Browser
from tests.deploy.mail import Inbox, smtp_server
from tests.deploy.processes import Group, base_env, free_port, group, wait_for_port
from tests.deploy.repository import data_repository, git

POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_DB = 5  # this test's own Redis database, emptied before it starts
PASSWORD = "a long pass phrase for the smoke test"  # pragma: allowlist secret
STAFF = "ministry"
# What the test sets in the environment file; every other line of the example is used as
# shipped (FORMS_DEBUG=0, FORMS_HTTPS=1, FORMS_TRUSTED_PROXIES=127.0.0.1/32, ...).
OVERRIDDEN = {
    "PORTAL_ORIGIN", "FORMS_SECRET_KEY", "FORMS_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL",
    "FORMS_SMTP_PORT", "FORMS_VAR_DIR", "FORMS_SITE_DIR",
}  # fmt: skip


@dataclass
class Stack:
    root: Path
    work: Path  # the data repository's clone the service reads and commits to
    remote: Path  # its bare remote (origin)
    host: Path  # the folder host: releases/, current
    env_file: Path
    instances: dict[str, int]  # gunicorn instance → port
    nginx: nginx.Nginx
    certificate: Path
    inbox: Inbox
    processes: Group

    def browser(self, source: str = "127.0.0.1") -> Browser:
        return Browser(self.nginx.https_port, self.certificate, source)

    def run(self, *argv: str, **extra: str) -> subprocess.CompletedProcess[str]:
        """A command run as an operator runs it: deploy/with-env, the environment file."""
        env = {**base_env(), "PORTAL_ENV": str(self.env_file), **extra}
        return subprocess.run(
            [str(REPO / "deploy" / "with-env"), *argv],
            env=env, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip

    def deploy(self) -> subprocess.CompletedProcess[str]:
        """A publish: the repository's HEAD built for PORTAL_ORIGIN and swapped in (without
        the search index, which takes time and which nginx serves as any other file)."""
        return self.run(
            ".venv/bin/site-builder", "pipeline", "deploy", "--repo", str(self.work),
            "--ref", "HEAD", "--host", str(self.host), "--no-search",
        )  # fmt: skip

    def served_by(self, request_id: str) -> str:
        """The gunicorn instance whose log has the request (the id nginx gave it)."""
        line = f"request {request_id}]"
        found = [
            name
            for name in self.instances
            if line in (self.processes.logs / f"forms-{name}.log").read_text(errors="replace")
        ]
        assert len(found) == 1, f"request {request_id} found in the logs of {found}"
        return found[0]

    def commit(self, message: str, change: Callable[[Path], None]) -> None:
        change(self.work)
        git(self.work, "add", "-A")
        git(self.work, "commit", "-q", "-m", message)


@contextlib.contextmanager
def database() -> Iterator[str]:
    """A PostgreSQL database of this test's own, dropped at the end."""
    name = f"h_deploy_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def production_env(
    root: Path, work: Path, host: Path, db: str, smtp: int, settings: dict[str, str]
) -> dict[str, str]:
    shipped = environment.active()
    values = {
        **shipped,
        "PORTAL_ORIGIN": ORIGIN,
        # A fixed key for this test's servers, never a production one.
        "FORMS_SECRET_KEY": "smoke-test-only-" + "0123456789abcdef" * 3,  # pragma: allowlist secret
        "FORMS_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": db,
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "FORMS_SMTP_PORT": str(smtp),
        "FORMS_VAR_DIR": str(root / "var"),
        "FORMS_SITE_DIR": str(host / "current"),
        # The data repository is the test's, not the checkout (production's default).
        "PORTAL_DATA_DIR": str(work / "data"),
        "FORMS_PUBLISH_REPO": str(work),
        # The test's clients answer at once, and reach the per-address limit in a few posts.
        "FORMS_MIN_FILL_SECONDS": "0",
        "FORMS_RATE_PER_IP": "3/h",
        **settings,
    }
    unset = {k for k, v in shipped.items() if not v} - OVERRIDDEN
    assert not unset, f"the example leaves {unset} empty, and the test does not set them"
    return values


@contextlib.contextmanager
def running(
    root: Path, settings: dict[str, str] | None = None, worker: bool = True
) -> Iterator[Stack]:
    """The whole setup, with `settings` over the test's, and the worker unless not wanted
    (the benchmark's load would have it send thousands of emails on the same cores)."""
    binary = nginx.require_nginx()
    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    with contextlib.ExitStack() as cleanup:
        db = cleanup.enter_context(database())
        inbox = Inbox()
        smtp = cleanup.enter_context(smtp_server(inbox))
        processes = cleanup.enter_context(group(root / "logs"))
        work, remote = data_repository(root)
        host = root / "host"
        env_file = root / "portal.env"
        environment.write(env_file, production_env(root, work, host, db, smtp, settings or {}))
        instances = {"a": free_port(), "b": free_port()}
        stack = Stack(
            root, work, remote, host, env_file, instances,
            nginx.configure(
                root / "nginx", host, [f"127.0.0.1:{p}" for p in instances.values()],
                nginx.certificate(root / "tls", HOST), binary,
            ),
            root / "tls" / "cert.pem", inbox, processes,
        )  # fmt: skip
        install(stack)
        service = {**base_env(), **environment.active(env_file)}
        for name, port in instances.items():
            processes.start(f"forms-{name}", gunicorn(port), service, FORMS_DIRECTORY)
        if worker:
            worker_unit = "portal-worker.service"
            processes.start("worker", units.command(worker_unit), service,
                            units.working_directory(worker_unit))  # fmt: skip
        nginx.start(stack.nginx, binary, processes)
        for port in instances.values():
            wait_for_port(port, processes)
        yield stack


# The service's first install steps, as the README lists them, after the site's first deploy.
SERVICE_STEPS = (
    ("migrate", "--noinput"),
    ("collectstatic", "--noinput", "--verbosity", "0"),
    ("check", "--deploy", "--fail-level", "WARNING"),  # no warning either
)


FORMS_DIRECTORY = units.working_directory("portal-forms@.service")


def gunicorn(port: int) -> list[str]:
    """The unit's command for the instance on `port`. Under faketime (make test-future) its
    workers' timeout is off: the master compares the moved clock with the time stamp of a
    file each worker touches, which the file system first writes from the real clock, and
    would kill, seven years late, every worker that has not yet booted."""
    command = units.command("portal-forms@.service", str(port))
    return [*command, "--timeout", "0"] if "FAKETIME" in os.environ else command


def install(stack: Stack) -> None:
    check(stack.deploy())
    for step in SERVICE_STEPS:
        check(stack.run(".venv/bin/forms-service", *step))
    staff = ("create-staff", STAFF, "--role", "ministry")
    check(stack.run(".venv/bin/forms-service", *staff, FORMS_STAFF_PASSWORD=PASSWORD))


def check(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, f"{done.args}:\n{done.stdout}\n{done.stderr}"
