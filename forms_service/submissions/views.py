"""A form's pages: the form (with its errors), and the confirmation with the reference."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import is_ratelimited

from forms_service import definitions
from forms_service.submissions.models import Email, Submission, new_reference

LANGS = {code for code, _name in settings.LANGUAGES}


def _definition(lang: str, form_id: str) -> definitions.Definition:
    found = definitions.load(settings.DATA_DIR).get(form_id)
    if lang not in LANGS or found is None:
        raise Http404
    return found


def form_page(request: HttpRequest, lang: str, form_id: str) -> HttpResponse:
    definition = _definition(lang, form_id)
    with translation.override(lang):
        form_class = definitions.form_class(definition, lang, settings.DATA_DIR)
        problem, too_many = "", False
        if request.method == "POST":
            form = form_class(data=request.POST)
            token = request.POST.get("token", "")
            problem = _looks_automated(request)
            if not problem and _too_many(request):
                problem, too_many = (
                    _("You have sent many forms in a short time. Please try again in an hour."),
                    True,
                )
            if form.is_valid() and token and not problem:
                submission = _store(definition, lang, token, form.cleaned_data)
                done = reverse("received", args=[lang, form_id, submission.reference])
                return HttpResponseRedirect(done, status=303)
        else:
            form, token = form_class(), ""
        context = {
            "lang": lang,
            "dir": "rtl" if lang == "ar" else "ltr",
            "definition": definition,
            "title": definition.text(definition.data["title"], lang),
            "intro": definition.text(definition.data["intro"], lang),
            "form": form,
            "token": token or secrets.token_urlsafe(24),
            "started": signing.dumps(time.time(), salt=STARTED),
            "problem": problem,
        }
        status = 429 if too_many else 400 if request.method == "POST" else 200
        return render(request, "forms/form.html", context, status=status)


STARTED = "forms.started"
HONEYPOT = "_homepage"  # no defined field can take this name: theirs start with a letter


def _looks_automated(request: HttpRequest) -> str:
    """Why the post looks sent by a program (a hidden field filled in, or sent sooner after
    the page was shown than a person could), or "" when it does not."""
    if request.POST.get(HONEYPOT):
        return _("Please check your answers, then send the form again.")
    try:
        started = float(signing.loads(request.POST.get("started", ""), salt=STARTED))
    except (signing.BadSignature, TypeError, ValueError):
        return _("Please check your answers, then send the form again.")
    if time.time() - started < settings.FORMS_MIN_FILL_SECONDS:
        return _("Please check your answers, then send the form again.")
    return ""


STATUSES = {
    "received": gettext_lazy("Received: it is waiting to be read."),
    "in-review": gettext_lazy("Being reviewed."),
    "approved": gettext_lazy("Approved."),
    "declined": gettext_lazy("Not accepted. The email sent to you says why."),
}


class StatusForm(forms.Form):
    reference = forms.CharField(max_length=20, label=gettext_lazy("Reference number"))
    email = forms.EmailField(max_length=254, label=gettext_lazy("Email address you gave"))


def status(request: HttpRequest, lang: str) -> HttpResponse:
    """A reference and the email it was sent from give its status, and nothing more."""
    if lang not in LANGS:
        raise Http404
    with translation.override(lang):
        form = StatusForm(data=request.GET or None)
        found: str | None = None
        if form.is_valid():
            reference = form.cleaned_data["reference"].strip().upper()
            match = Submission.objects.filter(
                reference=reference, email__iexact=form.cleaned_data["email"]
            ).first()
            # The same answer for a wrong reference and a wrong email: neither is confirmed.
            found = str(STATUSES.get(match.status, match.status)) if match else ""
        context = {
            "lang": lang,
            "dir": "rtl" if lang == "ar" else "ltr",
            "title": _("Follow a request"),
            "form": form,
            "found": found,
        }
        return render(request, "forms/status.html", context)


def _too_many(request: HttpRequest) -> bool:
    """Count this post against its IP address and its email; true when either is over."""
    by_ip = is_ratelimited(
        request, group="forms-ip", key="ip", rate=settings.FORMS_RATE_PER_IP, increment=True
    )
    by_email = bool(request.POST.get("email")) and is_ratelimited(
        request,
        group="forms-email",
        key=lambda _group, r: str(r.POST.get("email", "")).strip().lower(),
        rate=settings.FORMS_RATE_PER_EMAIL,
        increment=True,
    )
    return bool(by_ip or by_email)


def received(request: HttpRequest, lang: str, form_id: str, reference: str) -> HttpResponse:
    definition = _definition(lang, form_id)
    with translation.override(lang):
        context = {
            "lang": lang,
            "dir": "rtl" if lang == "ar" else "ltr",
            "title": definition.text(definition.data["title"], lang),
            "reference": reference,
        }
        return render(request, "forms/received.html", context)


def _store(
    definition: definitions.Definition, lang: str, token: str, answers: dict[str, Any]
) -> Submission:
    """Commit the submission and its confirmation email together, once per form token."""
    existing = Submission.objects.filter(token=token).first()
    if existing is not None:
        return existing
    prefix = definition.data.get("reference_prefix", "REF")
    email = str(answers.get("email") or "")
    plain = {name: _jsonable(value) for name, value in answers.items()}
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                reference=new_reference(prefix),
                token=token,
                form_id=definition.id,
                lang=lang,
                email=email,
                answers=plain,
            )
            if email:
                Email.objects.create(
                    submission=submission,
                    to=email,
                    subject=_confirmation_subject(definition, lang, submission.reference),
                    body=_confirmation_body(definition, lang, submission),
                    next_try=timezone.now(),
                )
    except IntegrityError:  # the same token, committed by a concurrent request
        return Submission.objects.get(token=token)
    return submission


def _jsonable(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v) for v in value]
    return value if isinstance(value, bool | int | str) or value is None else str(value)


def _confirmation_subject(definition: definitions.Definition, lang: str, reference: str) -> str:
    title = definition.text(definition.data["title"], lang)
    return _("%(title)s: we have received your form (%(reference)s)") % {
        "title": title,
        "reference": reference,
    }


def _confirmation_body(
    definition: definitions.Definition, lang: str, submission: Submission
) -> str:
    fields = {f["name"]: f for f in definition.fields}
    lines = [
        _("We have received your form. Its reference number is %(reference)s.")
        % {"reference": submission.reference},
        "",
        _("A copy of your answers:"),
        "",
    ]
    form = definitions.form_class(definition, lang, settings.DATA_DIR)()
    for name, value in submission.answers.items():
        label = definition.text(fields[name]["label"], lang)
        shown = _shown(form.fields[name], value)
        lines.append(f"{label}: {shown}")
    lines += ["", _("Keep this email: the reference number lets you follow your request.")]
    return "\n".join(lines)


def _shown(field: forms.Field, value: Any) -> str:
    """An answer as the user saw it: a choice by its label, not its code."""
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if value in ("", None):
        return "—"
    return str(choices.get(value, value))
