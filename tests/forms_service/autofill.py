"""What the browser may fill in, field by field (HTML's autocomplete tokens, WCAG 1.3.5): the
person's name, their association's name and city, their email and phone, the country. An
association's public address is not the person's own: "off". Fields not listed have no
token. The same in every language."""

from __future__ import annotations

TOKENS = [
    ("association-registration", "name_latin", "organization"),
    ("association-registration", "country", "country"),
    ("association-registration", "city", "address-level2"),
    ("association-registration", "public_email", "off"),
    ("association-registration", "public_phone", "off"),
    ("association-registration", "contact_name", "name"),
    ("association-registration", "email", "email"),
    ("association-update", "public_email", "off"),
    ("association-update", "contact_name", "name"),
    ("association-update", "email", "email"),
    ("contact", "name", "name"),
    ("contact", "email", "email"),
    ("contact", "country", "country"),
    ("partnership-reply", "association_name", "organization"),
    ("partnership-reply", "country", "country"),
    ("partnership-reply", "city", "address-level2"),
    ("partnership-reply", "contact_name", "name"),
    ("partnership-reply", "email", "email"),
    ("partnership-request", "association_name", "organization"),
    ("partnership-request", "country", "country"),
    ("partnership-request", "city", "address-level2"),
    ("partnership-request", "contact_name", "name"),
    ("partnership-request", "email", "email"),
    ("project-application", "association_name", "organization"),
    ("project-application", "country", "country"),
    ("project-application", "city", "address-level2"),
    ("project-application", "contact_name", "name"),
    ("project-application", "email", "email"),
    ("project-application", "phone", "tel"),
    ("training-registration", "name", "name"),
    ("training-registration", "association_name", "organization"),
    ("training-registration", "role", "organization-title"),
    ("training-registration", "country", "country"),
    ("training-registration", "city", "address-level2"),
    ("training-registration", "email", "email"),
]
# Typed left to right on every page, Arabic ones included: addresses and phone numbers.
LEFT_TO_RIGHT = [
    ("association-registration", "public_email"),
    ("association-registration", "public_phone"),
    ("association-registration", "email"),
    ("association-update", "public_email"),
    ("association-update", "email"),
    ("contact", "email"),
    ("partnership-reply", "email"),
    ("partnership-request", "email"),
    ("project-application", "email"),
    ("project-application", "phone"),
    ("training-registration", "email"),
]
