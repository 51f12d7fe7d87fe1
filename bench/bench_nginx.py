"""Submissions and pages per second through nginx, as production serves them.

    python -m bench.bench_nginx            # writes bench/results/nginx.md

The production setup of the smoke test (tests/deploy/stack.py), on this one machine: the
site published by `site-builder pipeline deploy` into a folder host; two instances of the
forms service under gunicorn, each from the systemd unit's command line (3 workers), on
PostgreSQL with the rate counters in Redis; nginx with the shipped configuration in front,
over HTTPS (connections kept alive). The email worker is not running: its
emails wait in the outbox, and the machine's two cores go to the web path alone.

64 clients send the contact form again and again, each over its own connection to nginx
(bench_submissions' client, over TLS), a submission counted on the service's 303; then 64
clients read the site's pages (eight of them, in turn), counted on nginx's 200. The same
submissions straight to one gunicorn instance (bench_submissions, no TLS, no proxy) are the
comparison. The load generator runs on the same machine, and takes its share of the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from bench import bench_submissions
from bench.bench_submissions import Connection, Load, client, cpu_seconds, percentile
from bench.results import Run, heading, save
from tests.deploy import stack
from tests.deploy.https import HOST, ORIGIN, csrf
from tests.deploy.loaders import PAGES
from tests.deploy.stack import Stack

HERE = Path(__file__).resolve().parent
STARTED = re.compile(r'name="started" value="([^"]+)"')
WARM_SECONDS = 2.0  # workers' first requests, connections, the kernel's file cache
# One machine sends everything: the per-address limit would stop the benchmark itself.
T = TypeVar("T")
SETTINGS = {"FORMS_RATE_PER_IP": "100000000/h", "FORMS_RATE_PER_EMAIL": "100000000/h"}


@dataclass
class Reads:
    latencies: list[float] = field(default_factory=list)
    bytes: int = 0
    errors: int = 0


def opener(portal: Stack) -> Callable[[], Any]:
    """A TLS connection to nginx for portal.test, as a browser makes it."""
    context = ssl.create_default_context(cafile=str(portal.certificate))

    async def connect() -> Connection:
        return await asyncio.open_connection(
            "127.0.0.1", portal.nginx.https_port, ssl=context, server_hostname=HOST
        )

    return connect


def tls_version(portal: Stack) -> str:
    """The protocol the load's connections speak (what the report says they do)."""

    async def ask() -> str:
        _, writer = await opener(portal)()
        version = str(writer.get_extra_info("ssl_object").version())
        writer.close()
        return version

    return asyncio.run(ask())


def form_fields(portal: Stack) -> tuple[str, str, str]:
    """CSRF cookie, CSRF form token and signed start time of the contact form, through nginx."""
    browser = portal.browser()
    page = browser.get("/en/forms/contact/")
    browser.close()
    started = STARTED.search(page.text)
    assert started, "no start time on the form"
    return browser.cookies["csrftoken"], csrf(page.text), started.group(1)


async def submissions(portal: Stack, clients: int, seconds: float) -> Load:
    fields, connect = form_fields(portal), opener(portal)
    load = Load()
    until = time.monotonic() + seconds
    await asyncio.gather(
        *(client(0, fields, n, until, load, connect, ORIGIN) for n in range(clients))
    )
    return load


async def reader(connect: Callable[[], Any], name: int, until: float, reads: Reads) -> None:
    """A visitor reading the site's pages in turn over one kept-alive connection."""
    connection: Connection | None = None
    n = name
    while time.monotonic() < until:
        path = PAGES[n % len(PAGES)]
        n += 1
        began = time.perf_counter()
        try:
            if connection is None:
                connection = await connect()
            stream, writer = connection
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
            head = await stream.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length: ", 1)[1].split(b"\r\n", 1)[0])
            await stream.readexactly(length)
        except (OSError, asyncio.IncompleteReadError, IndexError, ValueError):
            reads.errors += 1
            connection = None
            continue
        if head[9:12] != b"200":
            reads.errors += 1
        else:
            reads.latencies.append(time.perf_counter() - began)
            reads.bytes += length
        if b"\r\nconnection: close" in head.lower():
            writer.close()
            connection = None
    if connection is not None:
        connection[1].close()


async def pages(portal: Stack, clients: int, seconds: float) -> Reads:
    connect, reads = opener(portal), Reads()
    until = time.monotonic() + seconds
    await asyncio.gather(*(reader(connect, n, until, reads) for n in range(clients)))
    return reads


def cpu_of(portal: Stack, names: tuple[str, ...]) -> float:
    return sum(cpu_seconds(portal.processes.named[name].pid) for name in names)


def measured(
    portal: Stack, run: Callable[[float], T], count: Callable[[T], int], seconds: float
) -> tuple[T, dict[str, float]]:
    """The load for a moment to warm up, then measured: what it did, how many it did in
    both runs, and the CPU each side spent per request."""
    warm = run(WARM_SECONDS)
    mine = resource.getrusage(resource.RUSAGE_SELF)
    nginx, service = cpu_of(portal, ("nginx",)), cpu_of(portal, ("forms-a", "forms-b"))
    result = run(seconds)
    after = resource.getrusage(resource.RUSAGE_SELF)
    done = max(count(result), 1)
    return result, {
        "done_with_warm_up": count(warm) + count(result),
        "nginx_cpu_ms": (cpu_of(portal, ("nginx",)) - nginx) / done * 1000,
        "service_cpu_ms": (cpu_of(portal, ("forms-a", "forms-b")) - service) / done * 1000,
        "client_cpu_ms": (
            after.ru_utime + after.ru_stime - mine.ru_utime - mine.ru_stime
        ) / done * 1000,
    }  # fmt: skip


