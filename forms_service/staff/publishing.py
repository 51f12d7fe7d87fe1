"""Approved records committed to the data repository through git, never lost.

An approved association registration becomes data/associations/<id>.yaml: its public fields
only (forms_service/records.py), validated by the data's own schema. The commit is made on a
branch `submissions/<reference>` without touching anyone's working tree (git's plumbing, with a
private index), authored by the reviewer; it is pushed when a remote is configured. Both steps
go through a queue (the Publication table): a locked repository or an unreachable remote is
retried later, with growing delays, by the same worker as the emails.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml
from django.conf import settings

from forms_service import clock, definitions, records, retries
from forms_service.datafiles import read_yaml
from forms_service.staff.models import Publication
from forms_service.submissions.models import Submission
from portal_contract import schemas as language_schemas

log = logging.getLogger(__name__)

SCHEMAS = {"associations": "association.schema.json", "partnerships": "partnership.schema.json"}


def record_of(submission: Submission, today: date) -> tuple[str, dict[str, Any]] | None:
    """(kind, record) an approved submission publishes, or None: a form without a record,
    or a partnership request whose authors did not agree to publish it."""
    definition = definitions.load(settings.DATA_DIR).get(submission.form_id)
    if definition is None or "record" not in definition.data:
        return None
    kind = definition.data["record"]
    if "updates" in definition.data:  # a change to a published record
        key = submission.answers[definition.data["updates"]]
        existing = read_yaml(settings.DATA_DIR / kind / f"{key}.yaml")
        return kind, records.updated_record(
            definition, existing, submission.answers, submission.lang, today
        )
    record = records.record_from(definition, submission.answers, submission.lang, today)
    if kind == "partnerships" and not record.get("consent"):
        return None
    return kind, record


def schema_errors(kind: str, record: dict[str, Any]) -> list[str]:
    """What the data's schema says is wrong with the record (none: it can be published)."""
    folder = settings.DATA_DIR / "schemas"
    # With the languages of languages.yaml (portal_contract.schemas), as `validate` reads them.
    schemas = [language_schemas.read(p) for p in folder.glob("*.json")]
    registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas if "$id" in s])
    main = language_schemas.read(folder / SCHEMAS[kind])
    validator = jsonschema_rs.validator_for(main, registry=registry, validate_formats=True)
    return [
        f"{'.'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(record)
    ]


def enqueue(submission: Submission, reviewer: Any, reason: str) -> Publication | None:
    found = record_of(submission, clock.today())
    if found is None:
        return None
    kind, record = found
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)
    name = reviewer.get_full_name() or reviewer.get_username()
    replaces = "updates" in definitions.load(settings.DATA_DIR)[submission.form_id].data
    return Publication.objects.create(
        submission=submission,
        path=f"data/{kind}/{record['id']}.yaml",
        content=text,
        replaces=replaces,
        message=(
            f"{'Update' if replaces else 'Add'} {kind[:-1]} {record['id']}"
            f" ({submission.reference})\n\n"
            f"Approved by {name}: {reason or 'registration checked'}.\n"
        ),
        branch=f"submissions/{submission.reference}",
        author_name=name,
        author_email=reviewer.email or f"{reviewer.get_username()}@staff.invalid",
        next_try=clock.now(),
    )


def publish_due(now: datetime | None = None, limit: int = 20) -> tuple[int, int]:
    """Commit (and push) what is due, one record at a time; (done, failed). Each step's
    result is saved as soon as it is known — the commit's sha right after the commit, so
    that a failed or hanging push is retried with the same local commit."""
    now = now or clock.now()
    done = failed = 0
    for pk in retries.due(Publication, now, limit):
        item = retries.claim(Publication, pk, now)
        if item is None:
            continue
        try:
            if not item.commit:
                sha = commit(item)  # may give the record a new id: path and content change
                retries.record(item, commit=sha, path=item.path, content=item.content)
            if settings.FORMS_PUBLISH_REMOTE and not item.pushed:
                _git(
                    "push", settings.FORMS_PUBLISH_REMOTE, f"{item.commit}:refs/heads/{item.branch}"
                )
                retries.record(item, pushed=True)
        except Exception as error:  # this record's fault alone: the others go on
            if not isinstance(error, (subprocess.SubprocessError, OSError)):
                log.exception("publishing %s failed", item.branch)
            retries.failed(item, now, _said(error))
            failed += 1
        else:
            retries.succeeded(item, clock.now())
            done += 1
    return done, failed


def commit(item: Publication) -> str:
    """Commit the file on its branch, from the base branch, leaving the working tree alone."""
    base = _git("rev-parse", f"{settings.FORMS_PUBLISH_BASE}^{{commit}}")
    if not item.replaces:
        _unique(item, base)
    blob = _git("hash-object", "-w", "--stdin", stdin=item.content)
    with tempfile.TemporaryDirectory() as tmp:
        index = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git("read-tree", base, env=index)
        _git("update-index", "--add", "--cacheinfo", f"100644,{blob},{item.path}", env=index)
        tree = _git("write-tree", env=index)
    author = {
        "GIT_AUTHOR_NAME": item.author_name,
        "GIT_AUTHOR_EMAIL": item.author_email,
        "GIT_COMMITTER_NAME": settings.FORMS_PUBLISH_COMMITTER,
        "GIT_COMMITTER_EMAIL": settings.DEFAULT_FROM_EMAIL,
    }
    sha = _git("commit-tree", tree, "-p", base, stdin=item.message, env=author)
    _git("update-ref", f"refs/heads/{item.branch}", sha)
    return sha


def _unique(item: Publication, base: str) -> None:
    """A new record never replaces one already in the data: same id, add -2, -3, ..."""
    folder, _, name = item.path.rpartition("/")
    stem = name.removesuffix(".yaml")
    taken = set(_git("ls-tree", "--name-only", f"{base}:{folder}").split()) if folder else set()
    if name not in taken:
        return
    n = 2
    while f"{stem}-{n}.yaml" in taken:
        n += 1
    record = yaml.safe_load(item.content)
    record["id"] = f"{stem}-{n}"
    item.path = f"{folder}/{record['id']}.yaml"
    item.content = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)


def _git(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> str:
    """Run git in the data repository; at most FORMS_GIT_TIMEOUT seconds. A push runs
    helpers of its own (ssh, git-remote-http): on a timeout the whole process group is
    killed, so none of them is left waiting on the remote."""
    command = ["git", "-C", str(settings.FORMS_PUBLISH_REPO), *args]
    with subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0", **(env or {})},
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(stdin, timeout=settings.FORMS_GIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, out, err)
    return out.strip()


def _said(error: BaseException) -> str:
    if isinstance(error, subprocess.CalledProcessError):
        return f"git {' '.join(error.cmd[3:5])}: {error.stderr.strip()}"
    if isinstance(error, subprocess.TimeoutExpired):
        return f"git {' '.join(map(str, error.cmd[3:5]))}: no answer in {error.timeout:g} s"
    return retries.said(error)
