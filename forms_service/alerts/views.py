"""Alert pages: subscribe (a form, then an email to confirm), confirm, unsubscribe.

Confirming and unsubscribing take a POST: a mail scanner that opens links does neither.
Unsubscribing needs no sign-in and no cookie: the link's token is the key, and the POST that
mail programs send by themselves (RFC 8058: "List-Unsubscribe=One-Click") is answered too.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from forms_service import addresses, clock, definitions, links
from forms_service.alerts.models import Subscription, forget
from forms_service.responses import LANGS, context, page
from forms_service.submissions import protection
from forms_service.submissions.models import Email
from portal_contract import languages


def alert_form(lang: str) -> type[forms.Form]:
    """The choices, in `lang` (active while it is built)."""
    data = settings.DATA_DIR
    names = dict(settings.LANGUAGES)
    fields: dict[str, forms.Field] = {
        "kinds": forms.MultipleChoiceField(
            label=_("Tell me about"),
            widget=forms.CheckboxSelectMultiple,
            choices=[("calls", _("New calls for projects")), ("trainings", _("New trainings"))],
            initial=["calls", "trainings"],
        ),
        "programmes": forms.MultipleChoiceField(
            required=False,
            label=_("Programmes (none ticked: all of them)"),
            widget=forms.CheckboxSelectMultiple,
            choices=definitions.taxonomy_options(data, "programmes", lang),
        ),
        "axes": forms.MultipleChoiceField(
            required=False,
            label=_("Priority areas of calls (none ticked: all of them)"),
            widget=forms.CheckboxSelectMultiple,
            choices=definitions.taxonomy_options(data, "axes", lang),
        ),
        "country": definitions.CountryField(
            lang,
            required=False,
            label=_("Host country of the association (empty: any country)"),
        ),
        "lang": forms.ChoiceField(
            label=_("Language of the emails"),
            choices=[(code, str(names[code])) for code in languages.CODES],
            initial=lang,
        ),
        "email": addresses.EmailField(max_length=254, label=_("Email address")),
    }
    return type("AlertForm", (forms.Form,), fields)


def subscribe(request: HttpRequest, lang: str) -> HttpResponse:
    if lang not in LANGS:
        raise Http404
    with translation.override(lang):
        title = _("Email alerts")
        form_class = alert_form(lang)
        if request.method != "POST":
            shown = context(lang, title, form=form_class(), started=protection.started_stamp())
            return page(request, "alerts/subscribe.html", shown)
        form = form_class(data=request.POST)
        problem = protection.looks_automated(request)
        valid = form.is_valid()
        status = 400
        try:
            if valid and not problem and protection.too_many(request, form.cleaned_data["email"]):
                problem = str(protection.TOO_MANY)
        except protection.NotCounted:
            problem, status = str(protection.NOT_RECORDED), 503
        if not valid or problem:
            shown = context(
                lang,
                title,
                page_title=_("Error:") + " " + title,
                form=form,
                problem=problem,
                started=protection.started_stamp(),
            )
            return page(request, "alerts/subscribe.html", shown, status=status)
        sub = Subscription.objects.create(
            email=form.cleaned_data["email"],
            lang=form.cleaned_data["lang"],
            kinds=form.cleaned_data["kinds"],
            programmes=form.cleaned_data["programmes"],
            axes=form.cleaned_data["axes"],
            country=form.cleaned_data["country"] or "",
        )
        _ask_to_confirm(sub)
        shown = context(lang, _("Check your inbox"), email=sub.email)
        return page(request, "alerts/sent.html", shown)


def _ask_to_confirm(sub: Subscription) -> None:
    """The first email, in the language chosen for the alerts."""
    link = links.to("alerts-confirm", sub.lang, sub.token)
    with translation.override(sub.lang):
        body = "\n\n".join(
            [
                _("Someone, probably you, asked for email alerts from the partnership portal."),
                _("To start them, open this link and confirm: %(link)s") % {"link": link},
                ngettext(
                    "If you did not ask for them, ignore this email: nothing will be sent, and"
                    " the request is deleted after %(num)d day.",
                    "If you did not ask for them, ignore this email: nothing will be sent, and"
                    " the request is deleted after %(num)d days.",
                    settings.ALERTS_CONFIRM_DAYS,
                )
                % {"num": settings.ALERTS_CONFIRM_DAYS},
            ]
        )
        subject = _("Confirm your alerts from the partnership portal")
    # The link confirms for the person (double opt-in): its copy goes once the email is sent.
    sub.confirmation = Email.objects.create(
        to=sub.email,
        subject=subject,
        body=body + "\n",
        next_try=clock.now(),
        holds_secret=True,
    )
    sub.save(update_fields=["confirmation"])


def _find(token: str) -> Subscription | None:
    return Subscription.objects.filter(token=token).first()


def _message(
    request: HttpRequest, lang: str, title: str, message: str, status: int = 200, **more: Any
) -> HttpResponse:
    """A page that says one thing; with `button`, a form that posts back to the address."""
    shown = context(lang, title, message=message, **more)
    return page(request, "alerts/message.html", shown, status=status)


@never_cache  # the subscriber's address
def confirm(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    if lang not in LANGS:
        raise Http404
    with translation.override(lang):
        sub = _find(token)
        oldest = clock.now() - timedelta(days=settings.ALERTS_CONFIRM_DAYS)
        if sub is None or (sub.confirmed is None and sub.created < oldest):
            title = _("This link does not work any more")
            again = _("Ask for the alerts again: the form sends a new link.")
            return _message(request, lang, title, again, status=404, again=True)
        if request.method == "POST" or sub.confirmed:
            if sub.confirmed is None:
                sub.confirmed = clock.now()
                sub.save(update_fields=["confirmed"])
            said = _(
                "You will receive an email when a call or training you chose is published."
                " Each email has a link to stop them."
            )
            stop = reverse("alerts-unsubscribe", args=[lang, sub.token])
            return _message(request, lang, _("Your alerts are on"), said, unsubscribe=stop)
        asked = _("Confirm that %(email)s should receive the alerts you chose.")
        return _message(
            request,
            lang,
            _("Confirm your alerts"),
            asked % {"email": sub.email},
            button=_("Confirm my alerts"),
        )


@never_cache  # the subscriber's address
@csrf_exempt  # RFC 8058: the mail program posts by itself, with no cookie and no form token
def unsubscribe(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    if lang not in LANGS:
        raise Http404
    with translation.override(lang):
        title = _("You are unsubscribed")
        if request.method == "POST":
            # The same answer whether the token was known: it says nothing of who subscribed.
            found = _find(token)
            if found is not None:
                forget(found)
            gone = _("You will receive no more alerts. Your address has been deleted.")
            return _message(request, lang, title, gone, again=True)
        sub = _find(token)
        if sub is None:
            unknown = _("No alerts are sent with this link.")
            return _message(request, lang, title, unknown, again=True)
        stop = _("Stop the alerts")
        asked = _("Stop the alerts sent to %(email)s?") % {"email": sub.email}
        return _message(request, lang, stop, asked, button=stop)
