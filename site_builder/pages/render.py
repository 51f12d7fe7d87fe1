"""Page plans to HTML in one language, with the templates in site_builder/templates.

A template extends _page.html and fills three blocks: `title` (plain text, for <title> and
the header), `heading` (the page's <h1> content, may carry markup; defaults to the title) and
`body`. What is the
same on every page (header, navigation, footer) is not drawn here but by the theme, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from babel.dates import format_timedelta
from markupsafe import Markup, escape

from portal_contract import languages, typography
from site_builder.model import fingerprint, i18n, templates
from site_builder.model.plan import Plan
from site_builder.model.site import Call, Site
from site_builder.outputs import charts, grants, opendata
from site_builder.pages import eligibility, stories, structured


@dataclass(frozen=True)
class Rendered:
    title: str  # plain text
    heading: str  # HTML
    body: str  # HTML


class Renderer:
    """Renders pages in one language. Made once per build: the templates compile once."""

    def __init__(self, site: Site, lang: str, origin: str = "") -> None:
        # origin: the site's address (https://…), for the absolute addresses of JSON-LD;
        # without it they are relative to the site's root.
        self.site, self.lang, self.origin = site, lang, origin
        # ("project", id) → its success stories (site_builder/pages/stories.py), once the
        # content pages are read; a page drawn before then has no link to them.
        self.stories: dict[tuple[str, str], list[stories.Story]] = {}
        self.fmt = i18n.Formats(lang)
        self.gettext = i18n.translations(lang).ugettext
        self.ungettext = i18n.translations(lang).ungettext
        env = templates.environment(lang, strict=True)
        env.globals.update(
            # The same as the extension's new-style gettext (escaped variables, `num` for
            # plurals), called directly: its context-passing wrapper cost a sixth of a page.
            _=self._,
            gettext=self._,
            ngettext=self._n,
            lang=lang,
            dir=i18n.direction(lang),
            site=site,
            fmt=self.fmt,
            t=self.text,
            plain=self.plain,
            project_title=self.project_title,
            columns=i18n.columns,
            association_name=self.association_name,
            label=self.label,
            city=self.city,
            comma=languages.comma(lang),  # between a city and its country: "، " in Arabic
            url=self.url,
            time_left=self.time_left,
            iso=lambda moment: moment.isoformat(),
            jsonld=self.jsonld,
            eligibility_rules=lambda call: eligibility.script(call, lang),
            chart=self.chart,
            chart_variants=charts.VARIANTS,
            chart_height=charts.height,
            download=lambda section, facet: "/data/" + opendata.list_path(section, facet),
            stories_of=lambda kind, key: self.stories.get((kind, key), []),
            open_tables=lambda: opendata.table_schemas(site),
            table_title=self.table_title,
            field_type=self.field_type,
            field_description=self.field_description,
            zip_name=opendata.ZIP_NAME,
            grants_prefix=grants.PREFIX,
            # Whether this build has a search index (not `site-builder build --no-search`):
            # the search page preloads its files only where they exist.
            search_index=True,
        )
        # Macros as a module made once: imported in each template, Jinja would build the
        # module again for every page (the page's variables make it a new import).
        env.globals["macros"] = env.get_template("_macros.html").module
        self.env = env

    def render(self, plan: Plan, reads: set[str] | None = None) -> Rendered:
        """The page; with `reads`, what it read of the model is added to it
        (site_builder/model/fingerprint.py), for the incremental build."""
        if reads is None:
            return self._render(plan, self.site)
        site = self.site
        self.site = fingerprint.Reading(site, reads)  # type: ignore[assignment]
        try:  # the methods below read self.site, the templates `site`
            return self._render(plan, self.site)
        finally:
            self.site = site

    def _render(self, plan: Plan, site: Site) -> Rendered:
        template = self.env.get_template(plan.template)
        html = template.render(plan.context, path=plan.path, site=site)
        title, heading, body = html.split("\x1e")
        title = Markup(title).striptags()  # which makes every space a plain one
        if self.lang == "fr":  # "Licence :", with its narrow no-break space (typography.py)
            title = typography.spaced(title)
            heading, body = typography.french(heading), typography.french(body)
        return Rendered(title, heading.strip(), body)

    def _(self, message: str, **variables: Any) -> Markup:
        text = Markup(self.gettext(message))
        return text % variables if variables else text

    def _n(self, singular: str, plural: str, n: int, **variables: Any) -> Markup:
        text = Markup(self.ungettext(singular, plural, n))
        return text % {"num": n, **variables}

    def url(self, path: str) -> str:
        return f"/{self.lang}/{path}"

    def table_title(self, name: str) -> str:
        _ = self.gettext
        titles = {
            "calls": _("Calls for projects"),
            "projects": _("Funded projects"),
            "associations": _("Directory of associations (public fields)"),
            "trainings": _("Trainings"),
        }
        return titles[name]

    def field_type(self, kind: str) -> str:
        _ = self.gettext
        names = {
            "string": _("text"),
            "integer": _("whole number"),
            "number": _("number"),
            "boolean": _("true or false"),
            "date": _("date"),
            "datetime": _("date and time"),
            "array": _("list"),
            "object": _("group of fields"),
        }
        return names.get(kind, kind)

    def field_description(self, field: dict[str, Any]) -> Markup:
        """A published field's description, in the page's language (the schema's
        `x-description`); in English, marked as such, where it has none in that language."""
        found = opendata.descriptions(field).get(self.lang)
        if found:
            return Markup("{}").format(found)
        english = field.get("description", "")
        # A block, not a span: on a phone the stacked cell lays it out under its label.
        return Markup('<div lang="en" dir="ltr">{}</div>').format(english)

    def chart(self, name: str) -> charts.Chart:
        return charts.chart(self.site, self.lang, name)

    def jsonld(self, kind: str, record: Any) -> Markup:
        """The record's JSON-LD block (site_builder/pages/structured.py), absolute addresses."""
        origin = f"{self.origin}/{self.lang}/"
        if kind == "association":
            data = structured.association(
                record, self.lang, f"{origin}associations/{record['id']}/"
            )
        elif kind == "project":
            recipient = f"{origin}associations/{record['association_id']}/"
            data = structured.project(
                record, self.lang, f"{origin}projects/{record['id']}/", recipient
            )
        elif kind == "training":
            data = structured.training(record, self.lang, f"{origin}trainings/{record['id']}/")
        else:
            data = structured.call(record, self.lang, f"{origin}calls/{record.id}/")
        return structured.script(data)

    def text(self, texts: Any, inline: bool = True) -> Markup:
        """A record's text in the page's language, or in another marked with its own language."""
        found = i18n.pick(texts, self.lang)
        if found is None:
            return Markup("")
        if not found.fallback:
            return escape(found.value)
        tag = "span" if inline else "div"
        notice = self.gettext("Not yet translated: shown in %(language)s.") % {
            "language": self.fmt.language(found.lang)
        }
        return Markup(
            f'<{tag} class="portal-fallback" lang="{found.lang}"'
            f' dir="{i18n.direction(found.lang)}">{escape(found.value)}</{tag}>'
            f' <small class="portal-fallback__notice">{escape(notice)}</small>'
        )

    # The two names drawn on most pages (in every list row) are Python, not Jinja macros: a
    # macro call builds a new template context, which made up a fifth of the render time.
    def project_title(self, project: dict[str, Any]) -> Markup:
        return self.text(i18n.columns(project, "title"))

    def association_name(self, association: dict[str, Any]) -> Markup:
        """The Latin-script name, and the Arabic-script one where there is one, each marked."""
        name = association["name"]
        html = f'<span lang="und-Latn" dir="ltr">{escape(name["latin"])}</span>'
        if name.get("arabic"):
            html += f' · <span lang="ar" dir="rtl">{escape(name["arabic"])}</span>'
        return Markup(html)

    def plain(self, texts: Any) -> str:
        found = i18n.pick(texts, self.lang)
        return found.value if found else ""

    def city(self, record: dict[str, Any]) -> Markup:
        """The record's city named in the page's language (taxonomies/cities.yaml): Milano
        is ميلانو and Milan. A city not listed there is shown as the record writes it, in
        a language the page cannot tell (a seat in Morocco, without a country, is in MA)."""
        written = record.get("city")
        if not written:
            return Markup("")
        names = self.site.city_names(record.get("country") or "MA", written)
        found = i18n.pick(names, self.lang)
        if found is not None and not found.fallback:
            return escape(found.value)
        return Markup(f'<span lang="und" dir="auto">{escape(written)}</span>')

    def label(self, kind: str, key: str) -> Markup:
        term = self.site.term(kind, key)
        return self.text(term.get("label")) if term else escape(key)

    def time_left(self, call: Call) -> str:
        """ "in 47 days": CLDR's relative time, as the page's script writes it with Intl."""
        moment = call.closes if call.status == "open" else call.opens
        seconds = max((moment - self.site.now).total_seconds(), 0)
        days = int(seconds // 86400)
        if days:
            amount, unit = timedelta(days=days), "day"
        else:
            amount, unit = timedelta(hours=max(1, int(seconds // 3600))), "hour"
        return format_timedelta(
            amount,
            granularity=unit,  # type: ignore[arg-type]
            threshold=1000,
            add_direction=True,
            locale=self.fmt.locale,
        )
