"""What each role may see and do, and the steps of each kind of submission's review.

Applications follow the real process: the consular post checks the file is complete (or
says what is missing), then the ministry's project selection committee evaluates and
selects. Registrations and partnership requests are approved or rejected by the ministry.
"""

from __future__ import annotations

from django.db.models import QuerySet

from forms_service.submissions.models import Submission

CHECKERS = {"admin", "consular"}
DECIDERS = {"admin", "ministry"}

# form → status → next status → roles allowed to take that step
APPLICATION = {
    "received": {"complete": CHECKERS, "incomplete": CHECKERS},
    "incomplete": {"complete": CHECKERS},
    "complete": {"under-evaluation": DECIDERS},
    "under-evaluation": {"selected": DECIDERS, "not-selected": DECIDERS},
}
DECISION = {"received": {"approved": DECIDERS, "rejected": DECIDERS}}
TRAINING = {
    "received": {"approved": DECIDERS, "rejected": DECIDERS},
    "waiting-list": {"approved": DECIDERS, "rejected": DECIDERS},
}
CONTACT = {"received": {"answered": DECIDERS | CHECKERS}}
WORKFLOWS = {
    "project-application": APPLICATION,
    "training-registration": TRAINING,
    "contact": CONTACT,
}
# A step that turns something down says why.
NEEDS_COMMENT = {"incomplete", "not-selected", "rejected"}


def next_steps(role: str, form_id: str, status: str) -> list[str]:
    steps = WORKFLOWS.get(form_id, DECISION).get(status, {})
    return [new for new, roles in steps.items() if role in roles]


def visible(role: str, post: str, submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """The submissions a staff member may see: a consular post's own, or all of them."""
    if role == "consular":
        return submissions.filter(post=post) if post else submissions.none()
    return submissions
