"""What a staff list may be filtered by in its address: what the list itself offers, its
filters and its date links, and nothing else.

Django's admin lets the address filter a list by any lookup on the model's own fields:
`?status__regex=[` was a server error (an invalid regular expression), `?answers__contains=`
one on SQLite (no JSON containment there), `?answers__city__regex=` a regular expression run
in Python over every row, and `?token__startswith=` filtered by a secret, a character at a
time. Anything other than a parameter the list's own links set is refused as Django refuses a
lookup it does not allow (DisallowedModelAdminLookup: a 400), and so is a value holding a
NUL, which PostgreSQL refuses in a query (a server error) and no text kept here holds. The
search box (`q`) and the sorting, paging and count links are parameters of another kind,
which Django never asks about.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.http import HttpRequest

DATE_PARTS = ("year", "month", "day")  # Django's date links, down to a day


def allowed(model_admin: Any, request: HttpRequest, lookup: str, value: str) -> bool:
    return lookup in offered(model_admin, request) and "\x00" not in value


def offered(model_admin: Any, request: HttpRequest) -> set[str]:
    """The parameters the list's filters and date links set."""
    found = {
        parameter
        for item in model_admin.get_list_filter(request)
        for parameter in _list_filter(model_admin, request, item).expected_parameters()
    }
    if model_admin.date_hierarchy:
        found |= {f"{model_admin.date_hierarchy}__{part}" for part in DATE_PARTS}
    return found


def _list_filter(model_admin: Any, request: HttpRequest, item: Any) -> Any:
    """The filter the list draws for an item of its list_filter, made as Django's changelist
    makes it (ChangeList.get_filters), with no value chosen: its parameters' names are its
    own (`status` for a column's values, `status__exact` for a field's choices), so they are
    asked of it rather than guessed."""
    model = model_admin.model
    if callable(item):  # a filter of the project's own (SimpleListFilter)
        return item(request, {}, model, model_admin)
    path, kind = item if isinstance(item, (list, tuple)) else (item, admin.FieldListFilter.create)
    field = get_fields_from_path(model, path)[-1]
    return kind(field, request, {}, model, model_admin, field_path=path)
