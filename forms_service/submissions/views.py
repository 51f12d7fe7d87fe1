"""A form's pages: the form (with its errors), "check your answers", the confirmation with
the reference, and the status page."""

from __future__ import annotations

import logging
import re
import secrets
from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache

from forms_service import (
    addresses,
    clock,
    definitions,
    logs,
    routing,
    storage,
    uploads,
)
from forms_service.responses import LANGS, context, page
from forms_service.submissions import drafts, protection, sent, statuses, storing
from forms_service.submissions.answers import Carried, posted, unsign
from forms_service.submissions.models import Draft, Submission
from forms_service.submissions.templatetags.fields import target

log = logging.getLogger(__name__)
# What may fail when a post is recorded: the database (a full disk), the rate limits'
# counters (their store), the uploads' disk.
NOTHING_WRITTEN = (DatabaseError, protection.NotCounted, OSError)
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")  # the column holds 64


def _definition(lang: str, form_id: str) -> definitions.Definition:
    found = definitions.find(settings.DATA_DIR, form_id)
    if lang not in LANGS or found is None:
        raise Http404
    return found


def form_page(request: HttpRequest, lang: str, form_id: str) -> HttpResponse:
    definition = _definition(lang, form_id)
    with translation.override(lang):
        view = FormPage(request, definition, lang)
        if request.method != "POST":
            return view.show(view.form_class(initial=view.preselected()), Carried())
        return view.post()


