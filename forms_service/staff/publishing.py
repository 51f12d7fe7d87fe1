"""What an approval publishes: the record an approved submission becomes, checked by the
data's schema, and queued for the worker to commit.

An approved association registration becomes data/associations/<id>.yaml: its public fields
only (forms_service/records.py), validated by the data's own schema, before staff can approve
it. Approving queues it (a Publication row, in the same transaction as the new status), with
the commit's branch, message and author, the reviewer; the worker commits and pushes it
(forms_service/worker/commits.py). The two halves meet only at that row: staff never wait
on git, and the worker never imports staff.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from django.conf import settings

from forms_service import clock, definitions, records
from forms_service.datafiles import read_yaml
from forms_service.submissions.models import Publication, Submission
from portal_contract import datapackage, yamlfile
from portal_contract.sources import Source

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


def as_yaml(record: dict[str, Any]) -> str:
    """The file the record is published as."""
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)


def schema_errors(kind: str, record: dict[str, Any]) -> list[str]:
    """What `site-builder validate` would say is wrong with the record's file (none: it can
    be published): the file read back as validate reads it (an applicant's text that a
    spreadsheet would run, a character that turns text backwards), then the data's schema."""
    path = f"data/{kind}/{record.get('id', '')}.yaml"
    _document, read = yamlfile.parse(Source(path, as_yaml(record)))
    found = [f"{problem.field}: {problem.message}" for problem in read]
    validator = datapackage.load_contract(settings.DATA_DIR).validators[f"schemas/{SCHEMAS[kind]}"]
    return found + [
        f"{'.'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(record)
    ]


def enqueue(submission: Submission, reviewer: Any, reason: str) -> Publication | None:
    found = record_of(submission, clock.today())
    if found is None:
        return None
    kind, record = found
    text = as_yaml(record)
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
