"""The feeds and calendars of the built site: they parse, hold one entry per item in the
page's language, and give every deadline and training at its right instant."""

from __future__ import annotations

import csv
import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import icalendar
import pytest
import yaml

from site_builder.model import snapshot
from site_builder.outputs import feeds
from site_builder.pages import structured
from tests.conftest import BUILT_AS_OF, BuiltSite, copy_data, edit

ATOM = "{http://www.w3.org/2005/Atom}"
LANGUAGES = ("ar", "fr", "en")


def records(built_site: BuiltSite, kind: str) -> list[dict]:  # type: ignore[type-arg]
    folder = built_site.data / kind
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_atom_feed_has_every_call_training_and_result(built_site: BuiltSite, lang: str) -> None:
    root = ET.fromstring((built_site.out / lang / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    # The records' titles, with French spacing (U+202F before a colon) in French.
    entries = root.iter(f"{ATOM}entry")
    titles = [(e.findtext(f"{ATOM}title") or "").replace("\u202f", " ") for e in entries]
    calls, trainings = records(built_site, "calls"), records(built_site, "trainings")
    results = [c for c in calls if c.get("results_published")]
    assert len(titles) == len(calls) + len(results) + len(trainings)
    for call in calls:
        assert call["title"].get(lang, call["title"]["fr"]) in titles
    if lang == "ar":
        assert any(t and t.startswith("نتائج طلب المشاريع") for t in titles) == bool(results)
    links = {e.find(f"{ATOM}link").get("href") for e in root.iter(f"{ATOM}entry")}  # type: ignore[union-attr]
    assert f"http://127.0.0.1:8000/{lang}/calls/support-2030/" in links


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_calendar_gives_deadlines_and_trainings_at_their_instants(
    built_site: BuiltSite, lang: str
) -> None:
    cal = icalendar.Calendar.from_ical((built_site.out / lang / "calendar.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    calls, trainings = records(built_site, "calls"), records(built_site, "trainings")
    assert len(events) == len(calls) + len(trainings)
    for call in calls:
        event = events[f"deadline-{call['id']}@127.0.0.1:8000"]
        closes = datetime.fromisoformat(str(call["closes"]))
        assert event.decoded("dtstart") == closes  # the same instant
        assert str(event.decoded("dtstart").tzinfo) == call.get("timezone", "Africa/Casablanca")
    training = trainings[0]
    event = events[f"training-{training['id']}@127.0.0.1:8000"]
    assert event.decoded("dtstart") == datetime.fromisoformat(str(training["starts"]))
    assert {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")} >= {"Africa/Casablanca"}


def test_each_call_has_its_own_deadline_file_linked_from_its_page(built_site: BuiltSite) -> None:
    one = built_site.out / "fr" / "calls" / "solidarity-2026" / "deadline.ics"
    (event,) = icalendar.Calendar.from_ical(one.read_bytes()).walk("VEVENT")
    # French typography in the calendar too (U+202F before the colon), the call's title
    # as the catalog's words.
    assert str(event["summary"]).startswith("Date limite\u202f: Appel 2026")
    assert "solidaire\u202f: partenariats" in str(event["summary"])
    page = (built_site.out / "fr" / "calls" / "solidarity-2026" / "index.html").read_text()
    assert 'href="/fr/calls/solidarity-2026/deadline.ics"' in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_points_to_the_feed_and_the_calendar(built_site: BuiltSite, lang: str) -> None:
    for page in ("index.html", "calls/index.html", "about/privacy/index.html"):
        html = (built_site.out / lang / page).read_text()
        assert f'rel="alternate" type="application/atom+xml" href="/{lang}/feed.xml"' in html
        assert f'rel="alternate" type="text/calendar" href="/{lang}/calendar.ics"' in html


JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.mark.parametrize(
    "page,kind",
    [
        ("associations/amal-test/", "Organization"),
        ("calls/support-2030/", "Offer"),
        ("trainings/training-test/", "Event"),
    ],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_record_pages_describe_themselves_in_json_ld(
    built_site: BuiltSite, page: str, kind: str, lang: str
) -> None:
    html = (built_site.out / lang / page / "index.html").read_text()
    (block,) = JSONLD.findall(html)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == kind
    assert data["url"] == f"http://127.0.0.1:8000/{lang}/{page}"


def test_a_funded_project_is_a_monetary_grant(built_site: BuiltSite) -> None:
    row = next(csv.DictReader((built_site.data / "projects" / "2030.csv").open(encoding="utf-8")))
    html = (built_site.out / "ar" / "projects" / row["id"] / "index.html").read_text()
    (data,) = [json.loads(b) for b in JSONLD.findall(html)]
    assert data["@type"] == "MonetaryGrant" and data["name"] == row["title_ar"]
    assert data["amount"] == {
        "@type": "MonetaryAmount",
        "value": int(row["amount_mad"]),
        "currency": "MAD",
    }
    assert data["recipient"]["@id"].endswith(f"/ar/associations/{row['association_id']}/")


def test_no_text_in_json_ld_can_close_its_script() -> None:
    block = str(structured.script({"name": "</script><script>alert(1)</script>"}))
    assert block.count("</script>") == 1 and block.endswith("</script>")
    inner = JSONLD.findall(block)[0]
    assert json.loads(inner)["name"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize("lang,locale", [("ar", "ar_MA"), ("fr", "fr_MA"), ("en", "en_GB")])
def test_pages_carry_open_graph_tags(built_site: BuiltSite, lang: str, locale: str) -> None:
    html = (built_site.out / lang / "calls" / "support-2030" / "index.html").read_text()
    assert f'<meta property="og:locale" content="{locale}">' in html
    assert (
        f'<meta property="og:url" content="http://127.0.0.1:8000/{lang}/calls/support-2030/">'
        in html
    )
    title = re.search(r'<meta property="og:title" content="([^"]+)">', html)
    assert title and title.group(1) in re.search(r"<title>([^<]+)</title>", html).group(1)  # type: ignore[union-attr]


def test_a_summary_is_text_in_the_feed_however_it_reads_as_html(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    hostile = "<img src=x onerror=alert(1)> AT&amp;T"
    edit(data, "trainings/training-test.yaml", "en: Summary}", f'en: "{hostile}"}}')
    site = snapshot.read_site(data, datetime.fromisoformat(BUILT_AS_OF))
    root = ET.fromstring(feeds.atom(site, "en", "https://portal.example", "Portal"))
    (summary,) = [
        e.find(f"{ATOM}summary")
        for e in root.iter(f"{ATOM}entry")
        if e.findtext(f"{ATOM}title") == "Training"
    ]
    assert summary is not None and summary.get("type") == "html"
    # What a reader shows: the HTML in the element, as text, is the record's text.
    assert html.unescape(summary.text or "") == hostile