class FormPage:
    """One request to a form's address, GET or POST, at one moment."""

    def __init__(self, request: HttpRequest, definition: definitions.Definition, lang: str):
        self.request, self.definition, self.lang = request, definition, lang
        self.now = clock.now()
        self.form_class = definitions.form_class(definition, lang, settings.DATA_DIR, self.now)
        # The page's token (secrets.token_urlsafe(24) below); anything else is no token: a
        # crafted one longer than its column was a database error (503) on PostgreSQL.
        posted_token = request.POST.get("token", "") if request.method == "POST" else ""
        self.token = posted_token if TOKEN.fullmatch(posted_token) else ""
        self.files = [f["name"] for f in definition.fields if f["type"] == "file"]
        # The saved draft these answers belong to, once the user has asked to save them.
        self.draft: Draft | None = None
        if definition.data.get("save_and_return") and request.method == "POST":
            self.draft = drafts.from_marker(request.POST.get("draft", ""), definition.id)

    def post(self) -> HttpResponse:
        step = self.request.POST.get("step", "answers")
        if step in ("change", "confirm"):
            carried = unsign(self.request.POST.get("answers", ""), self.definition.id)
            if carried is None:  # altered, or left for more than a day
                problem = _("Your answers could not be read back. Please fill in the form again.")
                return self.show(self.form_class(), Carried(), problem=problem, status=400)
            form = self._bound(carried.as_post(), None, carried)
            if step == "change":
                return self.show(form, carried)
        else:
            carried = unsign(self.request.POST.get("kept", ""), self.definition.id) or Carried()
            form = self._bound(self.request.POST, self.request.FILES, carried)
            carried.data = posted(self.request.POST, list(form.fields))
            refused = self._too_many_uploads(form, carried) if self.request.FILES else None
            if refused is not None:  # counted before any file is kept, with errors or not
                return refused
            if step == "save" and self.definition.data.get("save_and_return"):
                return self.save(form, carried)
        problem = protection.looks_automated(self.request)
        valid = form.is_valid()
        try:
            self._keep_checked_files(form, carried)
            if self.draft is not None:  # saved once: saved again at each step
                self._save_draft(self.draft.email, form, carried)
            if not valid or problem or not self.token:
                return self.show(form, carried, problem=problem, status=400)
            if step == "answers" and self.definition.data.get("check_answers"):
                return self.check(form, carried)
            answers = {k: v for k, v in form.cleaned_data.items() if k not in self.files}
            email = str(answers.get("email") or "")
            over_limit = None
            if protection.in_database():  # counted in the submission's transaction: one commit
                over_limit = partial(protection.count, self.request, email)
            elif protection.too_many(self.request, email):  # Redis
                raise protection.TooMany
            stored = storing.store(
                self.definition,
                self.lang,
                self.token,
                answers,
                carried.files,
                over_limit,
            )
        except protection.TooMany:
            return self.show(form, carried, problem=str(protection.TOO_MANY), status=429)
        except NOTHING_WRITTEN:
            return self.not_recorded(form, carried)
        if self.draft is not None:
            self.draft.delete()  # sent: nothing left to come back to
        logs.about(self.request, stored.reference)
        done = reverse("received", args=[self.lang, self.definition.id, stored.reference])
        response = HttpResponseRedirect(done, status=303)
        sent.remember(self.request, response, stored.reference)
        return response

    def save(self, form: forms.Form, carried: Carried) -> HttpResponse:
        """Save and come back later: the answers as they are, and a link sent by email. Only
        the email address must be right; the other answers are checked when sent."""
        form.is_valid()
        try:
            self._keep_checked_files(form, carried)
        except NOTHING_WRITTEN:
            return self.not_recorded(form, carried)
        problem = protection.looks_automated(self.request)
        email = form.cleaned_data.get("email") if "email" not in form.errors else None
        if problem or not email:
            errors = form.errors.get("email") if "email" in self.request.POST else None
            if not self.request.POST.get("email", "").strip():
                needed = _(
                    "Enter your email address to save your answers: the link to come back"
                    " to them is sent there."
                )
                errors = [needed]
            form._errors = ErrorDict()  # the other answers may wait: they are not asked for yet
            if errors and not problem:
                form._errors["email"] = form.error_class(errors)
            return self.show(form, carried, problem=problem, status=400)
        try:
            if protection.too_many(self.request, email):
                return self.show(form, carried, problem=str(protection.TOO_MANY), status=429)
            draft = self._save_draft(email, form, carried)
            drafts.send_link(draft, self.definition, self.now)
        except NOTHING_WRITTEN:
            return self.not_recorded(form, carried)
        shown = {
            **self._common(),
            "email": email,
            "until": draft.link_expires,
            "answers": carried.sign(self.definition.id),
            "draft": drafts.marker(draft),
            "started": protection.started_stamp(),
        }
        shown["page_title"] = _("Your answers are saved") + " – " + shown["title"]
        return page(self.request, "forms/saved.html", shown)

    def _too_many_uploads(self, form: forms.Form, carried: Carried) -> HttpResponse | None:
        """The page refusing a post with files, before they are kept: 429 when its address
        sent too many (protection.too_many_uploads), 503 when it could not be counted."""
        try:
            over = protection.too_many_uploads(self.request)
        except NOTHING_WRITTEN:
            return self.not_recorded(form, carried)
        if over:
            return self.show(form, carried, problem=str(protection.TOO_MANY), status=429)
        return None

    def not_recorded(self, form: forms.Form, carried: Carried) -> HttpResponse:
        """503: the disk is full or the database cannot write; the form comes back with its
        answers, and the files that were kept whole."""
        log.exception(  # the request: its answers are kept out of the log's text
            "a post to %s could not be recorded",
            self.definition.id,
            extra={"request": self.request},
        )
        return self.show(form, carried, problem=str(protection.NOT_RECORDED), status=503)

    def _save_draft(self, email: str, form: forms.Form, carried: Carried) -> Draft:
        self.draft = drafts.save(
            self.draft, self.definition, self.lang, email, carried, form.fields, self.now
        )
        return self.draft

    def _bound(self, data: Any, files: Any, carried: Carried) -> forms.Form:
        form = self.form_class(data=data, files=files)
        for name in carried.files:  # already checked and kept: a new file only replaces it
            form.fields[name].required = False
        return form

    def _keep_checked_files(self, form: forms.Form, carried: Carried) -> None:
        """Keep every new upload that passed its checks, even when another field did not."""
        cleaned = getattr(form, "cleaned_data", {})
        store = storage.uploads()
        for name in self.files:
            upload = cleaned.get(name)
            if name not in form.errors and isinstance(upload, UploadedFile):
                carried.files[name] = uploads.keep_pending(upload, store)

    def preselected(self) -> dict[str, str]:
        """The answers chosen by the address, field → value: ?call=…, ?training=…,
        ?association=… or ?partnership=… from the page it is about, and ?<field>=… for a
        field of one choice (the accessibility statement's ?topic=accessibility)."""
        return {
            spec["name"]: self.request.GET[parameter]
            for spec, parameter in self._selectors()
            if self.request.GET.get(parameter)
        }

    def selecting(self) -> dict[str, str]:
        """The address's parameters that chose answers, kept by the language links: the
        same form, about the same call, in another language."""
        return {
            parameter: self.request.GET[parameter]
            for _spec, parameter in self._selectors()
            if self.request.GET.get(parameter)
        }

    def _selectors(self) -> list[tuple[dict[str, Any], str]]:
        found = []
        for spec in self.definition.fields:
            if spec["type"] in SELECTED_BY_KIND:
                found.append((spec, spec["type"]))
            elif spec["type"] == "choice":
                found.append((spec, spec["name"]))
        return found

    def show(
        self, form: forms.Form, carried: Carried, problem: str = "", status: int = 200
    ) -> HttpResponse:
        for name in carried.files:
            self._describe_kept(form, name)
        rows = [(field, carried.files.get(field.name)) for field in form]
        closed = self._nothing_on_offer(form)
        self._count_seats(form)
        shown = {
            **self._common(),
            "intro": self.definition.shown(self.definition.data["intro"], self.lang),
            "form": form,
            "rows": rows,
            "kept": Carried({}, carried.files).sign(self.definition.id) if carried.files else "",
            "started": protection.started_stamp(),
            "problem": problem,
            "closed": closed,
            "unavailable": self._unavailable(form),
            "checks": bool(self.definition.data.get("check_answers")),
            "saves": bool(self.definition.data.get("save_and_return")),
            "draft": drafts.marker(self.draft) if self.draft else "",
            "selecting": self.selecting(),
        }
        if form.errors or problem:
            shown["page_title"] = _("Error:") + " " + shown["title"]
        return page(self.request, "forms/form.html", shown, status=status)

    @staticmethod
    def _describe_kept(form: forms.Form, name: str) -> None:
        """A file already received is no longer asked for: without this, a screen reader
        said "required, no file chosen" on its field and never the line naming the file."""
        bound = form[name]
        said = [bound.aria_describedby or "", f"{bound.auto_id}_kept"]
        form.fields[name].required = False
        form.fields[name].widget.attrs["aria-describedby"] = " ".join(filter(None, said))

    def check(self, form: forms.Form, carried: Carried) -> HttpResponse:
        """The answers as they will be sent, each with a way back to change it."""
        answers = {**form.cleaned_data, **{k: v.name for k, v in carried.files.items()}}
        worded = storing.shown_answers(self.definition, self.lang, answers, form.fields)
        ids = {name: target(form[name]) for name in form.fields}
        names = [f["name"] for f in self.definition.fields if f["name"] in answers]
        pairs = zip(worded, names, strict=True)
        page_context = {
            **self._common(),
            "rows": [(label, value, ids[name]) for (label, value), name in pairs],
            "answers": carried.sign(self.definition.id),
            "started": self.request.POST.get("started", ""),
            "draft": drafts.marker(self.draft) if self.draft else "",
        }
        title = page_context["title"]
        page_context["page_title"] = _("Check your answers before sending") + " – " + title
        return page(self.request, "forms/check.html", page_context)

    def _common(self) -> dict[str, Any]:
        return context(
            self.lang,
            self.definition.text(self.definition.data["title"], self.lang),
            form_id=self.definition.id,
            token=self.token or secrets.token_urlsafe(24),
        )

    def _nothing_on_offer(self, form: forms.Form) -> str:
        for kind, message in NOTHING_ON_OFFER.items():
            spec = self.definition.field_of_type(kind)
            if spec and not form.fields[spec["name"]].choices:
                return str(message)
        return ""

    def _unavailable(self, form: forms.Form) -> str:
        """Why the call or training asked for in the address cannot be chosen now."""
        for name, wanted in self.preselected().items():
            # Not there when this form does not ask it (the priority area while no call in
            # question has any, the region outside its programme): the address chose nothing.
            field = form.fields.get(name)
            if not isinstance(field, definitions.SubjectField):
                continue
            subject = field.known.get(wanted)
            if subject is not None and not subject.is_open(self.now):
                try:
                    field.validate(wanted)
                except forms.ValidationError as refused:
                    return f"{subject.title(self.lang)}: {refused.messages[0]}"
        return ""

    def _count_seats(self, form: forms.Form) -> None:
        """A training's choice says how many seats are left, or that it has a waiting list."""
        spec = self.definition.field_of_type("training")
        if not spec:
            return
        field = form.fields[spec["name"]]
        assert isinstance(field, definitions.SubjectField)
        labelled = []
        taken = storing.seats_taken(self.definition.id)  # one query for every training
        for value, label in field.choices:
            seats = int(field.known[str(value)].data["seats"])
            left = max(seats - taken.get(str(value), 0), 0)
            if left:
                note = ngettext("%(n)s seat left", "%(n)s seats left", left) % {"n": left}
            else:
                note = _("full: you can join the waiting list")
            labelled.append((value, f"{label} · {note}"))
        field.choices = labelled


