"""The eligibility checker: a few questions about the association and its project, answered
for one call with the call's own rules (forms_service/eligibility.py, which the application
form uses too), and the documents to prepare. A plain GET form: it works without JavaScript,
and its address can be shared or bookmarked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from forms_service import clock, definitions, eligibility, subjects
from forms_service.responses import LANGS, context, page


def question_form(lang: str) -> type[forms.Form]:
    """The questions, in `lang` (active while it is built: its labels are plain strings)."""
    data = settings.DATA_DIR
    calls = sorted(subjects.calls(data).values(), key=lambda c: c.closes, reverse=True)
    yes_no = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]
    fields: dict[str, forms.Field] = {
        # Radios, not a list box: a call's title is a sentence, which a phone's closed list
        # box cuts to its first few words. The latest call is the one most asked about.
        "call": forms.ChoiceField(
            label=_("Call for projects"),
            choices=[(c.id, c.title(lang)) for c in calls],
            widget=forms.RadioSelect,
            initial=calls[0].id if calls else None,
        ),
        "country": definitions.CountryField(
            lang, required=False, label=_("Host country where the association is registered")
        ),
        "founded": forms.IntegerField(
            required=False, min_value=1900, max_value=2100, label=_("Year of registration")
        ),
        "registered": forms.ChoiceField(
            required=False,
            choices=yes_no,
            label=_("Is the association registered under the law of its host country?"),
        ),
        "axis": forms.ChoiceField(
            required=False,
            choices=[("", "—"), *definitions.taxonomy_options(data, "axes", lang)],
            label=_("Priority area of the project"),
        ),
        "amount": forms.IntegerField(
            required=False, min_value=0, label=_("Amount you would ask for (in dirhams)")
        ),
        "budget": forms.IntegerField(
            required=False, min_value=0, label=_("Total budget of the project (in dirhams)")
        ),
    }
    return type("EligibilityForm", (forms.Form,), fields)


def only_its_axes(form: forms.Form, call: subjects.Subject) -> None:
    """The priority areas of the call asked about, as its application form offers; no such
    question for a call without any (solidarity development)."""
    axes = call.data.get("axes") or []
    if not axes:
        del form.fields["axis"]
        return
    field = form.fields["axis"]
    assert isinstance(field, forms.ChoiceField)
    field.choices = [(v, label) for v, label in field.choices if v == "" or v in axes]


def checker(request: HttpRequest, lang: str) -> HttpResponse:
    if lang not in LANGS:
        raise Http404
    with translation.override(lang):
        form = question_form(lang)(data=request.GET or None)
        asked = subjects.calls(settings.DATA_DIR).get(request.GET.get("call", ""))
        if asked is not None:
            only_its_axes(form, asked)
        outcomes: list[eligibility.Outcome] | None = None
        documents: list[str] = []
        call = None
        if form.is_bound and form.is_valid():
            answers: dict[str, Any] = dict(form.cleaned_data)
            if answers.get("registered"):
                answers["registered"] = answers["registered"] == "yes"
            call = subjects.calls(settings.DATA_DIR)[answers["call"]]
            outcomes = eligibility.assess(call, answers)
            labels = dict(definitions.taxonomy_options(settings.DATA_DIR, "documents", lang))
            documents = [labels.get(d, d) for d in call.data.get("documents", [])]
        # Past calls stay on offer (their conditions tell what the next one will ask), but
        # the result links to the application form only while the call takes applications.
        closing = definitions.not_open(call, clock.now(), lang) if call else ""
        verdict = None
        if outcomes is not None:
            if any(o.met is False for o in outcomes):
                verdict = _("Not eligible as answered: see the conditions not met below.")
            elif any(o.met is None for o in outcomes):
                verdict = _("Answer every question to know whether the association may apply.")
            else:
                verdict = _("Eligible as answered: the association may apply to this call.")
        shown = context(
            lang,
            _("Can our association apply?"),
            form=form,
            outcomes=outcomes,
            verdict=verdict,
            documents=documents,
            call=call.id if call else "",
            closing=closing,
            selecting={"call": asked.id} if asked else {},
        )
        if outcomes is not None:  # a new page: its title, read first, says the result is on it
            shown["page_title"] = _("Result") + " – " + shown["title"]
        return page(request, "forms/eligibility.html", shown)
