"""Durable submissions per second, and their latency, at 64 concurrent clients.

    python -m bench.bench_submissions            # writes bench/results/submissions.md

The forms service runs as in production (gunicorn, worker processes), on SQLite with
synchronous=FULL (each acknowledged submission is on disk) and, when it is reachable, on
PostgreSQL (127.0.0.1:5432, database `test`). The load generator runs on the same machine:
64 clients, each sending the contact form again and again over its own connection, a
submission counted when the service answers 303 (the redirect to the reference number).

Then the crash test: the service is killed with SIGKILL in the middle of the load,
restarted, and every submission acknowledged before the kill must be in the database,
with the answers that were sent.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import applicants, worker_crash
from bench.results import Run, heading, met, save

HERE = Path(__file__).resolve().parent
APPLICANTS = 4  # threads sending project applications with files during the crash test
REPO = HERE.parent
POSTGRES = "postgres://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/9"


@dataclass
class Load:
    """What the clients saw: latency of each acknowledged submission, and its reference."""

    latencies: list[float] = field(default_factory=list)
    acknowledged: dict[str, str] = field(default_factory=dict)  # token → reference
    errors: int = 0
    refused: dict[str, int] = field(default_factory=dict)  # answered, but not 303: by status


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def service_env(var: Path, database: str, counters: str = "database") -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "forms_service.settings",
        "FORMS_VAR_DIR": str(var),
        "FORMS_DEBUG": "0",
        # A fixed key for the benchmark's own server, never a production one.
        "FORMS_SECRET_KEY": "bench-only-" + "0123456789abcdef" * 3,  # pragma: allowlist secret
        "FORMS_MIN_FILL_SECONDS": "0",
        # One machine sends everything: the per-IP limit would stop the benchmark itself.
        "FORMS_RATE_PER_IP": "100000000/h",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if database == "postgresql":
        env["DATABASE_URL"] = POSTGRES
    if counters == "redis":  # rate-limit counters in Redis rather than the database
        env["REDIS_URL"] = REDIS
    return env


SERVICE, BARE = "forms_service.wsgi", "bench.bare.wsgi"  # what gunicorn serves


def start(
    env: dict[str, str], port: int, workers: int, app: str = SERVICE
) -> subprocess.Popen[bytes]:
    args = [
        sys.executable, "-m", "gunicorn", app,
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--backlog", "2048", "--log-level", "warning",
        # A worker that boots slowly on a loaded machine is not killed for it; under faketime
        # (make test-future) gunicorn's heartbeat compares the moved clock with a file's real
        # time stamp, so it is turned off there.
        "--timeout", "0" if "FAKETIME" in os.environ else "120",
    ]  # fmt: skip
    # The service's log (a line per request) goes to a file, as to journald in production:
    # written to the terminal, it would slow the service down and flood the bench's output.
    log = Path(env["FORMS_VAR_DIR"]) / f"service-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        server = subprocess.Popen(
            args, cwd=REPO, env=env, start_new_session=True, stdout=out, stderr=out
        )
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the service did not start")


def form_fields(port: int) -> tuple[str, str, str]:
    """CSRF cookie, CSRF form token and signed start time of a freshly shown form."""
    import re
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/forms/contact/") as page:
        html = page.read().decode()
        cookie = page.headers["Set-Cookie"].split("csrftoken=", 1)[1].split(";", 1)[0]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    started = re.search(r'name="started" value="([^"]+)"', html)
    assert csrf and started
    return cookie, csrf.group(1), started.group(1)


def request_bytes(
    port: int, fields: tuple[str, str, str], token: str, origin: str | None = None
) -> bytes:
    """The contact form's post; to `origin` (e.g. https://portal.test, through a proxy) with
    its Host and the Origin a browser sends, which CSRF checks over HTTPS."""
    cookie, csrf, started = fields
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "token": token,
            "started": started,
            "name": "Amal Benali",
            "email": f"{token}@example.org",  # one email per submission: per-email limits hold
            "topic": "project-support",
            "country": "FR",
            "message": f"Message {token}: متى يفتح طلب المشاريع المقبل؟",
        }
    ).encode()
    host = origin.split("://", 1)[1] if origin else f"127.0.0.1:{port}"
    head = (
        f"POST /en/forms/contact/ HTTP/1.1\r\nHost: {host}\r\n"
        + (f"Origin: {origin}\r\n" if origin else "")
        + f"Cookie: csrftoken={cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def client(
    port: int,
    fields: tuple[str, str, str],
    name: int,
    until: float,
    load: Load,
    opener: Callable[[], Awaitable[Connection]] | None = None,
    origin: str | None = None,
) -> None:
    """One user's browser: one connection, kept open between submissions; by default to the
    service on `port`, else made by `opener` (TLS to a proxy, say) for `origin`."""
    sequence = 0
    connection: Connection | None = None
    while time.monotonic() < until:
        sequence += 1
        token = f"b{name}x{sequence}x{time.monotonic_ns()}"
        data = request_bytes(port, fields, token, origin)
        began = time.perf_counter()
        try:
            if connection is None and opener is not None:
                connection = await opener()
            elif connection is None:
                connection = await asyncio.open_connection("127.0.0.1", port)
            reader, writer = connection
            writer.write(data)
            head = await reader.readuntil(b"\r\n\r\n")
            length = head.lower().split(b"content-length: ", 1)[1].split(b"\r\n", 1)[0]
            await reader.readexactly(int(length))
        except (OSError, asyncio.IncompleteReadError, IndexError, ValueError):
            load.errors += 1
            connection = None
            await asyncio.sleep(0.01)
            continue
        if b"\r\nconnection: close" in head.lower():
            writer.close()
            connection = None
        elapsed = time.perf_counter() - began
        if head[9:12] == b"303":
            location = head.split(b"\r\nLocation: ", 1)[1].split(b"\r\n", 1)[0].decode()
            load.acknowledged[token] = location.rstrip("/").rsplit("/", 1)[1]
            load.latencies.append(elapsed)
        else:
            status = head[9:12].decode()
            load.refused[status] = load.refused.get(status, 0) + 1
    if connection is not None:
        connection[1].close()


async def run_load(port: int, clients: int, seconds: float) -> Load:
    fields = form_fields(port)
    load = Load()
    until = time.monotonic() + seconds
    await asyncio.gather(*(client(port, fields, i, until, load) for i in range(clients)))
    return load


def stored(env: dict[str, str]) -> dict[str, tuple[str, str]]:
    """token → (reference, message) of every submission in the database."""
    script = (
        "import django, json; django.setup()\n"
        "from forms_service.submissions.models import Submission\n"
        "rows = Submission.objects.values_list('token', 'reference', 'answers')\n"
        "print(json.dumps({t: [r, a.get('message', '')] for t, r, a in rows}))\n"
    )

    out = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, check=True
    ).stdout
    return {k: (v[0], v[1]) for k, v in json.loads(out).items()}


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "forms_service.manage", "migrate", "-v", "0"],
        cwd=REPO,
        env=env,
        check=True,
    )
    if env.get("DATABASE_URL"):  # a clean table for each run
        script = (
            "import django; django.setup()\n"
            "from forms_service.submissions.models import Submission, Email\n"
            "from django.core.cache import cache\n"
            "Email.objects.all().delete(); Submission.objects.all().delete(); cache.clear()\n"
        )
        subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, check=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def cpu_seconds(group: int) -> float:
    """User and system CPU time of every process in the service's process group."""
    total = 0
    for pid in subprocess.run(
        ["pgrep", "-g", str(group)], capture_output=True, text=True
    ).stdout.split():
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


