"""`forms-service create-staff USERNAME --role ROLE [--post POST_ID]`: a staff account.

The password comes from FORMS_STAFF_PASSWORD when it is set, else it is asked for; there is
no default account and no default password.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from forms_service.datafiles import read_yaml
from forms_service.staff.models import ROLES, Staff


class Command(BaseCommand):
    help = "Create a staff account (or change its role), with its password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r for r, _ in ROLES])
        parser.add_argument(
            "--post", default="", help="the consular post's id, for --role consular"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        role, post = options["role"], options["post"]
        posts = {
            p["id"]
            for p in read_yaml(settings.DATA_DIR / "taxonomies" / "consular-posts.yaml")["posts"]
        }
        if role == "consular" and post not in posts:
            raise CommandError(
                f"--post must be one of data/taxonomies/consular-posts.yaml: {post!r} is not"
            )
        if role != "consular" and post:
            raise CommandError("--post is only for --role consular")
        password = os.environ.get("FORMS_STAFF_PASSWORD") or self._ask()
        user_model = get_user_model()
        with transaction.atomic():
            user, created = user_model.objects.get_or_create(username=options["username"])
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            user.set_password(password)
            user.is_staff = True
            user.is_superuser = role == "admin"
            user.save()
            Staff.objects.update_or_create(user=user, defaults={"role": role, "post": post})
        what = "created" if created else "updated"
        self.stdout.write(
            f"{options['username']}: {what}, role {role}{' at ' + post if post else ''}"
        )

    def _ask(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ")
        return first
