"""The incremental build against the full build, file for file and byte for byte: a revision
built from its parent's build is the same site as that revision built whole.

A real git repository holds the project's data, pages and site configuration; each change is
a commit on the parent, taken out of the repository as the pipeline takes it
(tools/pipeline.py: export). Both builds run with the search indexes and with the same moment.

Every file is compared byte for byte, Pagefind's too, and the builds' states with them (the
search documents each index was made from included). Pagefind is deterministic for a given
folder of documents (indexed twice: the same bytes), but it numbers pages in the order it
reads them from disk, and its word index, meta and entry files follow those numbers: the
Arabic documents of the national site copied to a memory file system gave 52 other word
index files, another meta file and entry file, and the same 5,132 page fragments. Both
builds here keep their documents in their state folders, on the same file system, whose
order is the same for the same names: so their indexes must be identical, and are compared
as strictly as the rest.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.build import STATE, build
from site_builder.settings import Settings
from site_builder.tools import incremental, pipeline
from site_builder.tools.incremental import Outcome
from tests.conftest import BUILT_AS_OF, REPO

Change = Callable[[Path], None]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The staff's repository at the parent revision, tagged `parent`."""
    root = tmp_path_factory.mktemp("incremental") / "repo"
    root.mkdir()
    for name in ("data", "content", "site_builder/theme"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "staff@example.org")
    git(root, "config", "user.name", "Staff")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Portal data")
    git(root, "tag", "parent")
    return root


def settings() -> Settings:
    return Settings(now=BUILT_AS_OF)


def full(sources: Path, out: Path) -> None:
    build(
        data=sources / "data",
        content=sources / "content",
        out=out,
        settings=settings(),
        say=lambda _line: None,
        keep_state=True,
    )


@pytest.fixture(scope="module")
def parent(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The parent revision's full build, with its state."""
    base = tmp_path_factory.mktemp("parent")
    (base / "src").mkdir()
    pipeline.export(repo, "parent", base / "src")
    full(base / "src", base / "site")
    return base / "site"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}: choose another record to change"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def retitle_project(root: Path) -> None:
    edit(
        root / "data/projects/2023.csv",
        "تكوين النساء في المقاولة الذاتية",
        "تكوين النساء والشباب في المقاولة الذاتية",
    )


def move_project(root: Path) -> None:
    """Another country, amount and status: it leaves one facet for another."""
    edit(root / "data/projects/2023.csv", ",women,DE,Düsseldorf,240000,", ",women,FR,Lyon,250000,")


def add_association(root: Path) -> None:
    text = (root / "data/associations/amal-paris.yaml").read_text(encoding="utf-8")
    text = text.replace("id: amal-paris", "id: amal-nantes").replace("Amal Paris", "Amal Nantes")
    text = text.replace("city: Paris", "city: Nantes").replace("باريس", "نانت")
    (root / "data/associations/amal-nantes.yaml").write_text(text, encoding="utf-8")


def delete_training(root: Path) -> None:
    (root / "data/trainings/priority-themes-2026-05-2.yaml").unlink()


def extend_deadline(root: Path) -> None:
    """The 2026 call, closed at the build's moment, open again until mid-December."""
    edit(
        root / "data/calls/support-2026.yaml",
        "closes: '2026-11-11T23:59:00+01:00'",
        "closes: '2026-12-15T23:59:00+01:00'",
    )


def edit_content(root: Path) -> None:
    edit(root / "content/fr/accessibility.md", "\n", "\n\nUne phrase de plus.\n")


