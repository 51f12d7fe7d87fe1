"""`forms-service add-totp USERNAME`: a second factor (TOTP) for a staff account.

Prints the key to enter in an authenticator app (or its otpauth:// address); from then on
the account signs in with the app's code as well as its password. Run again (e.g. for a lost
phone), it replaces the key: the old one stops working. Either way the account's sessions are
signed out on their next request (forms_service/staff/sessions.py).
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Give a staff account a second factor: an authenticator app's code (TOTP)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None or not user.is_staff:
            raise CommandError(f"{options['username']!r} is not a staff account")
        with transaction.atomic():  # the old keys go only once the new one is in place
            for old in devices_for_user(user, confirmed=None):
                old.delete()
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        self.stdout.write(f"key: {b32encode(device.bin_key).decode()}")
        self.stdout.write(f"address: {device.config_url}")
