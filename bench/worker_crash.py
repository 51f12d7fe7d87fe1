"""The outbox worker killed with SIGKILL in the middle of its batches, then restarted, several
times: the SMTP server on the other end counts each email it accepted. None may be lost, and
each crash may send again at most the one email that was in flight (an email is marked sent
in a commit of its own right after the server accepts it).

    python -m bench.worker_crash            # writes bench/results/worker-crash.md

bench/bench_submissions.py runs it too (and so does CI), failing when an email is lost or
sent twice more often than the worker crashed.
"""

from __future__ import annotations

import asyncio
import collections
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from bench.results import Run, heading, save

QUEUED = 60
CRASHES = 3
PER_MESSAGE = 0.1  # seconds the server takes over each message: kills land mid-batch


class Sink:
    def __init__(self) -> None:
        self.accepted: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(PER_MESSAGE)
        self.accepted.extend(envelope.rcpt_tos)
        return "250 accepted"


def run(database: str) -> dict[str, int]:
    from bench.bench_submissions import REPO, free_port, migrate, service_env

    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = service_env(Path(tmp), database)
            # The email in flight when a worker dies is taken again once its lease ends.
            env.update(FORMS_SMTP_PORT=str(port), FORMS_WORKER_LEASE_SECONDS="2")
            migrate(env)
            script = (
                "import django; django.setup()\n"
                "from django.utils import timezone\n"
                "from forms_service.submissions.models import Email\n"
                f"Email.objects.bulk_create(Email(to=f'w{{n}}@example.org', subject='s',"
                f" body='b', next_try=timezone.now()) for n in range({QUEUED}))\n"
            )
            subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, check=True)
            command = [sys.executable, "-m", "forms_service.manage", "send_outbox", "--every"]
            for _ in range(CRASHES):
                worker = subprocess.Popen(
                    [*command, "0.1"], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, start_new_session=True,
                )  # fmt: skip
                before = len(sink.accepted)
                deadline = time.monotonic() + 60
                while len(sink.accepted) < before + 5 and time.monotonic() < deadline:
                    time.sleep(0.02)
                time.sleep(PER_MESSAGE / 2)  # into the next message's exchange
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
            last = subprocess.Popen(
                [*command, "0.2"], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
            deadline = time.monotonic() + 120
            while len(set(sink.accepted)) < QUEUED and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(3)  # anything sent twice after the last one arrives too
            os.killpg(last.pid, signal.SIGTERM)
            last.wait()
    finally:
        controller.stop()
    counts = collections.Counter(sink.accepted)
    expected = {f"w{n}@example.org" for n in range(QUEUED)}
    return {
        "queued": QUEUED,
        "crashes": CRASHES,
        "accepted": len(sink.accepted),
        "lost": len(expected - set(counts)),
        "duplicated": sum(n - 1 for n in counts.values()),
    }


def failed(counts: dict[str, int]) -> bool:
    return bool(counts["lost"]) or counts["duplicated"] > counts["crashes"]


TABLE = [
    "| database | emails queued | crashes | accepted by the server | lost | sent twice |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
]


def rows(f: dict[str, Any]) -> list[str]:
    return [
        f"| {w['database']} | {w['queued']} | {w['crashes']} | {w['accepted']} | {w['lost']} |"
        f" {w['duplicated']} |"
        for w in f["runs"]
    ]


def render(run: Run) -> str:
    f = run.figures
    return "\n".join(
        [
            f"# The outbox worker: SIGKILL {f['crashes']} times mid-batch, restarted",
            "",
            heading(run),
            "",
            f"{f['queued']} emails queued; the SMTP server (on loopback) takes"
            f" {f['per_message_s']:g} s over each and counts what it accepted. Lost must be 0,"
            " and each crash may send again at most the one email in flight.",
            "",
            *TABLE,
            *rows(f),
            "",
        ]
    )


def summary(run: Run) -> str:
    return "\n".join([*TABLE, *rows(run.figures)])


def main() -> None:
    import argparse

    from bench.bench_submissions import postgres_reachable

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent
    parser.add_argument("--out", type=Path, default=here / "results" / "worker-crash.md")
    args = parser.parse_args()
    figures: dict[str, Any] = {
        "crashes": CRASHES,
        "queued": QUEUED,
        "per_message_s": PER_MESSAGE,
        "runs": [],
    }
    bad = False
    for database in ["sqlite"] + ["postgresql"] * postgres_reachable():
        w = run(database)
        print(database, w, flush=True)
        bad |= failed(w)
        figures["runs"].append({"database": database, **w})
    command = "python -m bench.worker_crash " + " ".join(sys.argv[1:])
    save(args.out, "worker_crash", command.strip(), figures)
    print(f"wrote {args.out}")
    if bad:
        sys.exit("a queued email was lost, or sent twice more often than the worker crashed")


if __name__ == "__main__":
    main()