def commit(repo: Path, name: str, change: Change) -> str:
    git(repo, "checkout", "-q", "--detach", "parent")
    change(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", name)
    return git(repo, "rev-parse", "HEAD").strip()


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def differences(one: Path, other: Path) -> list[str]:
    """Every path missing from either tree, or whose bytes differ."""
    a, b = files(one), files(other)
    found = [f"only in the full build: {p}" for p in sorted(a.keys() - b.keys())]
    found += [f"only in the incremental build: {p}" for p in sorted(b.keys() - a.keys())]
    found += [
        f"differs: {p}"
        for p in sorted(a.keys() & b.keys())
        if a[p].read_bytes() != b[p].read_bytes()
    ]
    return found


def both(repo: Path, parent: Path, tmp: Path, name: str, change: Change) -> Outcome:
    """The change's revision built whole and from the parent's build; their differences
    fail the test."""
    ref = commit(repo, name, change)
    (tmp / "src").mkdir()
    pipeline.export(repo, ref, tmp / "src")
    full(tmp / "src", tmp / "full")
    done = incremental.build(
        previous=parent,
        data=tmp / "src/data",
        content=tmp / "src/content",
        out=tmp / "incremental",
        settings=settings(),
        say=lambda _line: None,
    )
    wrong = differences(tmp / "full", tmp / "incremental")
    assert not wrong, f"{name}: {len(wrong)} paths differ:\n" + "\n".join(wrong)
    return done


@pytest.mark.parametrize(
    "change",
    [retitle_project, move_project, add_association, delete_training, extend_deadline],
    ids=lambda change: change.__name__,
)
def test_a_one_record_change_builds_the_same_site_incrementally(
    repo: Path, parent: Path, tmp_path: Path, change: Change
) -> None:
    done = both(repo, parent, tmp_path, change.__name__, change)
    assert not done.full, done.reason
    drawn = done.pages["fr"]
    assert drawn, "the changed record's pages were drawn again"
    assert len(drawn) < 100, f"only what shows the record is drawn again, not {len(drawn)}"
    assert done.indexed == ["ar", "fr", "en"]


def test_what_changed_is_drawn_again_and_nothing_else(
    repo: Path, parent: Path, tmp_path: Path
) -> None:
    done = both(repo, parent, tmp_path, "retitle", retitle_project)
    drawn = set(done.pages["en"])
    # The project, its association (which lists it), and the lists it is on (its year,
    # area and country, the first page of all projects, which draws the charts and the
    # browse links, and the home page's figures read every project).
    assert "projects/p2023-004/" in drawn
    assert "associations/annahda-dusseldorf/" in drawn
    assert "projects/year/2023/" in drawn
    assert "associations/amal-paris/" not in drawn
    assert "calls/support-2026/" not in drawn


def test_a_content_change_falls_back_to_a_full_build(
    repo: Path, parent: Path, tmp_path: Path
) -> None:
    done = both(repo, parent, tmp_path, "content", edit_content)
    assert done.full
    assert "content/" in done.reason


def test_a_deploy_builds_from_the_current_release_and_never_publishes_its_state(
    repo: Path, tmp_path: Path
) -> None:
    host = tmp_path / "host"
    said: list[str] = []
    args = {"host": host, "repo": repo, "search": False, "now": BUILT_AS_OF, "say": said.append}
    first = pipeline.run("deploy", ref="parent", **args)  # type: ignore[arg-type]
    assert first is not None
    ref = commit(repo, "retitle", retitle_project)
    second = pipeline.run("deploy", ref=ref, **args)  # type: ignore[arg-type]
    assert second is not None and second != first
    assert any(re.match(r"incremental: \d+ pages drawn again", line) for line in said), said
    page = (host / "current/ar/projects/p2023-004/index.html").read_text(encoding="utf-8")
    assert "تكوين النساء والشباب في المقاولة الذاتية" in page
    for published in (first, second):
        assert not (published / STATE).exists(), "the state is not in the published folder"
        assert (host / "state" / published.name / "state.json").is_file()
    unchanged = "fr/associations/amal-paris/index.html"
    assert (first / unchanged).stat().st_ino == (second / unchanged).stat().st_ino


def test_a_deleted_record_that_a_kept_page_links_to_stops_the_deploy(
    repo: Path, tmp_path: Path
) -> None:
    """The incremental deploy checks the links of the pages it wrote and, when a page went
    away, of every page that names it: here a content page, which no record change redraws."""
    host = tmp_path / "host"
    args = {"host": host, "repo": repo, "search": False, "now": BUILT_AS_OF, "say": print}

    def link_to_the_training(root: Path) -> None:
        link = "\n\n[Une formation](../trainings/priority-themes-2026-05-2/)\n"
        edit(root / "content/fr/accessibility.md", "\n", link)

    linked = commit(repo, "a link to a training", link_to_the_training)
    git(repo, "tag", "-f", "linked")
    first = pipeline.run("deploy", ref=linked, **args)  # type: ignore[arg-type]
    git(repo, "checkout", "-q", "--detach", "linked")
    delete_training(repo)
    git(repo, "commit", "-qam", "a training deleted")
    with pytest.raises(pipeline.PipelineError, match="1 broken links"):
        pipeline.run("deploy", ref="HEAD", **args)  # type: ignore[arg-type]
    assert (host / "current").resolve() == first, "the deployed site stays as it was"
    assert [p.name for p in (host / "releases").iterdir()] == [first.name], "nothing left over"
