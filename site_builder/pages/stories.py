"""Success stories: pages of content/{lang}/stories/ that tell how a funded project went.

A story names its projects and associations in its front matter (`projects: [p2021-004]`,
`associations: [assalam-lille]`). The build checks those ids against the data, puts links to
their pages under the story, and links each project and association page back to its
stories: capturing and sharing successful experiences is one of the capacity-building
programme's aims, and a visitor reading about a project should find its story.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from site_builder.model.site import Site

FOLDER = "stories/"


def is_story(src_uri: str) -> bool:
    """A page of stories/, other than the folder's own index."""
    return src_uri.startswith(FOLDER) and src_uri != f"{FOLDER}index.md"


@dataclass(frozen=True)
class Story:
    path: str  # URL path inside a language, e.g. "stories/digital-literacy-lille/"
    title: str
    projects: tuple[str, ...]
    associations: tuple[str, ...]


class StoryProblem(ValueError):
    pass


def read(site: Site, source: str, path: str, title: str, meta: Mapping[str, Any]) -> Story:
    """A story from its page's front matter; an unknown id is an error naming the file."""
    found = {}
    for key, known in (
        ("projects", {p["id"] for p in site.projects}),
        ("associations", set(site.associations)),
    ):
        ids = meta.get(key) or []
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise StoryProblem(f"{source}: {key}: a list of ids is expected")
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise StoryProblem(f"{source}: {key}: no such record: {', '.join(unknown)}")
        found[key] = tuple(ids)
    if not found["projects"] and not found["associations"]:
        raise StoryProblem(f"{source}: a story names at least one project or association")
    return Story(path, title, found["projects"], found["associations"])


def index(stories: Iterable[Story]) -> dict[tuple[str, str], list[Story]]:
    """("project", id) or ("association", id) → the stories that name it."""
    found: dict[tuple[str, str], list[Story]] = {}
    for story in sorted(stories, key=lambda s: s.title):
        for key in story.projects:
            found.setdefault(("project", key), []).append(story)
        for key in story.associations:
            found.setdefault(("association", key), []).append(story)
    return found