class ResumeForm(forms.Form):
    email = addresses.EmailField(max_length=254, label=gettext_lazy("Email address you gave"))


@never_cache  # the saved answers
def resume(request: HttpRequest, lang: str, form_id: str, secret: str) -> HttpResponse:
    """A saved form, reopened from the link in its email with the same email address."""
    definition = _definition(lang, form_id)
    if not definition.data.get("save_and_return"):
        raise Http404
    with translation.override(lang):
        form = ResumeForm(data=request.POST if request.method == "POST" else None)
        problem = ""
        if form.is_bound and form.is_valid():
            email = form.cleaned_data["email"]
            try:
                over = protection.too_many(request, email)  # guessing addresses is slowed too
            except protection.NotCounted:
                over, problem = False, str(protection.NOT_RECORDED)
            if over:
                problem = str(protection.TOO_MANY)
            elif not problem:
                draft = drafts.opened(form_id, secret, email, clock.now())
                if draft is not None:
                    view = FormPage(request, definition, lang)
                    view.draft = draft
                    found = drafts.carried(draft)
                    initial = _initial(view.form_class, found.data)
                    return view.show(view.form_class(initial=initial), found)
                # One answer for an unknown link, an expired one and another address.
                problem = _(
                    "This link has expired, or this is not the email address the answers were"
                    " saved with."
                )
        shown = context(
            lang,
            _("Come back to your saved answers"),
            form_title=definition.text(definition.data["title"], lang),
            form=form,
            problem=problem,
        )
        if form.errors or problem:
            shown["page_title"] = _("Error:") + " " + shown["title"]
        return page(request, "forms/resume.html", shown, status=400 if problem else 200)