SLICE = 2.5  # seconds: the service and the bare view take turns under load (compare)


@contextlib.contextmanager
def serving(
    database: str, counters: str, clients: int, workers: int, app: str
) -> Iterator[tuple[dict[str, str], int, subprocess.Popen[bytes]]]:
    """A fresh database (SQLite in a temporary folder, or PostgreSQL's tables emptied) and
    gunicorn serving `app` on it: its environment, port and process."""
    with tempfile.TemporaryDirectory() as tmp:
        env = service_env(Path(tmp), database, counters)
        migrate(env)
        port = free_port()
        server = start(env, port, workers, app)
        try:
            asyncio.run(run_load(port, clients, 2.0))  # warm up: workers, connections
            yield env, port, server
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()


@dataclass
class Measured:
    """What one server answered over one or more turns under load, and the CPU it took."""

    load: Load = field(default_factory=Load)
    seconds: float = 0.0
    served: float = 0.0  # CPU seconds of the server's processes
    generated: float = 0.0  # CPU seconds of the load generator (this process)

    def turn(self, port: int, server: int, clients: int, seconds: float) -> None:
        own, served = resource.getrusage(resource.RUSAGE_SELF), cpu_seconds(server)
        load = asyncio.run(run_load(port, clients, seconds))
        after = resource.getrusage(resource.RUSAGE_SELF)
        self.served += cpu_seconds(server) - served
        self.generated += after.ru_utime + after.ru_stime - own.ru_utime - own.ru_stime
        self.seconds += seconds
        self.load.latencies += load.latencies
        self.load.acknowledged |= load.acknowledged
        self.load.errors += load.errors
        for status, n in load.refused.items():
            self.load.refused[status] = self.load.refused.get(status, 0) + n

    def figures(self, rows: dict[str, tuple[str, str]]) -> dict[str, Any]:
        load, done = self.load, max(len(self.load.latencies), 1)
        return {
            "submissions": len(load.latencies),
            "per_second": len(load.latencies) / self.seconds,
            "p50_ms": percentile(load.latencies, 0.50) * 1000,
            "p99_ms": percentile(load.latencies, 0.99) * 1000,
            "refused": sum(load.refused.values()),
            "refused_by_status": load.refused,
            "errors": load.errors,
            "lost": len([t for t in load.acknowledged if t not in rows]),
            "server_cpu_ms": self.served / done * 1000,
            "client_cpu_ms": self.generated / done * 1000,
        }


