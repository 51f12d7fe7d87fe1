"""Form definitions (data/forms/<id>.yaml) turned into Django forms, one per language.

The definitions are part of the data contract: `site-builder validate` checks them against
data/schemas/form.schema.json in CI, so here they are read, not re-validated. Labels, hints
and error messages come from the definition in the page's language; a rule without its own
message falls back to Django's message, translated into that language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import RegexValidator
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from forms_service import addresses, amounts, clock, eligibility, hints, subjects, uploads
from forms_service.datafiles import read_yaml, version
from portal_contract import languages, places, sources, typography

PHONE = RegexValidator(r"^\+[0-9 ]{8,20}$", code="invalid")


class LineField(forms.CharField):
    """One line of text. A text input cannot hold a line break, so one that comes is from a
    crafted request (a header injection, say): any run of white space becomes one space.
    Its direction is the text's own (dir=auto): a Latin name typed on an Arabic page reads
    left to right, "@amal_asso" not "amal_asso@", and an Arabic one on a French page right
    to left."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "dir": "auto"}

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        # Never typed, and refused by `validate` were the text published: bidi overrides
        # ("\u202egnp.exe" shows as "exe.png" in staff pages, emails and exports), control
        # characters (a spreadsheet refuses a cell holding one).
        return " ".join(sources.INVISIBLE.sub("", text).split())


class PhoneField(LineField):
    """A phone number in international format (+33 1 23 45 67 89): typed left to right even on
    an Arabic page, where right to left the "+" would land at its end; the phone's keypad."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "dir": "ltr", "inputmode": "tel"}


class TextField(forms.CharField):
    """Several lines: kept as typed, with Unix line ends, without bidi or other controls; in
    the text's own direction, as LineField."""

    widget = forms.Textarea

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "dir": "auto"}

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return sources.INVISIBLE.sub("", text.replace("\r\n", "\n"))  # as LineField


def _not_a_formula(lang: str, field: str) -> RegexValidator:
    """A published text (`maps_to`) may not start as a spreadsheet formula: `validate`, and
    so the review, would refuse the record (sources.FORMULA), when the applicant can no
    longer change it. Said here, next to the field, while the text can still be corrected;
    the field named, for the error summary, where two such errors would otherwise read alike."""
    with translation.override(lang):
        message = _(
            "Start “%(field)s” with a letter or a digit: published data opened in a"
            " spreadsheet would take a text starting with = + - or @ as a formula."
        ) % {"field": field}
    starts = rf"\A(?:{sources.FORMULA.pattern})"
    return RegexValidator(starts, message=message, code="formula", inverse_match=True)


# Django's error codes for the rules a definition may word itself.
_CODES = {
    "required": ["required"],
    "invalid": ["invalid", "invalid_choice"],
    "max_length": ["max_length"],
    "min": ["min_value"],
    "max": ["max_value"],
}
ENDS_ITSELF = ("?", "؟", "!", ".", ":")  # ؟: the Arabic question mark
MAX_MB = 10  # a file field's cap when its definition sets none


@dataclass(frozen=True)
class Definition:
    id: str
    data: dict[str, Any]
    path: Path | None = None  # the file it was read from, if any

    def text(self, texts: Mapping[str, str], lang: str) -> str:
        """A definition's text in `lang`, else by the languages' order of fallback; French
        with its French spacing (for emails: pages get it whole, forms_service/french.py)."""
        value, found = languages.pick(texts, lang)
        return typography.spaced_in(value, found)

    def shown(
        self,
        texts: Mapping[str, str],
        lang: str,
        as_html: Callable[[str], SafeString] = escape,
    ) -> SafeString:
        """The same for a page: a text that fell back to another language is marked with
        that language and its direction, so that a screen reader says it in its own voice
        and an Arabic word keeps its shape on a left-to-right page."""
        value, found = languages.pick(texts, lang)
        html = as_html(value)
        if found == lang:
            return html
        direction = languages.direction(found)
        return format_html('<span lang="{}" dir="{}">{}</span>', found, direction, html)

    @property
    def fields(self) -> list[dict[str, Any]]:
        return list(self.data["fields"])

    def field_of_type(self, kind: str) -> dict[str, Any] | None:
        return next((f for f in self.fields if f["type"] == kind), None)


