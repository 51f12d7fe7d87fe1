"""The site built for its public address (`--origin`, PORTAL_ORIGIN): no file of it — page,
sitemap, feed, calendar, open data, script, PDF — names the developer's machine, and every
absolute URL (sitemaps, canonical and alternate links, feeds, calendars, JSON-LD, 360Giving,
the PDFs' footers) is on that address. Built with the default, the same scan finds the local
address everywhere: it can fail."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import icalendar
import pytest

from site_builder.cli import main
from site_builder.model.i18n import LANGUAGES
from site_builder.tools import linkcheck
from tests.conftest import BUILT_AS_OF, REPO, BuiltSite, copy_data
from tests.site_builder.outputs.test_feeds import JSONLD
from tests.site_builder.outputs.test_guides import text_of

PUBLIC = "https://partenariat.example.ma"
HOST = "partenariat.example.ma"
LOCAL = re.compile(rb"127\.0\.0\.1|localhost")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
CALL = "calls/support-2030/"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test data built as `site-builder build --origin` builds it for production."""
    base = tmp_path_factory.mktemp("public")
    data, out = copy_data(base / "data"), base / "site"
    args = ["build", "--data", str(data), "--content", str(REPO / "content"), "--out", str(out)]
    assert main([*args, "--now", BUILT_AS_OF, "--no-search", "--origin", f"{PUBLIC}/"]) == 0
    return out