def _initial(form_class: type[forms.Form], data: dict[str, list[str]]) -> dict[str, Any]:
    fields = form_class.base_fields
    return {
        name: values if isinstance(fields[name], forms.MultipleChoiceField) else values[0]
        for name, values in data.items()
        if name in fields and values
    }


# Fields chosen in the address by their type: ?call=<id> whatever the field's name.
SELECTED_BY_KIND = ("call", "training", "association", "partnership")

NOTHING_ON_OFFER = {
    "call": gettext_lazy("No call for projects takes applications online at the moment."),
    "training": gettext_lazy("No training is open for registration at the moment."),
}


class StatusForm(forms.Form):
    reference = forms.CharField(
        max_length=20,
        label=gettext_lazy("Reference number"),
        error_messages={
            "required": gettext_lazy(
                "Enter your reference number: it is in your confirmation email."
            ),
            "max_length": gettext_lazy("A reference number looks like APP-7K3Q-9MXD."),
        },
    )
    email = addresses.EmailField(
        max_length=254,
        label=gettext_lazy("Email address you gave"),
        error_messages={
            "required": gettext_lazy("Enter the email address you gave."),
            "invalid": gettext_lazy("Enter an email address like name@example.org."),
            "max_length": gettext_lazy("Enter an email address like name@example.org."),
        },
    )


