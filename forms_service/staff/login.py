"""/staff/login/: Django admin's sign-in, with failed attempts limited (attempts.py), and one
answer for every refused sign-in.

An attempt that must wait is told so, in the staff's language, and for how long, whatever
password it brings. Otherwise a refused sign-in gets the same page whether the password or
the authenticator app's code was wrong or missing: a different answer would tell someone
guessing that they have found the password.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import devices_for_user
from django_otp.forms import OTPAuthenticationForm

from forms_service.staff import attempts


def login(request: HttpRequest) -> HttpResponse:
    try:
        return _login(request)
    except attempts.Uncounted:
        said = _("Sign-in is unavailable for a moment. Try again in a few minutes.")
        return _refused(request, said, status=503)


def _refused(request: HttpRequest, said: str, status: int) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "app_path": request.get_full_path(),
        "form": StaffLoginForm(request),
        "lockout": said,
    }
    return TemplateResponse(request, "admin/login.html", context, status=status)


def _login(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and attempts.must_wait(request):
        said = ngettext(
            "Too many attempts to sign in. For your account's safety, wait %(num)d"
            " minute before trying again.",
            "Too many attempts to sign in. For your account's safety, wait %(num)d"
            " minutes before trying again.",
            settings.STAFF_LOCKOUT_MINUTES,
        ) % {"num": settings.STAFF_LOCKOUT_MINUTES}
        return _refused(request, said, status=429)
    return admin.site.login(request)


class CodeInput(forms.TextInput):
    """The code's field, never filled back in: a code is good once, and a page that showed it
    back would differ by what was sent."""

    def format_value(self, value: Any) -> None:
        return None


class StaffLoginForm(OTPAuthenticationForm, AdminAuthenticationForm):
    """Name and password, and the code of an authenticator app for staff who set one up
    (`forms-service add-totp`): the second factor is optional, but once set it is required."""

    otp_token = forms.CharField(
        required=False,
        widget=CodeInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            attempts.failed(self.request)
            # django-otp fills a right password back in when the code is missing or wrong.
            self.fields["password"].widget.render_value = False
            raise ValidationError(
                _(
                    "Sign-in refused: check your username and password, and the code from your"
                    " authenticator app if you set one up. Username and password are"
                    " case-sensitive."
                ),
                code="invalid_login",
            ) from None

    def clean_otp(self, user: Any) -> None:
        devices = list(devices_for_user(user, confirmed=True)) if user is not None else []
        if user is not None and not devices:
            return
        if devices and not self.cleaned_data.get("otp_device"):  # one app per account
            self.cleaned_data["otp_device"] = devices[0].persistent_id
        super().clean_otp(user)
