"""Success stories: content pages in every language, linked to the records they tell of,
and those records' pages linked back to them."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
import yaml

from site_builder.model import snapshot
from site_builder.pages import stories
from tests.conftest import REPO, BuiltSite

LANGUAGES = ("ar", "fr", "en")
STORIES = sorted(
    p.stem for p in (REPO / "content" / "en" / "stories").glob("*.md") if p.stem != "index"
)


def front_matter(lang: str, story: str) -> dict:  # type: ignore[type-arg]
    text = (REPO / "content" / lang / "stories" / f"{story}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])  # type: ignore[no-any-return]


def test_every_story_is_told_in_every_language_about_the_same_records() -> None:
    assert len(STORIES) >= 2
    for story in STORIES:
        told = [front_matter(lang, story) for lang in LANGUAGES]
        assert told[0] == told[1] == told[2], story


def heading(lang: str, story: str) -> str:
    text = (REPO / "content" / lang / "stories" / f"{story}.md").read_text(encoding="utf-8")
    return next(line[2:].strip() for line in text.splitlines() if line.startswith("# "))


def link_texts(page: str, lang: str, story: str) -> list[str]:
    """The visible text of every link to a story in the page's language (relative or
    absolute; not the language switch's)."""
    href = rf'href="(?:/{lang}/|(?!/))(?:[^"]*/)?{re.escape(story)}/"'
    found = re.findall(rf"<a {href}(?![^>]*hreflang)[^>]*>(.*?)</a>", page, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", t)).split()) for t in found]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_story_is_named_by_its_heading_everywhere(built_site: BuiltSite, lang: str) -> None:
    """In the navigation and on its records' pages, in the page's language: not by its file
    name ("Digital literacy lille"), which MkDocs used when a comment came before the <h1>."""
    for story in STORIES:
        title = heading(lang, story)
        project = front_matter(lang, story)["projects"][0]
        for page in ("stories/index.html", f"projects/{project}/index.html"):
            text = (built_site.out / lang / page).read_text(encoding="utf-8")
            names = link_texts(text, lang, story)
            assert names and set(names) == {title}, (page, names)
        own = (built_site.out / lang / "stories" / story / "index.html").read_text()
        assert f"<title>{html.escape(title, quote=False)} - " in own


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_story_links_its_records_and_they_link_back(built_site: BuiltSite, lang: str) -> None:
    index = (built_site.out / lang / "stories" / "index.html").read_text(encoding="utf-8")
    for story in STORIES:
        assert f'href="{story}/"' in index
        page = (built_site.out / lang / "stories" / story / "index.html").read_text()
        meta = front_matter(lang, story)
        for kind in ("projects", "associations"):
            for key in meta.get(kind, []):
                assert f'href="/{lang}/{kind}/{key}/"' in page
                record = (built_site.out / lang / kind / key / "index.html").read_text()
                assert re.search(rf'href="/{lang}/stories/{story}/"', record), (kind, key)


def test_a_story_about_an_unknown_record_is_refused() -> None:
    site = snapshot.read_site(REPO / "data", datetime(2026, 11, 29, tzinfo=UTC))
    with pytest.raises(stories.StoryProblem, match=r"stories/x.md: projects: no such record: p1"):
        stories.read(site, "stories/x.md", "stories/x/", "X", {"projects": ["p1"]})
    with pytest.raises(stories.StoryProblem, match="at least one project or association"):
        stories.read(site, "stories/x.md", "stories/x/", "X", {})
    known = next(iter(site.associations))
    story = stories.read(site, "stories/x.md", "stories/x/", "X", {"associations": [known]})
    assert stories.index([story]) == {("association", known): [story]}
