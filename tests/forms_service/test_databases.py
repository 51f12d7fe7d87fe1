"""The database tools a backup runs (forms_service/staff/databases.py): each with a time limit,
and a failure that says which tool, and what it printed."""

from __future__ import annotations

import pytest

from forms_service.staff import databases


def test_a_tool_that_hangs_is_stopped_at_its_time_limit() -> None:
    with pytest.raises(databases.Failed, match=r"^sleep did not finish within 0.5 seconds"):
        databases.run("sleep", "60", timeout=0.5)


def test_a_tool_that_is_not_installed_is_named() -> None:
    with pytest.raises(databases.Failed, match=r"^pg_dump-15-absent is not installed"):
        databases.run("pg_dump-15-absent", "--version", timeout=10)


def test_a_tool_that_fails_says_what_it_printed() -> None:
    script = "echo 'pg_dump: error: connection refused' >&2; exit 1"
    with pytest.raises(databases.Failed) as failed:
        databases.run("sh", "-c", script, timeout=10)
    assert str(failed.value) == "sh failed (exit status 1): pg_dump: error: connection refused"


def test_the_tools_environment_is_passed_with_the_services() -> None:
    # The password reaches pg_dump in the environment (never on its command line).
    given = {"PGPASSWORD": "from-the-environment"}  # pragma: allowlist secret
    with pytest.raises(databases.Failed, match=r"status 3\): from-the-environment$"):
        databases.run("sh", "-c", 'echo "$PGPASSWORD" >&2; exit 3', env=given, timeout=10)