@never_cache  # a request's status
def status(request: HttpRequest, lang: str) -> HttpResponse:
    """A reference and the email it was sent from give its status, and nothing more. They
    are posted, never put in the address (where access logs, the browser's history and the
    Referer header would keep the email): a query string is not looked up."""
    if lang not in LANGS:
        raise Http404
    with translation.override(lang):
        form = StatusForm(data=request.POST if request.method == "POST" else None)
        found: str | None = None
        problem, code = "", 200
        if form.is_valid():
            email = form.cleaned_data["email"]
            # Counted as a form sent: guessing references for an address is slowed too.
            problem, code = _status_refused(request, email)
            if not problem:
                reference = form.cleaned_data["reference"].strip().upper()
                match = Submission.objects.filter(reference=reference, email__iexact=email).first()
                # The same answer for a wrong reference and a wrong email: neither is confirmed.
                found = statuses.meaning(match.status) if match else ""
        elif form.errors:
            code = 400
        shown = context(lang, _("Follow a request"), form=form, found=found, problem=problem)
        if form.errors or problem:
            shown["page_title"] = _("Error:") + " " + shown["title"]
        elif found is not None:  # the title, read first on the new page, says an answer is on it
            shown["page_title"] = _("Status") + " – " + shown["title"]
        return page(request, "forms/status.html", shown, status=code)


def _status_refused(request: HttpRequest, email: str) -> tuple[str, int]:
    """Why a status request is not looked up, and its code: too many from this address or
    for this email (429), or not counted (503); ("", 200) to look it up."""
    try:
        if protection.too_many(request, email):
            return str(protection.TOO_MANY), 429
    except NOTHING_WRITTEN:
        log.exception("a status request could not be counted")
        return str(protection.NOT_RECORDED), 503
    return "", 200


@never_cache  # the reference, and the consulate it went to
def received(request: HttpRequest, lang: str, form_id: str, reference: str) -> HttpResponse:
    # Sent from another browser, or not at all: the same 404 (site_pages.not_found).
    if not sent.sent_here(request, reference):
        raise Http404
    logs.about(request, reference)
    definition = _definition(lang, form_id)
    submission = Submission.objects.filter(reference=reference, form_id=form_id).first()
    if submission is None:
        raise Http404
    with translation.override(lang):
        shown = context(
            lang,
            definition.text(definition.data["title"], lang),
            reference=reference,
            waiting_list=storing.WAITING_LIST if submission.status == "waiting-list" else "",
            next_steps=definition.text(definition.data.get("next_steps") or {"": ""}, lang),
            post=routing.post_label(settings.DATA_DIR, submission.post, lang),
        )
        # The title too says the form went, the first thing a screen reader reads on arrival.
        shown["page_title"] = _("Form received") + " – " + shown["title"]
        return page(request, "forms/received.html", shown)
