"""The read-only lists on a submission's page (its attachments, its status changes), when
the page is posted back.

Django's admin rebuilds each list from the hidden fields the page drew (how many rows, and
each row's id); staff change nothing in them, so the post must carry them unchanged. Altered,
they made Django build rows that do not exist, which the page then failed to draw (a server
error): they are refused instead, with a 400, before anything is saved.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import QueryDict


def refuse_altered(formset_class: Any, kwargs: dict[str, Any], posted: QueryDict) -> None:
    """Raise SuspiciousOperation (a 400, logged by Django as a security event) unless
    `posted` has the hidden fields of the formset that `kwargs` builds, as the page drew them.
    The formset's prefix is its own: no other list's starts with it (the admin's default
    prefixes, "files" and "changes")."""
    drawn = formset_class(
        instance=kwargs["instance"], prefix=kwargs["prefix"], queryset=kwargs["queryset"]
    )
    expected = {
        field.html_name: [field.field.widget.format_value(field.value()) or ""]
        for form in (drawn.management_form, *drawn.forms)
        for field in form.hidden_fields()
    }
    sent = {name: values for name, values in posted.lists() if name.startswith(f"{drawn.prefix}-")}
    if sent != expected:
        raise SuspiciousOperation(f"the read-only list {drawn.prefix!r} was altered in a post")
