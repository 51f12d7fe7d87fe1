"""A new row inserted in one statement made once per model: Django's save() and create()
build theirs again for every row (a query object, its compiler, its SQL), which cost a
submission more CPU than its two rows' writing. The values are the model's own, each field
preparing its own (defaults, auto_now_add, JSON), as save() does; no signal is sent (none
of the service's models has a receiver)."""

from __future__ import annotations

from typing import Any

from django.db import connection, models


def insert(row: models.Model) -> None:
    """INSERT `row`, in the caller's transaction, and give it the id the database chose."""
    fields, sql = _statement(type(row))
    values = [f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row.pk = cursor.fetchone()[0]
    row._state.adding, row._state.db = False, connection.alias


_MADE: dict[tuple[type[models.Model], str], tuple[list[Any], str]] = {}


def _statement(model: type[models.Model]) -> tuple[list[Any], str]:
    """The model's fields and its INSERT statement, for this database."""
    key = (model, connection.vendor)
    if key not in _MADE:
        _MADE[key] = _made(model)
    return _MADE[key]


def _made(model: type[models.Model]) -> tuple[list[Any], str]:
    quote = connection.ops.quote_name
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    assert meta.pk is not None
    pk = quote(meta.pk.column)
    return fields, f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks}) RETURNING {pk}"