def load(data_dir: Path) -> dict[str, Definition]:
    """Every form definition in data/forms/, by id."""
    found = {}
    for path in sorted((data_dir / "forms").glob("*.yaml")):
        data = read_yaml(path)
        found[data["id"]] = Definition(data["id"], data, path)
    return found


_READ: dict[Path, tuple[int, dict[str, Definition]]] = {}


def find(data_dir: Path, form_id: str) -> Definition | None:
    """The definition `form_id`, as load() gives it, without reading the whole folder at
    each request (every post asks for its form's): the last reading holds while the folder
    is unchanged (a file added, removed or replaced, as git replaces what it changes,
    changes its version) and the definition's own file is (read_yaml gives the same parsed
    data while the file's version is the same). A form not found is looked for again."""
    folder = data_dir / "forms"
    stamp = version(folder)
    read = _READ.get(folder)
    found = read[1].get(form_id) if read and read[0] == stamp else None
    if found is not None and (found.path is None or found.data is read_yaml(found.path)):
        return found
    if len(_READ) > 64:  # data folders of tests, or of an earlier configuration
        _READ.clear()
    _READ[folder] = (stamp, load(data_dir))
    return _READ[folder][1].get(form_id)


def taxonomy_options(data_dir: Path, name: str, lang: str) -> list[tuple[str, str]]:
    terms = read_yaml(data_dir / "taxonomies" / f"{name}.yaml")["terms"]
    return [(t["id"], languages.pick(t["label"], lang)[0]) for t in terms]


def city_name(data_dir: Path, record: Mapping[str, Any], lang: str) -> str:
    """The record's city named in `lang`, as the site names it (taxonomies/cities.yaml);
    as the record writes it when the list does not have it."""
    written = record.get("city")
    if not written:
        return ""
    cities = read_yaml(data_dir / "taxonomies" / "cities.yaml")["cities"]
    names = places.city_index(cities).get((record.get("country") or "MA", places.fold(written)))
    return languages.pick(names, lang)[0] or str(written)


def country_options(lang: str) -> list[tuple[str, str]]:
    """The countries named in the language, sorted as its readers expect: the contract's list
    (portal_contract.places), without CLDR's regions and codes that `validate` refuses."""
    return list(places.countries(lang))


class CountryField(forms.ChoiceField):
    """A country by its ISO code, from CLDR's list in `lang`.

    The list is given as a function, and an answer checked against a set: Django copies a
    form's fields for each form it makes, and would copy and walk 250 countries each time.
    """

    def __init__(self, lang: str, **kwargs: Any) -> None:
        self.lang = lang
        super().__init__(choices=partial(_country_choices, lang), **kwargs)

    def valid_value(self, value: Any) -> bool:
        return str(value) in _country_names(self.lang)

    def name_of(self, code: str) -> str:
        return _country_names(self.lang).get(code, code)


class RecordField(forms.ChoiceField):
    """A published record of data/<folder>/ (an association of the directory, a partnership
    request), by its id."""

    def __init__(self, data_dir: Path, folder: str, **kwargs: Any) -> None:
        self.data_dir, self.folder = data_dir, folder
        super().__init__(choices=partial(_record_choices, data_dir, folder), **kwargs)

    def valid_value(self, value: Any) -> bool:
        return str(value) in published(self.data_dir, self.folder)


# How a record is named in a list: its name and city.
NAMED = {
    "associations": lambda data: f"{data['name']['latin']} ({data['city']})",
    "partnerships": lambda data: f"{data['name']} ({data['city']})",
}


