"""Project applications with their three PDF files, sent while the crash test kills the
service: after the restart, each acknowledged application must have its files, on disk,
byte for byte (bench/bench_submissions.py).

An applicant is a thread with its own connection: it opens the form, sends the answers and
the files (the answers to check come back), then confirms; acknowledged on the 303.
"""

from __future__ import annotations

import hashlib
import http.client
import re
import shutil
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import yaml
from pypdf import PdfWriter

CALL = "bench-open"
FILES = ("application_form", "budget_file", "statutes")
HIDDEN = re.compile(r'type="hidden" name="(token|started|kept|answers)" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def data_with_open_call(repo: Path, into: Path) -> Path:
    """The sample data, plus a call open now (applications are taken only while one is)."""
    shutil.copytree(repo / "data", into)
    call = yaml.safe_load((into / "calls" / "support-2026.yaml").read_text(encoding="utf-8"))
    now = datetime.now(UTC).replace(microsecond=0)
    call.update(
        id=CALL,
        opens=(now - timedelta(days=1)).isoformat(),
        closes=(now + timedelta(days=30)).isoformat(),
    )
    text = yaml.safe_dump(call, allow_unicode=True, sort_keys=False)
    (into / "calls" / f"{CALL}.yaml").write_text(text, encoding="utf-8")
    return into


def pdf(label: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": label})  # each file its own bytes
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class Sent:
    """Acknowledged applications: reference → the SHA-256 of each file sent, by field."""

    acknowledged: dict[str, dict[str, str]] = field(default_factory=dict)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def multipart(fields: dict[str, str], files: dict[str, bytes]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, content in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}";'
            f' filename="{name}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def apply_once(port: int, n: int, sent: Sent) -> None:
    path = "/en/forms/project-application/"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", f"{path}?call={CALL}")
        page = connection.getresponse()
        html = page.read().decode()
        cookie = (page.getheader("Set-Cookie") or "").split(";", 1)[0]
        csrf_found = CSRF.search(html)
        if page.status != 200 or not csrf_found:
            raise OSError(f"form: {page.status}")
        csrf = csrf_found.group(1)
        token = f"app{n}x{time.monotonic_ns()}"
        answers = {
            "csrfmiddlewaretoken": csrf,
            **dict(HIDDEN.findall(html)),
            "call": CALL,
            "association_name": "Association Amal",
            "country": "FR",
            "city": "Lyon",
            "founded": "2012",
            "project_title": f"Soutien scolaire {token}",
            "axis": "school-support",
            "summary": f"Application {token}",
            "amount_mad": "100000",
            "budget_mad": "200000",
            "contact_name": "Amal Benali",
            "email": f"{token}@example.org",
            "phone": "+33 6 12 34 56 78",
            "declaration": "on",
        }
        files = {name: pdf(f"{token} {name}") for name in FILES}
        body, kind = multipart(answers, files)
        headers = {"Content-Type": kind, "Cookie": cookie}
        connection.request("POST", path, body=body, headers=headers)
        check = connection.getresponse()
        checked = check.read().decode()
        if check.status != 200:
            raise OSError(f"check: {check.status}")
        confirm = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": csrf, **dict(HIDDEN.findall(checked)), "step": "confirm"}
        ).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request("POST", path, body=confirm, headers=headers)
        done = connection.getresponse()
        done.read()
        if done.status != 303:
            raise OSError(f"confirm: {done.status}")
        reference = (done.getheader("Location") or "").rstrip("/").rsplit("/", 1)[1]
        with sent.lock:
            sent.acknowledged[reference] = {
                name: hashlib.sha256(content).hexdigest() for name, content in files.items()
            }
    finally:
        connection.close()


def applicant(port: int, n: int, until: float, sent: Sent) -> None:
    tries = 0
    while time.monotonic() < until:
        tries += 1
        try:
            apply_once(port, n * 100_000 + tries, sent)
        except (OSError, http.client.HTTPException):
            with sent.lock:
                sent.errors += 1
            time.sleep(0.05)


def start(port: int, count: int, seconds: float) -> tuple[list[threading.Thread], Sent]:
    sent = Sent()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=applicant, args=(port, n, until, sent), daemon=True)
        for n in range(count)
    ]
    for thread in threads:
        thread.start()
    return threads, sent


CHECK = """
import django, hashlib, json; django.setup()
from pathlib import Path
from django.conf import settings
from forms_service.submissions.models import Attachment
found = {}
for a in Attachment.objects.select_related("submission"):
    on_disk = Path(settings.FORMS_UPLOAD_DIR) / "files" / a.stored
    content = on_disk.read_bytes() if on_disk.exists() else None
    digest = hashlib.sha256(content).hexdigest() if content is not None else ""
    found.setdefault(a.submission.reference, {})[a.field] = [a.sha256, digest]
print(json.dumps(found))
"""


def verify(sent: Sent, found: dict[str, dict[str, list[str]]]) -> dict[str, int]:
    """Each acknowledged application's files: recorded, on disk, and the bytes sent."""
    missing = sum(1 for ref in sent.acknowledged if ref not in found)
    damaged = 0
    for ref, files in sent.acknowledged.items():
        for name, digest in files.items():
            recorded, on_disk = found.get(ref, {}).get(name, ["", ""])
            damaged += not (recorded == on_disk == digest)
    return {"acknowledged": len(sent.acknowledged), "missing": missing, "damaged_files": damaged}
