"""Approved records committed to the data repository through git, never lost.

Staff queue each approved record (forms_service/staff/publishing.py); this commits it on a
branch `submissions/<reference>` without touching anyone's working tree (git's plumbing, with
a private index), authored by the reviewer, and pushes it when a remote is configured. Both
steps go through the queue (the Publication table): a locked repository or an unreachable
remote is retried later, with growing delays, by the same worker as the emails.
"""

from __future__ import annotations

import logging
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

import yaml
from django.conf import settings

from forms_service import clock, retries
from forms_service.submissions.models import Publication
from portal_contract import git

log = logging.getLogger(__name__)


def publish_due(now: datetime | None = None, limit: int = 20) -> tuple[int, int]:
    """Commit (and push) what is due, one record at a time; (done, failed). Each step's
    result is saved as soon as it is known — the commit's sha right after the commit, so
    that a failed or hanging push is retried with the same local commit."""
    now = now or clock.now()
    done = failed = 0
    for pk in retries.due(Publication, now, limit):
        if retries.STOP.is_set():
            break
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
    """git in the data repository, at most FORMS_GIT_TIMEOUT seconds (portal_contract.git:
    on a timeout no helper of a push is left waiting on the remote)."""
    out = git.run(
        settings.FORMS_PUBLISH_REPO, *args, stdin=stdin, env=env, timeout=settings.FORMS_GIT_TIMEOUT
    )
    return out.strip()


def _said(error: BaseException) -> str:
    if isinstance(error, (subprocess.CalledProcessError, subprocess.TimeoutExpired)):
        return git.said(error)
    return retries.said(error)