def published(data_dir: Path, folder: str) -> dict[str, str]:
    """The records of data/<folder>/, id → "name (city)", sorted by name. Read again when a
    file is added, removed or replaced (git replaces the files it changes)."""
    path = data_dir / folder
    return _published(str(path), folder, version(path))


@lru_cache(maxsize=8)
def _published(path: str, folder: str, stamp: int) -> dict[str, str]:
    found = {}
    for file in Path(path).glob("*.yaml"):
        data = read_yaml(file)
        found[data["id"]] = NAMED[folder](data)
    return dict(sorted(found.items(), key=lambda item: item[1].casefold()))


def partnerships(data_dir: Path) -> dict[str, str]:
    """The published partnership requests."""
    return published(data_dir, "partnerships")


def _record_choices(data_dir: Path, folder: str) -> list[tuple[str, str]]:
    return [("", "—"), *published(data_dir, folder).items()]


def _country_choices(lang: str) -> list[tuple[str, str]]:
    return [("", "—"), *country_options(lang)]


def _country_names(lang: str) -> Mapping[str, str]:
    return places.country_names(lang)


class DefinedForm(forms.Form):
    """A form built from a definition; `required_if` rules and amounts requested from a call
    are checked across fields."""

    # Set per form class by form_class(): field → (other field, value, message); and
    # amount field → the field of the project's total budget.
    conditions: ClassVar[dict[str, tuple[str, str, str]]] = {}
    requested: ClassVar[dict[str, str]] = {}
    # The eligibility checker's answer → the field that gives it, in a form about a call.
    eligible: ClassVar[dict[str, str]] = {}
    # Field → the programmes whose calls it is asked for (its definition's `programmes`).
    programmes: ClassVar[dict[str, list[str]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ask_what_the_calls_need()

    def _ask_what_the_calls_need(self) -> None:
        """In a form about a call, the priority areas offered are the call's own, and a
        field meant for other programmes is not asked: a solidarity development call has
        no priority area. The call is the one chosen (in the address or the answers), else
        any call on offer."""
        calls = self._calls_in_question()
        if calls is None:
            return
        axis = self.eligible.get("axis")
        if axis in self.fields:
            axes = {a for call in calls for a in call.data.get("axes") or []}
            field = self.fields[axis]
            assert isinstance(field, forms.ChoiceField)
            # Only the choices shown: another priority area sent all the same is refused
            # by the call's rule, in the eligibility checker's words (_check_eligibility).
            field.widget.choices = [(v, label) for v, label in field.choices if v in axes]
            if not field.widget.choices:
                del self.fields[axis]
        their = {str(call.data.get("programme")) for call in calls}
        for name, wanted in self.programmes.items():
            if name in self.fields and not their & set(wanted):
                del self.fields[name]

    def _calls_in_question(self) -> list[subjects.Subject] | None:
        """The call this form is about, or every call it offers while none is chosen; None
        in a form about no call."""
        for name, field in self.fields.items():
            if not isinstance(field, SubjectField) or field.kind != "call":
                continue
            chosen = self.data.get(name) if self.is_bound else self.initial.get(name)
            if str(chosen or "") in field.known:
                return [field.known[str(chosen)]]
            return [field.known[str(value)] for value, _label in field.choices]
        return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, (other, value, message) in self.conditions.items():
            empty = cleaned.get(name) in ("", None, [])
            if cleaned.get(other) == value and empty and name not in self.errors:
                self.add_error(name, ValidationError(message, code="required"))
        for name, budget in self.requested.items():
            call = self._call(cleaned)
            if call is None or not isinstance(cleaned.get(name), int) or name in self.errors:
                continue
            for _part, message in amounts.problems(call, cleaned[name], cleaned.get(budget)):
                self.add_error(name, ValidationError(message, code="call_rules"))
        self._check_eligibility(cleaned)
        return cleaned

    def _check_eligibility(self, cleaned: dict[str, Any]) -> None:
        """The call's rules on country, registration year and priority area: the checker's
        own function, so the form accepts exactly what the checker says is eligible."""
        call = self._call(cleaned) if self.eligible else None
        if call is None:
            return
        given = {answer: cleaned.get(name) for answer, name in self.eligible.items()}
        for outcome in eligibility.assess(call, given):
            name = self.eligible.get(outcome.answer)
            if name is None or name in self.errors or outcome.rule in ("range", "share"):
                continue  # no such field here, already refused, or the amounts' own check
            if outcome.met is False or (outcome.met is None and outcome.rule == "axis"):
                self.add_error(name, ValidationError(outcome.text, code="call_rules"))

    def _call(self, cleaned: dict[str, Any]) -> subjects.Subject | None:
        """The call chosen in this form, if it has one and it was accepted."""
        for name, field in self.fields.items():
            if isinstance(field, SubjectField) and name in cleaned:
                return field.known.get(str(cleaned[name]))
        return None


_CLASSES: dict[tuple[Any, ...], type[DefinedForm]] = {}


def form_class(
    definition: Definition, lang: str, data_dir: Path, now: datetime | None = None
) -> type[DefinedForm]:
    """A Django form for the definition, in `lang`, as it stands at `now` (calls and
    trainings on offer are those open then).

    Django's own messages (for rules the definition does not word) are lazy: use the form
    with `lang` active, as the views do for /{lang}/forms/..., so they come out in it.

    A form that offers no call or training does not change with time: it is made once per
    version of its definition and taxonomies (every request asks for it).
    """
    if definition.path is None or any(f["type"] in SUBJECTS for f in definition.fields):
        return _form_class(definition, lang, data_dir, now or clock.now())
    taxonomies = sorted(
        data_dir / "taxonomies" / f"{f['options']['taxonomy']}.yaml"
        for f in definition.fields
        if isinstance(f.get("options"), dict)
    )
    key = (
        definition.id,
        lang,
        str(data_dir),
        *(version(p) for p in [definition.path, *taxonomies]),
    )
    if key not in _CLASSES:
        if len(_CLASSES) > 256:  # old versions
            _CLASSES.clear()
        _CLASSES[key] = _form_class(definition, lang, data_dir, clock.now())
    return _CLASSES[key]


SUBJECTS = ("call", "training")


def _form_class(
    definition: Definition, lang: str, data_dir: Path, moment: datetime
) -> type[DefinedForm]:
    with translation.override(lang):
        fields: dict[str, Any] = {
            f["name"]: _field(definition, f, lang, data_dir, moment) for f in definition.fields
        }
    fields["requested"] = {
        f["name"]: f["amount_requested"]["budget"]
        for f in definition.fields
        if "amount_requested" in f
    }
    fields["conditions"] = {
        f["name"]: (
            f["required_if"]["field"],
            f["required_if"]["value"],
            definition.text(f["errors"]["required"], lang),
        )
        for f in definition.fields
        if "required_if" in f
    }
    fields["eligible"] = _eligibility_fields(definition)
    fields["programmes"] = {
        f["name"]: list(f["programmes"]) for f in definition.fields if "programmes" in f
    }
    name = f"{definition.id.title().replace('-', '')}Form"
    return type(name, (DefinedForm,), fields)


def _eligibility_fields(definition: Definition) -> dict[str, str]:
    """Which fields answer the eligibility checker's questions in a form about a call: its
    country field, its year field `founded` and its field `axis`."""
    if definition.field_of_type("call") is None:
        return {}
    found = {}
    for spec in definition.fields:
        if spec["type"] == "country":
            found["country"] = spec["name"]
        elif spec["name"] in ("founded", "axis"):
            found[spec["name"]] = spec["name"]
    return found


class SubjectField(forms.ChoiceField):
    """A call or a training, offered while it is open; one sent after it closed (or for one
    not open yet) is refused with its dates, in the page's language."""

    def __init__(
        self,
        *,
        kind: str,
        known: dict[str, subjects.Subject],
        now: datetime,
        lang: str,
        data_dir: Path,
        **kwargs: Any,
    ) -> None:
        self.kind, self.known, self.now, self.lang = kind, known, now, lang
        self.data_dir = data_dir
        on_offer = sorted(
            (s for s in known.values() if s.is_open(now)), key=lambda s: (s.closes, s.id)
        )
        choices = [(s.id, self.label_of(s)) for s in on_offer]
        super().__init__(choices=choices, widget=forms.RadioSelect, **kwargs)

    def label_of(self, subject: subjects.Subject) -> str:
        return subject_label(subject, self.lang, self.data_dir)

    def validate(self, value: Any) -> None:
        subject = self.known.get(str(value))
        said = not_open(subject, self.now, self.lang) if subject is not None else ""
        if subject is not None and said:
            code = "closed" if self.now >= subject.closes else "not_open"
            raise ValidationError(said, code=code)
        super().validate(value)


def not_open(subject: subjects.Subject, now: datetime, lang: str) -> str:
    """Why `subject` takes no answers at `now` ("This closed on …"), or "" while it does:
    the form's error, and the eligibility checker's word instead of "Apply online"."""
    if subject.is_open(now):
        return ""
    if now >= subject.closes:
        message = _("This closed on %(date)s: answers are no longer accepted.")
        return message % {"date": subject.when(subject.closes, lang)}
    assert subject.opens is not None
    message = _("This opens on %(date)s: answers are not accepted before then.")
    return message % {"date": subject.when(subject.opens, lang)}


def subject_label(subject: subjects.Subject, lang: str, data_dir: Path) -> str:
    data = subject.data
    if "starts" in data:  # a training: where and when
        place = city_name(data_dir, data, lang) or _("online")
        starts = subject.when(datetime.fromisoformat(data["starts"]), lang)
        return f"{subject.title(lang)} — {place}{languages.comma(lang)}{starts}"
    closes = _("closes on %(date)s") % {"date": subject.when(subject.closes, lang)}
    return f"{subject.title(lang)} ({closes})"


class PdfField(forms.FileField):
    """A PDF of at most `max_mb` megabytes, checked by its content (see uploads)."""

    def __init__(self, *, max_mb: int, **kwargs: Any) -> None:
        self.max_bytes = max_mb * 1024 * 1024
        self.max_mb = max_mb
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = "application/pdf,.pdf"

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if isinstance(upload, UploadedFile):
            try:
                uploads.check_pdf(upload, self.max_bytes)
            except uploads.NotAccepted as refused:
                raise ValidationError(self._refusal(refused.code), code=refused.code) from None
        return upload

    def _refusal(self, code: str) -> str:
        if code == "max_size":
            return _("The file must be %(size)s MB or smaller.") % {"size": self.max_mb}
        if code == "encrypted":
            return _("The file is protected by a password: send it without the password.")
        if code == "active":
            return _(
                "The file contains scripts or other files: save it again as a plain PDF"
                " (print it to PDF, for example) and send that."
            )
        if code == "complex":
            return _(
                "The file is too complex to be checked: save it again as a plain PDF"
                " (print it to PDF, for example) and send that."
            )
        return _("The file must be a PDF document.")


# The browser's autofill for answers about the person or their association (WCAG 1.3.5),
# by the field's type unless its definition names its own token (`autocomplete`).
AUTOCOMPLETE = {"email": "email", "phone": "tel", "country": "country"}


def _field(
    definition: Definition, spec: dict[str, Any], lang: str, data_dir: Path, now: datetime
) -> forms.Field:
    field = _plain_field(definition, spec, lang, data_dir, now)
    token = spec.get("autocomplete") or AUTOCOMPLETE.get(spec["type"])
    if token:
        field.widget.attrs["autocomplete"] = token
    if spec["type"] == "consent":  # its box beside its own words, apart from the buttons
        field.template_name = "forms/_consent.html"
    return field


def _plain_field(
    definition: Definition, spec: dict[str, Any], lang: str, data_dir: Path, now: datetime
) -> forms.Field:
    kind = spec["type"]
    common: dict[str, Any] = {
        "required": bool(spec.get("required")),
        "label": definition.shown(spec["label"], lang),
        "help_text": definition.shown(spec["hint"], lang, hints.isolated) if "hint" in spec else "",
        "error_messages": {
            code: definition.text(texts, lang)
            for rule, texts in spec.get("errors", {}).items()
            for code in _CODES[rule]
        },
    }
    length = {"max_length": spec["max_length"]} if "max_length" in spec else {}
    # No colon after a label that is a question: Django leaves it out after ? . ! : only, so
    # an Arabic question read "من يبحث عن شريك؟:".
    if definition.text(spec["label"], lang).rstrip().endswith(ENDS_ITSELF):
        common["label_suffix"] = ""
    if "pattern" in spec:  # searched, not matched whole: JSON Schema's meaning
        common["validators"] = [RegexValidator(spec["pattern"], code="invalid")]
    if "maps_to" in spec and kind in ("text", "textarea"):
        named = _not_a_formula(lang, definition.text(spec["label"], lang))
        common["validators"] = [*common.get("validators", []), named]
    if kind == "text":
        return LineField(**common, **length)
    if kind == "phone":  # the association schema's pattern for phone numbers
        common["validators"] = [*common.get("validators", []), PHONE]
        return PhoneField(**common, **length)
    if kind == "textarea":
        return TextField(**common, **length)
    if kind == "email":
        return addresses.EmailField(**common, **length)
    if kind in ("integer", "year"):
        return forms.IntegerField(min_value=spec.get("min"), max_value=spec.get("max"), **common)
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "consent":
        return forms.BooleanField(**common)
    if kind == "country":
        return CountryField(lang, **common)
    if kind in ("call", "training"):
        known = subjects.of_kind(kind, data_dir)
        return SubjectField(kind=kind, known=known, now=now, lang=lang, data_dir=data_dir, **common)
    if kind == "file":
        max_mb = spec.get("max_mb", MAX_MB)
        # The cap said beside the field, read with it by a screen reader, so that nobody learns
        # of it only from a refusal after a long upload (WCAG 3.3.2). The class may be made
        # once and kept, whatever language the request that made it was in.
        with translation.override(lang):
            cap = escape(_("A PDF file of %(size)s MB at most.") % {"size": max_mb})
        hint = common["help_text"]
        common["help_text"] = format_html("{} {}", hint, cap) if hint else cap
        return PdfField(max_mb=max_mb, **common)
    if kind in ("association", "partnership"):
        return RecordField(data_dir, f"{kind}s", **common)
    options = spec["options"]
    if isinstance(options, dict):
        choices = taxonomy_options(data_dir, options["taxonomy"], lang)
    else:
        choices = [(o["value"], definition.text(o["label"], lang)) for o in options]
    if kind == "choices":
        return OptionsField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    return OptionField(choices=choices, widget=forms.RadioSelect, **common)


class SharedChoices:
    """A field whose choices the copies of it share. Django copies a form's fields for each
    form it makes, a post's included, and a ChoiceField copies its choices, item by item:
    here they are only ever replaced (field.choices = ...), never changed in place, so the
    copy of the field alone will do."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return forms.Field.__deepcopy__(self, memo)


class OptionField(SharedChoices, forms.ChoiceField):
    """One of a definition's options (or a taxonomy's)."""


class OptionsField(SharedChoices, forms.MultipleChoiceField):
    """Any of a definition's options (or a taxonomy's)."""