def local_addresses(out: Path) -> dict[str, int]:
    """How many times each file of the build names 127.0.0.1 or localhost: text as it is,
    PDFs as pdftotext reads them, ZIP archives and workbooks member by member."""
    found = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if path.suffix == ".map":
            continue  # Material's source maps quote its own code, whose comments say localhost
        if path.suffix == ".pdf":
            text = text_of(path).encode()
        elif path.suffix in (".zip", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                text = b"\n".join(archive.read(name) for name in archive.namelist())
        else:
            text = path.read_bytes()
        if count := len(LOCAL.findall(text)):
            found[path.relative_to(out).as_posix()] = count
    return found


def staff_guide_mentions() -> dict[str, int]:
    """The staff guide tells staff where their own computer shows the site while they edit
    (http://127.0.0.1:8000): those words, as written in content/, and nothing more."""
    said = {}
    for page in sorted(REPO.glob("content/*/staff/*.md")):
        lang, name = page.parent.parent.name, page.stem
        built = f"{lang}/staff/" + ("" if name == "index" else f"{name}/") + "index.html"
        if count := len(LOCAL.findall(page.read_bytes())):
            said[built] = count
    return said


def test_the_public_build_never_names_this_machine(public: Path) -> None:
    assert local_addresses(public) == staff_guide_mentions()


def test_the_default_build_is_on_this_machine(built_site: BuiltSite) -> None:
    found = local_addresses(built_site.out)
    for lang in LANGUAGES:  # (so that the scan above can fail)
        for name in ("sitemap.xml", "feed.xml", "calendar.ics", "forms/layout.json"):
            assert f"{lang}/{name}" in found, name
        assert f"{lang}/{CALL}index.html" in found and f"{lang}/guides/how-to-apply.pdf" in found
    assert {"sitemap.xml", "index.html", "data/360giving.json", "data/open-data.zip"} <= set(found)


def test_the_sitemaps_list_public_addresses(public: Path) -> None:
    index = ET.fromstring((public / "sitemap.xml").read_bytes())
    assert [e.text for e in index.iter(f"{SITEMAP}loc")] == [
        f"{PUBLIC}/{lang}/sitemap.xml" for lang in LANGUAGES
    ]
    for lang in LANGUAGES:
        locs = [e.text or "" for e in ET.parse(public / lang / "sitemap.xml").iter(f"{SITEMAP}loc")]
        assert len(locs) > 100
        assert all(loc.startswith(f"{PUBLIC}/{lang}/") for loc in locs)
        assert f"{PUBLIC}/{lang}/{CALL}" in locs and f"{PUBLIC}/{lang}/about/privacy/" in locs


@pytest.mark.parametrize("path", [CALL, "calls/", "about/privacy/", ""])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_name_their_public_address(public: Path, lang: str, path: str) -> None:
    """Canonical (MkDocs' site_url on written pages, the plugin's on data pages), the
    alternates in each language, and Open Graph's address."""
    html = (public / lang / path / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PUBLIC}/{lang}/{path}">' in html
    for other in LANGUAGES:
        assert f'hreflang="{other}" href="{PUBLIC}/{other}/{path}"' in html
    assert f'hreflang="x-default" href="{PUBLIC}/"' in html
    assert f'<meta property="og:url" content="{PUBLIC}/{lang}/{path}">' in html


def test_the_front_door_and_the_forms_layout(public: Path) -> None:
    root = (public / "index.html").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        assert f'hreflang="{lang}" href="{PUBLIC}/{lang}/"' in root
        layout = json.loads((public / lang / "forms" / "layout.json").read_text(encoding="utf-8"))
        html = "".join(layout["parts"])  # its slots' names too: the path follows the origin
        assert f'<link rel="canonical" href="{PUBLIC}/{lang}/PATH' in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feeds_calendars_and_json_ld_are_public(public: Path, lang: str) -> None:
    feed = ET.fromstring((public / lang / "feed.xml").read_bytes())
    links = [e.get("href") or "" for e in feed.iter(f"{ATOM}link")]
    assert all(link.startswith(f"{PUBLIC}/{lang}/") for link in links)
    assert f"{PUBLIC}/{lang}/{CALL}" in links and f"{PUBLIC}/{lang}/feed.xml" in links

    for ics in (public / lang / "calendar.ics", public / lang / CALL / "deadline.ics"):
        events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
        assert all(str(e["uid"]).endswith(f"@{HOST}") for e in events)
        assert all(str(e["url"]).startswith(f"{PUBLIC}/{lang}/") for e in events)
        assert f"{PUBLIC}/{lang}/{CALL}" in {str(e["url"]) for e in events}

    html = (public / lang / CALL / "index.html").read_text(encoding="utf-8")
    (block,) = JSONLD.findall(html)
    assert json.loads(block)["url"] == f"{PUBLIC}/{lang}/{CALL}"


def test_open_data_and_guides_are_public(public: Path) -> None:
    grants = json.loads((public / "data" / "360giving.json").read_text(encoding="utf-8"))
    urls = [g["url"] for g in grants["grants"]]
    urls += [p["url"] for g in grants["grants"] for p in g["grantProgramme"]]
    assert urls and all(url.startswith(f"{PUBLIC}/") for url in urls)
    for lang in LANGUAGES:
        assert f"{PUBLIC}/{lang}/guides/how-to-apply/" in text_of(
            public / lang / "guides" / "how-to-apply.pdf"
        )


def test_links_on_the_public_address_are_checked_as_the_site_s_own(public: Path) -> None:
    forms = REPO / "data" / "forms"
    assert linkcheck.check(public, forms, PUBLIC) == []
    page = public / "fr" / "index.html"
    own = f"{PUBLIC}/fr/calls/"
    assert linkcheck.target(public, page, own, forms, PUBLIC) == public / "fr/calls/index.html"
    assert linkcheck.target(public, page, f"{PUBLIC}/fr/gone/", forms, PUBLIC) is not None
    assert linkcheck.target(public, page, "https://example.org/fr/calls/", forms, PUBLIC) is None


@pytest.mark.parametrize(
    "origin,said",
    [
        ("https://ministry.github.io/portal/", "not under a sub-path"),
        ("partenariat.example.ma", "must start with https://"),
        ("https://partenariat.example.ma/?x=1", "remove the query"),
    ],
)
@pytest.mark.parametrize("command", ["build", "pipeline"])
def test_a_wrong_origin_is_refused_before_anything_is_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, origin: str, said: str
) -> None:
    out = tmp_path / "site"
    args = ["build", "--out", str(out)] if command == "build" else ["pipeline", "check"]
    with pytest.raises(SystemExit) as refused:
        main([*args, "--origin", origin])
    assert refused.value.code == 2 and said in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("command", ["build", "pipeline"])
def test_portal_origin_from_the_environment_is_checked_too(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    monkeypatch.setenv("PORTAL_ORIGIN", "https://ministry.github.io/portal")
    out = tmp_path / "site"
    args = ["build", "--out", str(out)] if command == "build" else ["pipeline", "check"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "PORTAL_ORIGIN (or --origin):" in err and "custom domain" in err
    assert not out.exists()
