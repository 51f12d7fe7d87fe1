"""The uploads' store (forms_service/storage.py): every read, write, move, listing and removal
of an attachment goes through the storage configured as STORAGES["uploads"]; two service
instances sharing one folder see each other's files; FORMS_UPLOAD_STORAGE=s3 builds
django-storages' S3 storage (no S3 here: its configuration only)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from forms_service import clock, storage, uploads
from forms_service.staff.personal import purge
from forms_service.submissions.models import Attachment, Submission
from tests.conftest import REPO
from tests.forms_service.conftest import signed_in
from tests.forms_service.filling import hidden_in
from tests.forms_service.pdfs import pdf_bytes, pdf_upload
from tests.forms_service.test_applications import PATH, answers, post

IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


@pytest.fixture(autouse=True)
def no_wait(settings: Any) -> None:
    settings.FORMS_MIN_FILL_SECONDS = 0


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def applied(client: Client) -> Submission:
    check = post(client, "fr", answers()).content.decode()
    done = client.post(PATH.format(lang="fr"), {**hidden_in(check), "step": "confirm"})
    assert done.status_code == 303
    return Submission.objects.get()


@pytest.mark.django_db
@pytest.mark.usefixtures("staff_accounts")
def test_attachments_live_only_in_the_configured_store(
    client: Client, live_data: Path, settings: Any
) -> None:
    """An object store stands in for S3 here: Django's in-memory storage, which has no
    folder, no path and no rename. The whole life of an attachment goes through it."""
    settings.STORAGES = {**settings.STORAGES, "uploads": IN_MEMORY}
    store = storage.uploads()
    assert type(store).__name__ == "InMemoryStorage"
    post(client, "fr", answers(project_title=""))  # an error: three files kept, waiting
    assert len(list(storage.walk(store, uploads.PENDING))) == 3
    assert uploads.purge_pending(store, -60) == 3  # all older than a minute from now
    submission = applied(client)
    files = list(Attachment.objects.filter(submission=submission))
    assert sorted(storage.walk(store)) == sorted(uploads.file_name(a.stored) for a in files)
    for attachment in files:
        with store.open(uploads.file_name(attachment.stored)) as content:
            assert sha256(content.read()) == attachment.sha256
    assert not Path(settings.FORMS_UPLOAD_DIR).exists()  # nothing beside the store

    statutes = submission.files.get(field="statutes")
    download = signed_in("lyon").get(f"/staff/attachments/{statutes.pk}/")
    assert b"".join(download.streaming_content) == pdf_bytes()

    long_ago = clock.now() - timedelta(days=settings.FORMS_RETENTION_DAYS + 1)
    Submission.objects.update(created=long_ago)
    assert purge()["attachments"] == 3
    assert list(storage.walk(store)) == []


def test_a_move_cut_short_on_an_object_store_is_finished_by_the_next(settings: Any) -> None:
    """Copy, then delete: a crash between the two leaves the file in both folders; sending
    the form again finds it in files/ and only removes the copy left in pending/."""
    settings.STORAGES = {**settings.STORAGES, "uploads": IN_MEMORY}
    store = storage.uploads()
    kept = uploads.keep_pending(pdf_upload("budget.pdf"), store)
    store.save(uploads.file_name(kept.stored), ContentFile(pdf_bytes()))  # the copy, then…
    assert not uploads.commit(kept, store)  # in files/ already: not this call's to move back
    assert list(storage.walk(store)) == [uploads.file_name(kept.stored)]
    uploads.uncommit(kept, store)  # the row could not be written: back to pending/
    assert list(storage.walk(store)) == [uploads.pending_name(kept.stored)]


# A second service instance: its own process and settings, the same uploads folder. It
# prints what it finds there, then keeps a file of its own in pending/.
OTHER_HOST = """
import hashlib, json, django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from forms_service import storage, uploads
store = storage.uploads()
found = {}
for name in storage.walk(store):
    with store.open(name) as content:
        found[name] = hashlib.sha256(content.read()).hexdigest()
data = open(__import__("sys").argv[1], "rb").read()
kept = uploads.keep_pending(SimpleUploadedFile("annexe.pdf", data), store)
print(json.dumps({"found": found, "kept": kept.as_dict()}))
"""


def service_env(**changes: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "FORMS_"))}
    return {**inherited, "DJANGO_SETTINGS_MODULE": "forms_service.settings", **changes}


@pytest.mark.django_db
def test_two_service_instances_sharing_a_folder_see_each_others_files(
    client: Client, live_data: Path, settings: Any, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-uploads"  # a folder every host mounts
    settings.FORMS_UPLOAD_DIR = shared
    submission = applied(client)  # received by this instance
    pdf = tmp_path / "annexe.pdf"
    pdf.write_bytes(pdf_bytes(pages=3))
    other = subprocess.run(
        [sys.executable, "-c", OTHER_HOST, str(pdf)],
        cwd=REPO,
        env=service_env(FORMS_UPLOAD_DIR=str(shared), FORMS_VAR_DIR=str(tmp_path / "var")),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(other.stdout)
    assert seen["found"] == {
        uploads.file_name(a.stored): a.sha256 for a in submission.files.all()
    }  # the other instance reads what this one received
    kept = uploads.Kept.from_dict(seen["kept"])
    store = storage.uploads()
    uploads.commit(kept, store)  # and this one sends what the other kept
    with store.open(uploads.file_name(kept.stored)) as content:
        assert sha256(content.read()) == kept.sha256 == sha256(pdf_bytes(pages=3))


CONFIGURED = """
import json, django
django.setup()
from forms_service import storage
store = storage.uploads()
print(json.dumps({
    "class": f"{type(store).__module__}.{type(store).__name__}",
    "bucket": store.bucket_name, "endpoint": store.endpoint_url, "region": store.region_name,
    "location": store.location, "overwrite": store.file_overwrite,
}))
"""


def configured(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CONFIGURED],
        cwd=REPO,
        env=service_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_s3_compatible_store_is_configured_from_the_environment() -> None:
    done = configured(
        FORMS_UPLOAD_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="portal-uploads",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_REGION_NAME="eu-west-3",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "class": "storages.backends.s3.S3Storage",
        "bucket": "portal-uploads",
        "endpoint": "https://s3.example.org",
        "region": "eu-west-3",
        "location": "uploads",
        "overwrite": False,
    }


@pytest.mark.parametrize(
    "env,message",
    [
        ({"FORMS_UPLOAD_STORAGE": "s3"}, "FORMS_UPLOAD_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
        ({"FORMS_UPLOAD_STORAGE": "ftp"}, "FORMS_UPLOAD_STORAGE='ftp': filesystem or s3"),
    ],
)
def test_a_store_that_cannot_be_built_stops_the_service_at_start(
    env: dict[str, str], message: str
) -> None:
    done = configured(**env)
    assert done.returncode != 0 and message in done.stderr
