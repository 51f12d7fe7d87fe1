"""Email addresses as they will be sent, checked where they are typed.

Django's EmailValidator accepts a domain of 60 "ä"s, whose IDNA form (xn--...) is longer
than a DNS label may be (63 octets): such an address is stored, then cannot be sent. This
checks what the outbox will do — the domain encoded to ASCII by IDNA — and the lengths of
RFC 5321 (local part ≤ 64 octets, domain ≤ 255, the whole address ≤ 254 as a path allows)
and RFC 1035 (each label ≤ 63 octets), so an address is refused beside its field, in the
page's language (the field's own "invalid" message), never at sending time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.core.validators import EmailValidator, validate_email


def sendable(value: str) -> None:
    """Django's check, then the outbox's: one message either way ("Enter a valid email
    address.", or the form's own for code "invalid")."""
    validate_email(value)
    refused = ValidationError(EmailValidator.message, code="invalid")
    try:
        ascii_form = sanitize_address(value, "utf-8")
    except (ValueError, UnicodeError):  # IDNA cannot encode the domain
        raise refused from None
    local, _, domain = ascii_form.rpartition("@")
    too_long = (
        len(ascii_form.encode()) > 254
        or len(local.encode()) > 64
        or len(domain) > 253
        or any(not label or len(label) > 63 for label in domain.split("."))
    )
    if too_long:
        raise refused


class EmailField(forms.EmailField):
    """An email address that the outbox can send to, typed left to right even on an Arabic
    page (an address is Latin script: right to left, its start is hidden), and offered by
    the browser's autofill."""

    default_validators: ClassVar[list[Callable[[str], None]]] = [sendable]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "dir": "ltr", "autocomplete": "email"}
