"""The bare view, at the contact form's address, so that the benchmark's clients post the
same request to either project."""

from __future__ import annotations

import json
import secrets
import time

from django.core import signing
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone

COLUMNS = "reference, token, form_id, lang, email, answers, status, created, post, subject"
INSERT = f"INSERT INTO submissions_submission ({COLUMNS}) VALUES ({', '.join(['%s'] * 10)})"


def contact(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return shown()
    answers = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken",)}
    reference = "MSG-" + secrets.token_hex(4).upper()
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    row = [reference, answers["token"], "contact", "en", answers["email"], json.dumps(answers)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(INSERT, [*row, "received", created, "", ""])
    response = HttpResponse(status=303)
    response["Location"] = f"/en/forms/contact/received/{reference}/"
    response["Content-Length"] = "0"  # as the service's CommonMiddleware sets it
    return response


def shown() -> HttpResponse:
    """The fields the benchmark reads from the form's page, as long as the service's: a CSRF
    cookie (32 characters) and form token (64), and the signed time the page was shown."""
    started = signing.dumps(time.time(), salt="forms.started")
    html = (
        f'<input name="csrfmiddlewaretoken" value="{secrets.token_hex(32)}">'
        f'<input name="started" value="{started}">'
    )
    response = HttpResponse(html)
    response.set_cookie("csrftoken", secrets.token_hex(16))
    return response


urlpatterns = [path("en/forms/contact/", contact)]
