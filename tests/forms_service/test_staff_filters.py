"""The staff lists are filtered by what they offer, and by nothing else: a lookup the address
makes up (a regular expression, JSON containment, the secret token) or a value no database
takes (a NUL) is refused, Django's 400, for every role that sees the list, never a server
error; every filter and date link a list draws still works."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User

from forms_service import clock
from forms_service.staff.models import AuditEntry
from forms_service.submissions.models import Email, Publication, Submission
from tests.forms_service.conftest import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff_accounts")]

SUBMISSIONS = "/staff/submissions/submission/"
EMAILS = "/staff/submissions/email/"
PUBLICATIONS = "/staff/submissions/publication/"
AUDIT = "/staff/staff/auditentry/"
# Each list, and the roles that see it.
LISTS = [
    ("lyon", SUBMISSIONS),
    ("ministry", SUBMISSIONS),
    ("ministry", EMAILS),
    ("ministry", PUBLICATIONS),
    ("auditor", AUDIT),
]
REFUSED = {
    SUBMISSIONS: [
        "status__regex=[",  # an invalid regular expression: a server error
        "email__regex=(",
        "answers__contains=%7B%7D",  # JSON containment: none on SQLite
        "token__startswith=t",  # the secret token, a character at a time
        "answers__city__regex=^(a%2B)%2B$",  # run in Python over each row, on SQLite
        "created__gte=2024-01-01",  # a date, but not one of the date links
        "reference__startswith=APP",  # what the search box looks in, but not as it does
        "form_id=a%00b",  # offered, but a NUL: PostgreSQL refuses it in a query
    ],
    EMAILS: ["body__contains=resume", "to__regex=("],  # a body may hold a draft's link
    PUBLICATIONS: ["content__regex=(", "branch__startswith=submissions"],
    AUDIT: ["detail__regex=(", "user__username__startswith=a"],
}


def some_of_everything() -> None:
    """Submissions of two posts, two forms, three statuses and languages, over two years
    (the date links go down to a day); an email, a record to publish, audit entries."""
    rows = [
        ("lyon", "project-application", "open-call", "received", "ar", (2024, 3, 5)),
        ("lyon", "project-application", "", "complete", "fr", (2024, 3, 9)),
        ("lyon", "contact", "", "answered", "en", (2025, 7, 1)),
        ("paris", "project-application", "open-call", "received", "fr", (2025, 7, 2)),
        ("", "contact", "", "received", "en", (2025, 8, 2)),
    ]
    for n, (post, form_id, subject, status, lang, day) in enumerate(rows):
        submission = Submission.objects.create(
            reference=f"APP-2345-678{n}", token=f"token-{n}", form_id=form_id, lang=lang,
            email=f"a{n}@example.org", answers={"city": "Lyon"}, status=status, post=post,
            subject=subject,
        )  # fmt: skip
        created = datetime(*day, 10, tzinfo=UTC)
        Submission.objects.filter(pk=submission.pk).update(created=created)
    first = Submission.objects.first()
    Email.objects.create(to="a0@example.org", subject="s", body="b", next_try=clock.now())
    Publication.objects.create(submission=first, path="data/x.yaml", next_try=clock.now())
    for action in ("viewed", "exported"):
        AuditEntry.objects.create(user=User.objects.get(username="lyon"), action=action)


@pytest.mark.parametrize("username,listing", LISTS)
def test_a_lookup_the_list_does_not_offer_is_refused(username: str, listing: str) -> None:
    some_of_everything()
    client = signed_in(username)
    client.raise_request_exception = False  # a server error is an answer, compared below
    assert client.get(listing).status_code == 200
    refused = {query: client.get(f"{listing}?{query}").status_code for query in REFUSED[listing]}
    assert refused == dict.fromkeys(REFUSED[listing], 400)


# The parameters of each list's filters, and of its date links.
DATES = {"created__year", "created__month", "created__day"}
FILTERS = {
    SUBMISSIONS: {"form_id", "subject", "status", "post", "lang", *DATES},
    EMAILS: {"state"},
    PUBLICATIONS: {"state"},
    AUDIT: {"action"},
}


def offered(html: str) -> set[str]:
    """The query strings of the links a list page draws (its filters, its dates, its
    sorting and counts)."""
    return {unescape(link) for link in re.findall(r'href="(\?[^"]*)"', html)}


def parameters(query: str) -> set[str]:
    return set(parse_qs(urlsplit(query).query, keep_blank_values=True))


@pytest.mark.parametrize("username,listing", LISTS)
def test_every_filter_and_date_link_a_list_offers_works(username: str, listing: str) -> None:
    """Each link of the list's first page is followed, and the date links down to a day."""
    some_of_everything()
    client = signed_in(username)
    seen: set[str] = set()
    waiting = {"?"}
    while waiting:
        query = waiting.pop()
        seen.add(query)
        page = client.get(listing + query)
        assert page.status_code == 200, query
        links = offered(page.content.decode())
        if query == "?":
            waiting |= links - seen
        elif parameters(query) <= DATES:
            waiting |= {q for q in links if parameters(q) <= DATES} - seen
    used = set().union(*map(parameters, seen))
    assert FILTERS[listing] <= used
