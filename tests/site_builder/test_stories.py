"""Success stories: content pages in every language, linked to the records they tell of,
and those records' pages linked back to them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import yaml

from site_builder import snapshot, stories
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
