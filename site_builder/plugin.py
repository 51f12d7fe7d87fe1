"""The MkDocs plugin: hands the pages made from data/ to MkDocs. It only wires.

Section front pages (home, calls, projects, associations, trainings, search) are MkDocs pages
in the navigation: their Markdown is empty and their HTML comes from `render`. Every other
generated page (one per record, facets, later list pages) is a static HTML file: Material
draws the layout around a marked placeholder once per URL depth ("shell"), and each page is
that shell with its title and body put in. Drawing the same header and navigation 15,000
times through the theme's templates is most of a build's time; this draws it a handful.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.commands.build import get_context
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from portal_contract import languages, typography
from portal_contract.origin import OriginError
from site_builder import clock
from site_builder.model import fingerprint, i18n, snapshot
from site_builder.model.plan import Plan, plan
from site_builder.outputs import budget, guides, language_files, search
from site_builder.outputs.sitemap import sitemap
from site_builder.pages import ledger, material_markup, shells, stories
from site_builder.pages.render import Rendered, Renderer
from site_builder.settings import Settings

log = get_plugin_logger(__name__)
STAFF = "staff/"  # the staff guide's pages: out of the navigation, the search and the sitemap


class PortalConfig(base.Config):  # type: ignore[no-untyped-call]
    data_dir = c.Type(str, default="../data")  # the data folder, relative to the config file
    enabled = c.Type(bool, default=True)


class PortalPlugin(BasePlugin[PortalConfig]):  # type: ignore[no-untyped-call]
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.settings = settings = Settings.from_env()
        self.lang = str(config.theme["language"])
        # The public address, written here rather than in the MkDocs files so that one
        # variable (PORTAL_ORIGIN, or `site-builder build --origin`) sets it for every
        # language: MkDocs' canonical links and the 404 page's base follow site_url, the
        # theme's alternates and everything the plugin writes follow extra.origin.
        try:
            origin = settings.public_origin()
        except OriginError as exc:
            raise PluginError(f"PORTAL_ORIGIN: {exc}") from None
        config.site_url = f"{origin}/{self.lang}/"
        config.extra["origin"] = origin
        _languages(config, self.lang)
        if not self.config.enabled:
            return config
        if settings.model:
            site = snapshot.load(Path(settings.model))
        else:
            root = settings.data or Path(config.config_file_path).parent / self.config.data_dir
            try:
                site = snapshot.read_site(Path(root), clock.now(settings.now))
            except snapshot.DataProblems as exc:
                raise PluginError(f"the data has problems:\n{exc}") from None
        self.renderer = Renderer(site, self.lang, str(config.extra.get("origin", "")))
        self.renderer.env.globals["search_index"] = bool(settings.search_docs)
        self.plans = {_src(p): p for p in plan(site)}
        self.guides: dict[str, str] = {}  # slug → its page's HTML
        self.told: list[stories.Story] = []
        # With a state folder, what each page is made from, for a later incremental build.
        self.ledger = ledger.Ledger(fingerprint.Digests(site)) if settings.state else None
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        for src, page in self.plans.items():
            if page.nav:
                title = self.renderer.render(page).title
                front = f"---\ntitle: {_yaml_string(title)}\n---\n"
                files.append(File.generated(config, src, content=front))
            else:  # content comes in on_env, once the layout can be drawn
                files.append(File.generated(config, src, content=""))
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, page: Page, **kwargs: Any) -> str | None:
        if self.config.enabled and page.file.src_uri in self.plans:
            return ""  # nothing to parse: the HTML is made in on_page_content
        return markdown

    def on_page_content(self, html: str, page: Page, **kwargs: Any) -> str | None:
        plan_ = self.plans.get(page.file.src_uri) if self.config.enabled else None
        if plan_ is None and self.lang == "fr":  # before the guides' PDF and the search take it
            html = typography.french(html)
        if plan_ is None and "title" not in page.meta:
            # MkDocs takes a page's title from its <h1> only when nothing comes before it;
            # after a comment (a sample story's note) it falls back to the file name, in
            # English ("Digital literacy lille"), in the navigation of every language.
            heading, _ = guides.split_heading(html)
            if heading:
                page.meta["title"] = heading
        if plan_ is None and stories.is_story(page.file.src_uri):
            return html + self._story(page)
        slug = guides.slug(page.file.src_uri)
        if plan_ is None and slug is not None:
            self.guides[slug] = html  # printed in on_post_build, without the links below
            links = guides.downloads(self.lang, slug, bool(page.meta.get("budget_template")))
            return html.replace("</h1>", "</h1>" + links, 1)
        if plan_ is None:
            return html
        done = self._render(plan_)
        return f"<h1>{done.heading}</h1>{done.body}"

    # Runs after MkDocs has read every page and before it writes any file: the theme's
    # environment is ready, and the static files are not yet copied.
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment | None:
        material_markup.install(env)  # before any template is loaded
        env.add_extension("jinja2.ext.i18n")
        env.filters["striptags"] = typography.striptags  # keeps French narrow spaces
        env.install_gettext_translations(i18n.translations(self.lang), newstyle=True)  # type: ignore[attr-defined]
        if not self.config.enabled:
            return env
        self.files = files
        # Every content page has been read by now: the record pages can link their stories.
        self.renderer.stories = stories.index(self.told)
        drawn: shells.Shells = {}
        for file in files:
            plan_ = self.plans.get(file.src_uri)
            if plan_ is None or plan_.nav:
                continue
            depth = plan_.path.count("/")
            if depth not in drawn:
                drawn[depth] = shells.split(self._shell(depth, env, config, files))
            done = self._render(plan_)
            # Not in the search documents: the index takes the records from the model
            # (site_builder/pages/search_entries.py) while these pages are written.
            file.content_string = shells.fill(drawn[depth], plan_, done)
        for folder in (self.settings.shells, self.settings.state):
            if folder:  # for `serve`'s fast path (tools/live.py), the incremental build
                shells.save(Path(folder) / f"{self.lang}.json", drawn)
        self.forms_layout = shells.forms_layout(
            self._shell(shells.FORMS_DEPTH, env, config, files), self.lang
        )
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        if self.lang == "fr":  # the theme's words and the navigation's titles too
            output = typography.french(output)
        output = i18n.with_direction(output, self.lang)
        if self.config.enabled and page.content is not None:
            plan_ = self.plans.get(page.file.src_uri)
            staff = page.file.src_uri.startswith(STAFF)  # the staff guide: not searched
            if (plan_ is None and not staff) or (plan_ is not None and plan_.search):
                self._searchable(page.url.removeprefix("./"), page.content)
            if plan_ is not None and self.ledger is not None:
                self.ledger.nav_shell(plan_.path, output, shells.shown(page.content, self.lang))
        return output

    def on_post_template(
        self, output_content: str, template_name: str, config: MkDocsConfig
    ) -> str | None:
        if template_name.endswith(".html"):  # the 404 page (not the sitemap)
            return i18n.with_direction(output_content, self.lang)
        return output_content

    def _render(self, plan_: Plan) -> Rendered:
        """A page of the plan, noting what it read when a later build will want to know."""
        if self.ledger is None:
            return self.renderer.render(plan_)
        reads: set[str] = set()
        done = self.renderer.render(plan_, reads)
        # A section page's title is in every page's navigation: kept, to be compared.
        self.ledger.page(plan_, reads, done.title if plan_.nav else None)
        return done

    def _searchable(self, path: str, html: str) -> None:
        if self.settings.search_docs:
            search.document(Path(self.settings.search_docs), self.lang, path, html)

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        pages = [
            f.url.removeprefix("./")
            for f in self.files.documentation_pages()
            if not f.src_uri.startswith(STAFF)
        ]
        planned = {p.path for p in self.plans.values()}
        content = [p for p in pages if p not in planned]  # for the incremental build's sitemap
        pages += [p.path for p in self.plans.values() if not p.nav]
        out = Path(config.site_dir)
        text = sitemap(str(config.extra["origin"]), self.lang, pages)
        (out / "sitemap.xml").write_text(text, encoding="utf-8")
        (out / "sitemap.xml.gz").unlink(missing_ok=True)  # MkDocs' copy lacks the data pages
        made = self._feeds(out, str(config.extra["origin"]), str(config.site_name))
        self._guides(out, str(config.extra["origin"]), str(config.site_name))
        (out / "forms").mkdir(exist_ok=True)  # the forms service draws its pages into it
        layout = json.dumps(self.forms_layout, ensure_ascii=False)
        (out / "forms" / "layout.json").write_text(layout, encoding="utf-8")
        if self.ledger is not None and self.settings.state:
            where = Path(self.settings.state) / f"{self.lang}.ledger.json"
            self.ledger.save(where, site_name=str(config.site_name), content=content, files=made)

    def _feeds(self, out: Path, origin: str, name: str) -> list[str]:
        made = language_files.files(self.renderer.site, self.lang, origin, name)
        language_files.write(out, made)
        return sorted(made)

    def _story(self, page: Page) -> str:
        """Check a success story's records and draw the links to them under it."""
        try:
            story = stories.read(
                self.renderer.site, page.file.src_uri, page.url, str(page.title), page.meta
            )
        except stories.StoryProblem as exc:
            raise PluginError(str(exc)) from None
        self.told.append(story)
        links = Plan(page.url, "story_links.html", context={"story": story})
        if self.ledger is None:
            return self.renderer.render(links).body
        reads: set[str] = set()
        done = self.renderer.render(links, reads)
        self.ledger.story(story, reads)
        return done.body

    def _guides(self, out: Path, origin: str, name: str) -> None:
        """Each guide as PDF beside its page, and the budget template the guides link to."""
        (out / "guides").mkdir(exist_ok=True)
        for slug, html in self.guides.items():
            title, body = guides.split_heading(html)
            address = f"{origin}/{self.lang}/guides/{slug}/"
            drawn = guides.pdf(title, body, self.lang, name, address)
            (out / "guides" / f"{slug}.pdf").write_bytes(drawn)
        (out / "guides" / guides.BUDGET_FILE).write_bytes(budget.workbook(self.lang))

    def _shell(self, depth: int, env: Environment, config: MkDocsConfig, files: Files) -> str:
        """The theme's page with marks where a page's path, title, heading and body go."""
        uri = "/".join(["portal-shell"] * depth) + "/index.md"
        page = Page(None, File.generated(config, uri, content=""), config)
        page.markdown = ""
        page.meta = {"portal_path": shells.MARK.format("PATH")}
        page.title = shells.MARK.format("TITLE")
        page.content = f"<h1>{shells.MARK.format('HEADING')}</h1>{shells.MARK.format('BODY')}"
        page.toc = get_toc([])
        if config.site_url:
            page.canonical_url = config.site_url + shells.MARK.format("PATH")
        context = get_context(self.nav, files, config, page)
        drawn = env.get_template("main.html").render(context)
        drawn = typography.french(drawn) if self.lang == "fr" else drawn
        return i18n.with_direction(drawn, self.lang)


def _languages(config: MkDocsConfig, lang: str) -> None:
    """What the theme needs of portal_contract/languages.yaml, so that a language added there
    needs nothing in mkdocs.yml: the language menu and the alternates (extra.alternate), the
    page's direction, its Open Graph locale, and which of Material's own string files to
    take its words from (partials/language.html): the page's language, else the first of its
    fallbacks that Material has (Material has no Tamazight)."""
    config.extra["alternate"] = [
        {"name": language.name, "link": f"/{language.code}/", "lang": language.code}
        for language in languages.LANGUAGES
    ]
    config.theme["direction"] = languages.direction(lang)
    config.extra["og_locale"] = languages.get(lang).locale
    folders = [Path(folder) / "partials" / "languages" for folder in config.theme.dirs]
    config.extra["theme_strings"] = next(
        (
            code
            for code in (*languages.fallbacks(lang), "en")
            if any((folder / f"{code}.html").is_file() for folder in folders)
        ),
        "en",
    )


def _src(plan_: Plan) -> str:
    return f"{plan_.path}index.md" if plan_.nav else f"{plan_.path}index.html"


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