def stored(portal: Stack) -> int:
    """Submissions in the database, counted with the service's own settings."""
    count = "from forms_service.submissions.models import Submission as S; print(S.objects.count())"
    done = portal.run(".venv/bin/forms-service", "shell", "-c", count)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])  # after Django's note on what the shell imported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "nginx.md")
    args = parser.parse_args()
    # The smoke test's data (tests/deploy/repository.py) opens its call by the service's
    # clock, which reads Django's settings: pytest names them, here the benchmark does.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forms_service.settings")
    if not (bench_submissions.postgres_reachable() and bench_submissions.redis_reachable()):
        sys.exit("PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) are needed")
    with tempfile.TemporaryDirectory() as tmp, stack.running(Path(tmp), SETTINGS, False) as portal:
        tls = tls_version(portal)
        before = stored(portal)
        load, posted = measured(
            portal,
            lambda seconds: asyncio.run(submissions(portal, args.clients, seconds)),
            lambda load: len(load.latencies),
            args.seconds,
        )
        posted["added"] = stored(portal) - before
        reads, read = measured(
            portal,
            lambda seconds: asyncio.run(pages(portal, args.clients, seconds)),
            lambda reads: len(reads.latencies),
            args.seconds,
        )
    print("through nginx", posted, load.errors, load.refused, flush=True)
    print("pages", read, reads.errors, flush=True)
    direct = bench_submissions.throughput(
        "postgresql", "redis", args.clients, args.seconds, workers=3
    )
    print("direct", direct, flush=True)
    seconds = args.seconds
    version = subprocess.run(["nginx", "-v"], capture_output=True, text=True, check=False)
    figures = {
        "clients": args.clients,
        "seconds": seconds,
        "nginx": version.stderr.strip().removeprefix("nginx version: "),
        "tls": tls,
        "through_nginx": {
            "answered": len(load.latencies),
            "per_second": len(load.latencies) / seconds,
            "p50_ms": percentile(load.latencies, 0.5) * 1000,
            "p99_ms": percentile(load.latencies, 0.99) * 1000,
            "errors": load.errors,
            "refused": sum(load.refused.values()),
            **posted,
        },
        "direct": direct,
        "pages": {
            "answered": len(reads.latencies),
            "per_second": len(reads.latencies) / seconds,
            "p50_ms": percentile(reads.latencies, 0.5) * 1000,
            "p99_ms": percentile(reads.latencies, 0.99) * 1000,
            "errors": reads.errors,
            "mb_per_second": reads.bytes / seconds / 1e6,
            **read,
        },
    }
    command = "python -m bench.bench_nginx " + " ".join(sys.argv[1:])
    save(args.out, "bench_nginx", command.strip(), figures)
    print(f"wrote {args.out}")


TABLE = [
    "| load | clients | answered | per second | p50 ms | p99 ms | errors | refused |"
    " nginx CPU ms each | service CPU ms each | load generator CPU ms each |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]


def rows(f: dict[str, Any]) -> list[str]:
    n, d, r, c = f["through_nginx"], f["direct"], f["pages"], f["clients"]
    return [
        f"| contact form through nginx (303) | {c} | {n['answered']} | {n['per_second']:.0f} |"
        f" {n['p50_ms']:.1f} | {n['p99_ms']:.1f} | {n['errors']} | {n['refused']} |"
        f" {n['nginx_cpu_ms']:.2f} | {n['service_cpu_ms']:.1f} | {n['client_cpu_ms']:.1f} |",
        f"| contact form straight to gunicorn (bench_submissions, 1 instance) | {c} |"
        f" {d['submissions']} | {d['per_second']:.0f} | {d['p50_ms']:.1f} | {d['p99_ms']:.1f} |"
        f" {d['errors']} | {d['refused']} | – | {d['server_cpu_ms']:.1f} |"
        f" {d['client_cpu_ms']:.1f} |",
        f"| site pages through nginx (200) | {c} | {r['answered']} | {r['per_second']:.0f} |"
        f" {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} | – |"
        f" {r['nginx_cpu_ms']:.2f} | – | {r['client_cpu_ms']:.2f} |",
    ]


def counted(f: dict[str, Any]) -> str:
    n = f["through_nginx"]
    return (
        f"Submissions through nginx, warm-up included: {n['done_with_warm_up']:.0f}"
        f" acknowledged, {n['added']:.0f} rows added to the database. The pages:"
        f" {f['pages']['mb_per_second']:.1f} MB/s of HTML, eight pages of the sample site in"
        " turn, uncompressed (no Accept-Encoding)."
    )


def render(run: Run) -> str:
    f = run.figures
    return "\n".join(
        [
            "# Through nginx: submissions and pages per second",
            "",
            heading(run),
            "",
            f"{f['nginx']}; PostgreSQL and Redis on the same machine; the load generator too,"
            " and it takes its share of the cores. The setup is the production smoke test's"
            " (tests/deploy/stack.py): the shipped nginx configuration over HTTPS"
            f" ({f['tls']}, connections kept alive), two gunicorn instances from the systemd"
            f" unit (3 workers each), PostgreSQL, rate counters in Redis; the email worker not"
            f" running; {f['clients']} clients for {f['seconds']:g} s each.",
            "",
            *TABLE,
            *rows(f),
            "",
            counted(f),
            "",
        ]
    )


def summary(run: Run) -> str:
    return "\n".join([*TABLE, *rows(run.figures), "", counted(run.figures)])


if __name__ == "__main__":
    main()
