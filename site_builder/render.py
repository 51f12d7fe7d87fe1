"""Page plans to HTML in one language, with the templates in site_builder/templates.

A template extends _page.html and fills three blocks: `title` (plain text, for <title> and
the header), `heading` (the page's <h1> content, may carry markup; defaults to the title) and
`body`. What is the
same on every page (header, navigation, footer) is not drawn here but by the theme, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from babel.dates import format_timedelta
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from site_builder import i18n
from site_builder.model import Call, Site
from site_builder.pages import Plan

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Rendered:
    title: str  # plain text
    heading: str  # HTML
    body: str  # HTML


class Renderer:
    """Renders pages in one language. Made once per build: the templates compile once."""

    def __init__(self, site: Site, lang: str) -> None:
        self.site, self.lang = site, lang
        self.fmt = i18n.Formats(lang)
        self.gettext = i18n.translations(lang).ugettext
        env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(default=True),
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
        env.globals.update(
            lang=lang,
            dir=i18n.direction(lang),
            site=site,
            fmt=self.fmt,
            t=self.text,
            plain=self.plain,
            label=self.label,
            url=self.url,
            time_left=self.time_left,
            iso=lambda moment: moment.isoformat(),
        )
        self.env = env

    def render(self, plan: Plan) -> Rendered:
        html = self.env.get_template(plan.template).render(plan.context, path=plan.path)
        title, heading, body = html.split("\x1e")
        return Rendered(Markup(title).striptags(), heading.strip(), body)

    def url(self, path: str) -> str:
        return f"/{self.lang}/{path}"

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

    def plain(self, texts: Any) -> str:
        found = i18n.pick(texts, self.lang)
        return found.value if found else ""

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


def now_utc(text: str | None) -> datetime:
    """The build's moment: a given ISO date or date-time, or the clock."""
    if not text:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
