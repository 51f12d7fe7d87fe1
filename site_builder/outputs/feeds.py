"""The site's news as feeds and calendars, per language: pure functions from the model to
the files' text.

- feed.xml: an Atom feed (feedgenerator, as Pelican writes them) of calls, trainings and
  published results, newest first;
- calendar.ics: every call's deadline and every training (icalendar), times in their own
  time zone, with the zones' definitions, so a calendar shows them right wherever it is;
- calls/<id>/deadline.ics: one call's deadline, for "add to my calendar".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import feedgenerator
import icalendar
from markupsafe import escape

from portal_contract import typography
from site_builder.model import i18n
from site_builder.model.site import Call, Record, Site

CASABLANCA = "Africa/Casablanca"


@dataclass(frozen=True)
class Entry:
    title: str
    path: str  # under /{lang}/
    summary: str
    published: datetime


def _text(texts: object, lang: str) -> str:
    found = i18n.pick(texts, lang)
    if found is None:
        return ""
    # A record's French as the French pages write it ("solidaire : partenariats" with its
    # narrow no-break space); the catalogs' French has it already.
    return typography.spaced(found.value) if found.lang == "fr" else found.value


def entries(site: Site, lang: str) -> Iterator[Entry]:
    gettext = i18n.translations(lang).gettext
    for call in site.calls:
        title, summary = _text(call.data["title"], lang), _text(call.data.get("summary"), lang)
        yield Entry(title, f"calls/{call.id}/", summary, call.opens)
        if call.data.get("results_published"):
            day = call.results_day()
            moment = _midnight(day) if day else call.closes
            results = gettext("Results of the call: %(title)s") % {"title": title}
            yield Entry(results, f"calls/{call.id}/", summary, moment)
    for training in site.trainings:
        moment = _day(training.get("updated")) or datetime.fromisoformat(training["starts"])
        yield Entry(
            _text(training["title"], lang),
            f"trainings/{training['id']}/",
            _text(training.get("summary"), lang),
            moment,
        )


def _day(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    return _midnight(date.fromisoformat(text[:10]))


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


def atom(site: Site, lang: str, origin: str, title: str) -> str:
    root = f"{origin}/{lang}/"
    feed = feedgenerator.Atom1Feed(
        title=title,
        link=root,
        description=title,
        language=lang,
        feed_url=f"{root}feed.xml",
    )
    for entry in sorted(entries(site, lang), key=lambda e: e.published, reverse=True):
        feed.add_item(
            title=entry.title,
            link=root + entry.path,
            # Atom's summary is written as type="html": a record's plain text is escaped
            # for it, or a reader would draw (and may run) the markup a summary holds.
            description=str(escape(entry.summary)),
            pubdate=entry.published,
            unique_id=f"{root}{entry.path}#{entry.published.isoformat()}",
        )
    return str(feed.writeString("utf-8"))


def calendar(
    site: Site, lang: str, origin: str, name: str, calls: list[Call] | None = None
) -> bytes:
    """Deadlines of `calls` (all by default) and, for the whole site, the trainings."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Partnership portal//Calendar//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    gettext = i18n.translations(lang).gettext
    host = origin.split("//", 1)[-1]
    for call in site.calls if calls is None else calls:
        zone = ZoneInfo(call.data.get("timezone", CASABLANCA))
        event = icalendar.Event()
        event.add("uid", f"deadline-{call.id}@{host}")
        title = _text(call.data["title"], lang)
        event.add("summary", gettext("Deadline: %(title)s") % {"title": title})
        event.add("dtstart", call.closes.astimezone(zone))
        event.add("dtend", call.closes.astimezone(zone))
        event.add("dtstamp", site.now)
        event.add("url", f"{origin}/{lang}/calls/{call.id}/")
        cal.add_component(event)
    if calls is None:
        for training in site.trainings:
            cal.add_component(_training(training, site, lang, origin, host))
    cal.add_missing_timezones()
    # In the zones' order, not a set's, which changes from one process to the next: two
    # builds of the same data write the same calendar.
    zones = sorted(cal.timezones, key=lambda zone: str(zone["TZID"]))
    cal.subcomponents = [c for c in cal.subcomponents if c.name != "VTIMEZONE"] + zones
    return bytes(cal.to_ical())


def _training(training: Record, site: Site, lang: str, origin: str, host: str) -> icalendar.Event:
    zone = ZoneInfo(training.get("timezone", CASABLANCA))
    event = icalendar.Event()
    event.add("uid", f"training-{training['id']}@{host}")
    event.add("summary", _text(training["title"], lang))
    starts = datetime.fromisoformat(training["starts"]).astimezone(zone)
    ends = datetime.fromisoformat(training.get("ends") or training["starts"]).astimezone(zone)
    event.add("dtstart", starts)
    event.add("dtend", max(ends, starts + timedelta(minutes=1)))
    event.add("dtstamp", site.now)
    if training.get("city"):  # named in the calendar's language where cities.yaml has it
        names = site.city_names(training.get("country") or "MA", training["city"])
        found = i18n.pick(names, lang)
        event.add("location", found.value if found else training["city"])
    event.add("url", f"{origin}/{lang}/trainings/{training['id']}/")
    return event
