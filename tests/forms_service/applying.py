"""Project applications sent through the real form by a process of its own, as users would,
for the backup tests (test_backups.py):

    python -m tests.forms_service.applying COUNT [STOP]

sends COUNT applications, each with PDF files of their own bytes (with STOP: goes on
until that file exists), printing each reference as it is acknowledged; then one more with
an error, whose checked files stay waiting in pending/. Its environment chooses the
database, the uploads and the data, as the service's settings read it.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any

import django


def main(argv: list[str]) -> None:
    django.setup()
    from django.conf import settings
    from django.test import Client

    from forms_service import definitions
    from tests.forms_service.filling import REFERENCE, hidden, send, valid_answers
    from tests.forms_service.pdfs import pdf_upload

    definition = definitions.load(settings.DATA_DIR)["project-application"]

    def answers(n: int) -> dict[str, Any]:
        filled = valid_answers(definition, "fr", settings.DATA_DIR)
        for spec in definition.fields:
            if spec["type"] == "file":
                name = spec["name"]
                filled[name] = pdf_upload(f"{name}.pdf", title=f"{n} {name}")
        return filled

    count, stop = int(argv[0]), Path(argv[1]) if len(argv) > 1 else None
    for n in itertools.count():
        if (stop is None and n >= count) or (stop is not None and stop.exists()):
            break
        page = send(Client(), "fr", definition.id, answers(n))
        found = REFERENCE.search(page)
        assert found, page[:2000]
        print(found.group(), flush=True)
    client, path = Client(), f"/fr/forms/{definition.id}/"
    unfinished = {**answers(-1), "project_title": ""}
    refused = client.post(path, {**unfinished, **hidden(client, path)})
    assert refused.status_code == 400, refused.status_code


if __name__ == "__main__":
    main(sys.argv[1:])
