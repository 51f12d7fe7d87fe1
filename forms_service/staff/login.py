"""/staff/login/: Django admin's sign-in, with attempts limited per address and per account.

After too many failed attempts the page says so, in the staff's language, and for how long;
the count is kept in the shared cache, as the forms' rate limits are.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.forms import OTPAuthenticationForm
from django_ratelimit.core import is_ratelimited


def login(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and _locked(request):
        context = {
            **admin.site.each_context(request),
            "title": _("Log in"),
            "app_path": request.get_full_path(),
            "form": StaffLoginForm(request),
            "lockout": _(
                "Too many attempts to sign in. For your account's safety, wait %(minutes)s"
                " minutes before trying again."
            )
            % {"minutes": settings.STAFF_LOCKOUT_MINUTES},
        }
        return TemplateResponse(request, "admin/login.html", context, status=429)
    return admin.site.login(request)


def _locked(request: HttpRequest) -> bool:
    """Count this attempt against its address and its account name; true when either is over.

    Every attempt counts, successful or not: a person signs in a few times an hour at most.
    """
    rate = f"{settings.STAFF_LOGIN_ATTEMPTS}/{settings.STAFF_LOCKOUT_MINUTES}m"
    by_ip = is_ratelimited(request, group="staff-login-ip", key="ip", rate=rate, increment=True)
    by_name = is_ratelimited(
        request,
        group="staff-login-name",
        key=lambda _group, r: str(r.POST.get("username", "")).strip().lower(),
        rate=rate,
        increment=True,
    )
    return bool(by_ip or by_name)


class StaffLoginForm(OTPAuthenticationForm, AdminAuthenticationForm):
    """Name and password, and the code of an authenticator app for staff who set one up
    (`forms-service add-totp`): the second factor is optional, but once set it is required."""

    def clean_otp(self, user: Any) -> None:
        devices = list(devices_for_user(user, confirmed=True)) if user is not None else []
        if user is not None and not devices:
            return
        if devices and not self.cleaned_data.get("otp_device"):  # one app per account
            self.cleaned_data["otp_device"] = devices[0].persistent_id
        super().clean_otp(user)
