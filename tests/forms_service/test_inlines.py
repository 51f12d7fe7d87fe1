"""A submission's page in the staff area, posted with its read-only lists (attachments,
status changes) altered: a 400 and nothing changed, never a server error."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from forms_service.submissions.models import Submission
from tests.forms_service.conftest import signed_in
from tests.forms_service.test_contact import ANSWERS, hidden
from tests.forms_service.test_staff import HIDDEN, applied

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff_accounts")]

ALTERED = [
    {"files-TOTAL_FORMS": "4"},  # an attachment more than the application has
    {"files-TOTAL_FORMS": "100000"},  # beyond the most Django lets a formset have
    {"files-INITIAL_FORMS": "0"},
    {"files-0-id": "999"},  # another attachment, or none
    {"files-0-submission": "999"},
    {"changes-TOTAL_FORMS": "1"},
    {"files-MAX_NUM_FORMS": "9"},
    {"files-3-id": "1"},  # a form the page did not draw
]


def change(client: Client, submission: Submission, status: str, **altered: str) -> int:
    """Post the submission's page as it was drawn, with `altered` fields; its status code."""
    client.raise_request_exception = False  # the answer a browser would get
    url = f"/staff/submissions/submission/{submission.pk}/change/"
    fields = dict(HIDDEN.findall(client.get(url).content.decode()))
    return int(client.post(url, {**fields, "new_status": status, **altered}).status_code)


@pytest.mark.parametrize(
    "altered", ALTERED, ids=lambda a: "&".join(f"{k}={v}" for k, v in a.items())
)
def test_altered_lists_are_refused(
    client: Client, live_data: Path, altered: dict[str, str]
) -> None:
    submission = applied(client)  # three attachments
    lyon = signed_in("lyon")
    # "under-evaluation" is not the consulate's to give: the page would be drawn again.
    assert change(lyon, submission, "under-evaluation", **altered) == 400
    assert change(lyon, submission, "complete", **altered) == 400
    assert Submission.objects.get().status == "received"
    assert change(lyon, submission, "complete") == 302  # as drawn, it goes through


def test_forms_for_attachments_a_message_does_not_have_are_refused(client: Client) -> None:
    client.post("/en/forms/contact/", {**ANSWERS, **hidden(client, "en")})
    message = Submission.objects.get()  # no attachment
    ministry = signed_in("ministry")
    assert change(ministry, message, "complete", **{"files-TOTAL_FORMS": "3"}) == 400
    assert change(ministry, message, "", **{"files-TOTAL_FORMS": "3"}) == 400
    assert change(ministry, message, "complete") == 200  # not a message's step: shown again