def throughput(
    database: str, counters: str, clients: int, seconds: float, workers: int, app: str = SERVICE
) -> dict[str, Any]:
    """The service (or the bare view: app=BARE) under `clients` clients for `seconds`."""
    measured = Measured()
    with serving(database, counters, clients, workers, app) as (env, port, server):
        measured.turn(port, server.pid, clients, seconds)
    return measured.figures(stored(env))


def compare(
    database: str, counters: str, clients: int, seconds: float, workers: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The service and the bare view (bench/bare), both running, on the same database
    settings, under the same load in turns of SLICE seconds, `seconds` each in all: on a
    machine others share, both see the same changes in what is left of its cores, so their
    ratio holds. The idle one waits on its socket, taking no CPU."""
    turns = max(1, round(seconds / SLICE))
    service, bare = Measured(), Measured()
    with (
        serving(database, counters, clients, workers, SERVICE) as (env, port, server),
        serving(database, counters, clients, workers, BARE) as (bare_env, bare_port, bare_server),
    ):
        for _ in range(turns):
            bare.turn(bare_port, bare_server.pid, clients, seconds / turns)
            service.turn(port, server.pid, clients, seconds / turns)
        rows = stored(env)
        bare_rows = rows if database == "postgresql" else stored(bare_env)
    return service.figures(rows), bare.figures(bare_rows)


def crash(database: str, clients: int, workers: int) -> dict[str, int]:
    """Kill -9 the whole service mid-load; after a restart, every acknowledged submission
    must be there with the message that was sent, and every acknowledged project
    application with its three PDF files, byte for byte (bench/applicants.py)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = service_env(Path(tmp), database)
        data = applicants.data_with_open_call(REPO, Path(tmp) / "data")
        env["PORTAL_DATA_DIR"] = str(data)
        migrate(env)
        port = free_port()
        server = start(env, port, workers)
        threads, sent = applicants.start(port, APPLICANTS, 30)

        async def load_then_kill() -> Load:
            fields = form_fields(port)
            load = Load()
            until = time.monotonic() + 30
            running = asyncio.gather(
                *(client(port, fields, i, until, load) for i in range(clients))
            )
            await asyncio.sleep(3.0)
            # On a busy machine an application (three PDFs) may take longer than that: the
            # kill waits for the first one, so the check always has some to count.
            deadline = time.monotonic() + 20
            while not sent.acknowledged and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            os.killpg(server.pid, signal.SIGKILL)  # master and workers, mid-request
            await asyncio.sleep(0.5)
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running
            return load

        load = asyncio.run(load_then_kill())
        server.wait()
        acknowledged_applications = dict(sent.acknowledged)  # before the restart
        restarted = start(env, port, workers)  # the service comes back on the same files
        try:
            rows = stored(env)
            files = json.loads(
                subprocess.run(
                    [sys.executable, "-c", applicants.CHECK],
                    cwd=REPO,
                    env=env,
                    capture_output=True,
                    check=True,
                ).stdout
            )
        finally:
            os.killpg(restarted.pid, signal.SIGTERM)
            restarted.wait()
        for thread in threads:
            thread.join(timeout=0)  # daemons: their loop ends at its deadline
        sent.acknowledged = acknowledged_applications
        missing = [t for t in load.acknowledged if t not in rows]
        altered = [
            t
            for t, ref in load.acknowledged.items()
            if t in rows and (rows[t][0] != ref or not rows[t][1].startswith(f"Message {t}:"))
        ]
        checked = applicants.verify(sent, files)
        return {
            "acknowledged": len(load.acknowledged),
            "in_database": len(rows),
            "missing": len(missing),
            "altered": len(altered),
            "applications": checked["acknowledged"],
            "applications_missing": checked["missing"],
            "files_damaged": checked["damaged_files"],
        }


def profile_one(app: str = SERVICE, count: int | None = None) -> dict[str, Any]:
    """bench/submission_profile.py in a fresh process, on SQLite: the service's submission,
    or the bare view's (app=BARE), on a database the service's migrations made; `count`
    submissions per measured run (the profile's own default when None)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = service_env(Path(tmp), "sqlite")
        migrate(env)
        if count is not None:
            env["BENCH_PROFILE_COUNT"] = str(count)
        if app == BARE:
            env["DJANGO_SETTINGS_MODULE"] = "bench.bare.settings"
        run = subprocess.run(
            [sys.executable, "-m", "bench.submission_profile"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def commit_rate(count: int = 2000) -> float:
    """fsync'd commits per second from one thread: WAL, synchronous=FULL, as the service."""
    with tempfile.TemporaryDirectory(dir=REPO) as tmp:
        db = sqlite3.connect(Path(tmp) / "commits.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
        began = time.perf_counter()
        for i in range(count):
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO t (body) VALUES (?)", (f"submission {i}",))
            db.execute("COMMIT")
        rate = count / (time.perf_counter() - began)
        db.close()
        return rate


def reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def postgres_reachable() -> bool:
    return reachable(5432)


def redis_reachable() -> bool:
    return reachable(6379)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "submissions.md")
    parser.add_argument(
        "--scaling",
        help="instead: throughput for each number of workers, e.g. 1,2,3,4 (PostgreSQL and"
        " Redis when reachable), written to --out",
    )
    args = parser.parse_args()
    command = "python -m bench.bench_submissions " + " ".join(sys.argv[1:])
    if args.scaling:
        save(args.out, "bench_submissions", command.strip(), scaling(args))
        print(f"wrote {args.out}")
        return
    databases = ["sqlite"] + (["postgresql"] if postgres_reachable() else [])
    setups = [(db, "database") for db in databases] + [("sqlite", "redis")] * redis_reachable()
    before = os.getloadavg()[0]  # the machine's other work, as the run begins
    loads, bare = [], []
    for database, counters in setups:
        r, b = compare(database, counters, args.clients, args.seconds, args.workers)
        loads.append({"database": database, "counters": counters, **r})
        bare.append({"database": database, "counters": counters, **b})
        print(database, counters, r, "bare:", b, flush=True)
    figures: dict[str, Any] = {
        "mode": "load",
        "clients": args.clients,
        "cores": os.cpu_count(),
        "loads": loads,
        "bare": bare,
        "load_average": {"before": before, "after": os.getloadavg()[0]},
        "profile": profile_one(),
        "bare_profile": profile_one(BARE),
        "commits_per_second": round(commit_rate()),
        "crashes": [],
        "worker_crashes": [],
    }
    failed = False
    for database in databases:
        c = crash(database, args.clients, args.workers)
        print(database, "crash", c, flush=True)
        failed |= bool(
            c["missing"] or c["altered"] or c["applications_missing"] or c["files_damaged"]
        )
        failed |= not c["applications"]  # the test must have sent some
        figures["crashes"].append({"database": database, **c})
    # The outbox worker's crash test: counted here, its table kept by bench/worker_crash.py.
    for database in databases:
        w = worker_crash.run(database)
        print(database, "worker crash", w, flush=True)
        failed |= worker_crash.failed(w)
        figures["worker_crashes"].append({"database": database, **w})
    save(args.out, "bench_submissions", command.strip(), figures)
    print(f"wrote {args.out}")
    if failed:
        sys.exit("an acknowledged submission or a queued email was lost, altered or duplicated")


def scaling(args: argparse.Namespace) -> dict[str, Any]:
    """How the rate grows with gunicorn's worker processes, all else equal."""
    database = "postgresql" if postgres_reachable() else "sqlite"
    counters = "redis" if redis_reachable() else "database"
    loads = []
    for workers in [int(n) for n in args.scaling.split(",")]:
        r = throughput(database, counters, args.clients, args.seconds, workers)
        loads.append({"workers": workers, **r})
        print(workers, r, flush=True)
    return {"mode": "scaling", "database": database, "counters": counters, "loads": loads}


LOAD_TABLE = [
    "| database | rate counters | submissions | per second | p50 ms | p99 ms |"
    " service CPU ms per submission | load generator CPU ms | refused | errors | lost |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]
CRASH_TABLE = [
    "| database | acknowledged before the kill | in the database | missing | altered |"
    " applications with 3 PDFs acknowledged | applications missing | files damaged |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]
SCALING_TABLE = [
    "| workers | submissions | per second | p50 ms | p99 ms | service CPU ms per submission |"
    " errors | lost |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]
GOAL = "Goal: ≥ 1,000 submissions/s with p99 ≤ 50 ms."


def load_rows(f: dict[str, Any]) -> list[str]:
    return [
        f"| {r['database']} | {r['counters']} | {r['submissions']:.0f} | {r['per_second']:.0f} |"
        f" {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['server_cpu_ms']:.1f} |"
        f" {r['client_cpu_ms']:.1f} | {r['refused']:.0f} | {r['errors']:.0f} | {r['lost']:.0f} |"
        for r in f["loads"]
    ]


def crash_rows(f: dict[str, Any]) -> list[str]:
    return [
        f"| {c['database']} | {c['acknowledged']} | {c['in_database']} | {c['missing']} |"
        f" {c['altered']} | {c['applications']} | {c['applications_missing']} |"
        f" {c['files_damaged']} |"
        for c in f["crashes"]
    ]


def scaling_rows(f: dict[str, Any]) -> list[str]:
    return [
        f"| {r['workers']} | {r['submissions']:.0f} | {r['per_second']:.0f} |"
        f" {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['server_cpu_ms']:.1f} |"
        f" {r['errors']:.0f} | {r['lost']:.0f} |"
        for r in f["loads"]
    ]


def limits(f: dict[str, Any]) -> str:
    best = max(f["loads"], key=lambda r: r["per_second"])
    ceiling = f["cores"] * 1000 / (best["server_cpu_ms"] + best["client_cpu_ms"])
    verdict = met(best["per_second"] >= 1000 and best["p99_ms"] <= 50)
    return (
        f"{GOAL} {verdict.capitalize()} (best: {best['per_second']:.0f} per second, p99"
        f" {best['p99_ms']:.0f} ms). What limits it: CPU. Each submission costs the service"
        f" {best['server_cpu_ms']:.1f} ms of CPU and the load generator"
        f" {best['client_cpu_ms']:.1f} ms, so {f['cores']} cores can serve about"
        f" {ceiling:.0f} per second at most, whatever the disk; the p50 and p99 are then the"
        f" {f['clients']} clients queueing for it (Little's law: clients / rate). The disk is"
        f" not the limit: one thread makes {f['commits_per_second']:,} fsync'd SQLite commits"
        " per second here."
    )


def scaling_note(f: dict[str, Any]) -> str:
    first, last = f["loads"][0], f["loads"][-1]
    gain = last["per_second"] / first["per_second"] if first["per_second"] else 0
    return (
        f"From {first['workers']} to {last['workers']} workers the rate is multiplied by"
        f" {gain:.2f}. Each submission costs the service a fixed amount of CPU, so the rate"
        " grows with workers until the machine's cores are busy (here the load generator"
        " shares them); beyond, more workers only queue. More throughput needs more cores or"
        " more machines: the workers share nothing but the database and Redis."
    )


def render(run: Run) -> str:
    f = run.figures
    if f["mode"] == "scaling":
        return "\n".join(
            [
                "# Durable submissions per second, by number of worker processes",
                "",
                heading(run),
                "",
                f"Database: {f['database']}; rate counters: {f['counters']}; the load"
                " generator runs on the same machine and takes its share of the cores.",
                "",
                *SCALING_TABLE,
                *scaling_rows(f),
                "",
                scaling_note(f),
                "",
            ]
        )
    return "\n".join(
        [
            "# Durable submissions per second",
            "",
            heading(run),
            "",
            "The load generator runs on the same machine.",
            "",
            *LOAD_TABLE,
            *load_rows(f),
            "",
            limits(f),
            "",
            "## Against the bare durable view",
            "",
            "The bare view (bench/bare) reads the same post, inserts one row into the same"
            " table with the same database settings, commits and answers 303: no middleware,"
            " form, rate limits nor outbox email. It and the service run side by side, on the"
            " same gunicorn, workers and clients, and take turns under the load"
            f" ({SLICE:g} s each), so that both meet the same share of a machine others use.",
            "",
            *RATIO_TABLE,
            *ratio_rows(f),
            "",
            ratio_note(f),
            "",
            *profile_lines(f),
            "",
            "## Crash test: SIGKILL mid-load, restart, count",
            "",
            *CRASH_TABLE,
            *crash_rows(f),
            "",
        ]
    )


RATIO_GOAL = 0.6
RATIO_TABLE = [
    "| database | rate counters | contact form per second | bare view per second | ratio |"
    " contact form: service CPU ms | bare view: service CPU ms | cores busy (form, bare) |"
    " errors (form, bare) | lost (form, bare) |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]


def busy(r: dict[str, Any]) -> float:
    """Cores kept busy by the service's processes and the load generator together."""
    return float(r["per_second"] * (r["server_cpu_ms"] + r["client_cpu_ms"]) / 1000)


def ratio(r: dict[str, Any], b: dict[str, Any]) -> float:
    return float(r["per_second"] / b["per_second"]) if b["per_second"] else 0.0


def ratio_rows(f: dict[str, Any]) -> list[str]:
    return [
        f"| {r['database']} | {r['counters']} | {r['per_second']:.0f} | {b['per_second']:.0f} |"
        f" {ratio(r, b):.2f} | {r['server_cpu_ms']:.2f} | {b['server_cpu_ms']:.2f} |"
        f" {busy(r):.2f}, {busy(b):.2f} | {r['errors']}, {b['errors']} |"
        f" {r['lost']}, {b['lost']} |"
        for r, b in zip(f["loads"], f["bare"], strict=True)
    ]


def ratio_note(f: dict[str, Any]) -> str:
    pairs = list(zip(f["loads"], f["bare"], strict=True))
    ratios = [ratio(r, b) for r, b in pairs]
    ok = all(
        q >= RATIO_GOAL and r["errors"] == b["errors"] == 0
        for q, (r, b) in zip(ratios, pairs, strict=True)
    )
    cpu = [r["server_cpu_ms"] / b["server_cpu_ms"] for r, b in pairs if b["server_cpu_ms"]]
    return (
        f"Goal: the contact form at ≥ {RATIO_GOAL:g}× the bare view's rate, in the same run,"
        f" with no error. {met(ok).capitalize()}: from {min(ratios):.2f}× to"
        f" {max(ratios):.2f}×; the service takes {min(cpu):.1f} to {max(cpu):.1f} times the"
        " bare view's CPU per submission. Where both keep the cores as busy, the ratio of"
        " rates is the inverse of that of CPU; where the bare view keeps them less busy, it"
        " spent more of its time waiting (for its commits on the disk, or for PostgreSQL's"
        " processes, whose CPU these columns do not count) or was crowded out by the other"
        " work on the machine, and the ratio of rates is higher than that of CPU." + shared(f)
    )


def shared(f: dict[str, Any]) -> str:
    if "load_average" not in f:
        return ""
    seen = f["load_average"]
    return (
        f" The machine's load average (1 minute) was {seen['before']:.1f} as the"
        f" measurements began and {seen['after']:.1f} as they ended, on {f['cores']} cores:"
        " other work shared it, in turns with both alike."
    )


def profile_lines(f: dict[str, Any]) -> list[str]:
    p, b = f["profile"], f["bare_profile"]
    parts = sorted(p["parts_ms"].items(), key=lambda item: -item[1])
    named = sum(ms for _name, ms in parts)
    return [
        "## Where a submission's CPU goes",
        "",
        "In process (`python -m bench.submission_profile`, SQLite, counters in the database),"
        f" a contact form's submission takes {p['cpu_ms']:.2f} ms of CPU and {p['queries']}"
        f" queries; the bare view's {b['cpu_ms']:.2f} ms and {b['queries']} queries"
        " (in a worker under load, add gunicorn's own work and what sharing the cores costs:"
        " the tables above). By part (cProfile on CPU time: each part's share of the"
        " profiled request, in ms of the unprofiled CPU; the profiler weighs on many small"
        " calls more than on few large ones, so these are estimates):",
        "",
        "| part | ms |",
        "| --- | ---: |",
        *[f"| {name} | {ms:.2f} |" for name, ms in parts],
        "",
        f"The parts named add up to {named:.2f} ms of the {p['cpu_ms']:.2f}; the rest is the"
        " view's own code between them (the answers read, the redirect's address). The"
        " other middleware: the security headers (CSP, X-Frame-Options), the language's"
        " (Vary), the messages' and the staff sign-in's (lazy: nothing read for a public"
        " post), WhiteNoise's look-up of the path among the site's files, and Django's"
        " handler around each.",
        "",
        "The queries of one submission: " + "; ".join(f"`{q}`" for q in p["sql"]) + ".",
        "The bare view's: " + "; ".join(f"`{q}`" for q in b["sql"]) + ".",
        "",
        "What is left beyond the bare view is what the service promises: Django's middleware"
        " (sessions and sign-in for the staff area, the security headers, the access log's"
        " line), CSRF, the form built and checked with its errors in the user's language, the"
        " signed start time against programs, the rate limits' counters (one statement for"
        " both, in the submission's transaction), the confirmation email worded and queued in"
        " the outbox, the signed cookie of the sent references. Each commit waits for the"
        " disk once, as the bare view's does.",
    ]


def summary(run: Run) -> str:
    f = run.figures
    if f["mode"] == "scaling":
        return "\n".join([*SCALING_TABLE, *scaling_rows(f), "", scaling_note(f)])
    return "\n".join(
        [
            *LOAD_TABLE,
            *load_rows(f),
            "",
            limits(f),
            "",
            *RATIO_TABLE,
            *ratio_rows(f),
            "",
            ratio_note(f),
            "",
            "Killed with SIGKILL (master and workers) under load, then restarted on the same"
            " files; every acknowledged submission must be there, with the text that was sent:",
            "",
            *CRASH_TABLE,
            *crash_rows(f),
        ]
    )


if __name__ == "__main__":
    main()
