"""The README's upgrade steps, read as an operator runs them: gunicorn stops altogether when
the new workers a reload (SIGHUP) starts cannot boot, so the new code is checked first and
the instances are reloaded one at a time, each seen answering before the next."""

from __future__ import annotations

import re

from tests.conftest import REPO

RELOAD = re.compile(r"systemctl reload portal-forms@([0-9]+)")
HEALTHY = re.compile(r"curl -fsS http://127\.0\.0\.1:([0-9]+)/healthz")


def upgrade_steps() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("**Upgrade**", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_the_new_code_is_checked_before_any_instance_is_reloaded() -> None:
    steps = upgrade_steps()
    checked = next(i for i, s in enumerate(steps) if "forms-service check --deploy" in s)
    reloaded = next(i for i, s in enumerate(steps) if RELOAD.search(s))
    assert checked < reloaded


def test_each_instance_answers_before_the_next_is_reloaded() -> None:
    """Reloaded together, new code that cannot boot stopped every instance at once."""
    order: list[tuple[str, str]] = []
    for step in upgrade_steps():
        order += [("reload", port) for port in RELOAD.findall(step)]
        order += [("healthy", port) for port in HEALTHY.findall(step)]
    reloads = [port for what, port in order if what == "reload"]
    assert len(reloads) >= 2, order
    for port in reloads:
        at = order.index(("reload", port))
        assert order[at + 1] == ("healthy", port), order
