"""The funded projects in the 360Giving Data Standard (1.4), as JSON and as CSV.

360Giving is what other funders and GrantNav read: one grant per funded project, in English
(the standard's language; a text missing in English falls back to another language). The
ministry and the associations have no identifier in an official register that org-id.guide
lists, so both are named under the portal's own 360Giving prefix, as the standard's
identifier guidance allows; the prefix must never change, or every grant changes identity.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from site_builder.model import i18n
from site_builder.model.site import Record, Site

PREFIX = "360G-mremigration"
FUNDER = {
    "id": f"{PREFIX}-ministry",
    "name": ("Ministry Delegate in charge of Moroccans Residing Abroad and Migration Affairs"),
}
VERSION = "1.4"
AXES_VOCABULARY = f"{PREFIX}-priority-areas"
LANG = "en"

Grant = dict[str, Any]


def grant_id(project: Record) -> str:
    return f"{PREFIX}-{project['id']}"


def organisation_id(association_id: str) -> str:
    return f"{PREFIX}-association-{association_id}"


def package(site: Site, origin: str) -> dict[str, Any]:
    return {"grants": [grant(site, p, origin) for p in site.projects], "version": VERSION}


def grant(site: Site, project: Record, origin: str) -> Grant:
    pages = f"{origin}/{LANG}/"
    call = site.call(project["call_id"])
    association = site.associations[project["association_id"]]
    titles = i18n.columns(project, "title")
    summaries = i18n.columns(project, "summary")
    recipient: dict[str, Any] = {
        "id": organisation_id(project["association_id"]),
        "name": association["name"]["latin"],
        "addressLocality": association["city"],
        "addressCountry": i18n.Formats(LANG).country(association["country"]),
    }
    website = association.get("contact", {}).get("website")
    if website and association.get("consent"):  # published only with the association's consent
        recipient["url"] = website
    found: Grant = {
        "id": grant_id(project),
        "title": _text(titles),
        "description": _text(summaries) or _text(titles),
        "currency": "MAD",
        "amountAwarded": project["amount_mad"],
        "awardDate": award_date(site, project),
        "url": f"{pages}projects/{project['id']}/",
        "recipientOrganization": [recipient],
        "fundingOrganization": [FUNDER],
        "grantProgramme": [
            {
                "code": project["call_id"],
                "title": _text(call.data["title"]) if call else project["call_id"],
                "url": f"{pages}calls/{project['call_id']}/",
            }
        ],
        "fromOpenCall": "Yes",  # every grant here follows a call for projects
        "classifications": [
            {
                "vocabulary": AXES_VOCABULARY,
                "code": project["axis"],
                "title": _text(site.term("axes", project["axis"]).get("label")),
            }
        ],
        "beneficiaryLocation": [
            {
                "name": project.get("city") or i18n.Formats(LANG).country(project["country"]),
                "countryCode": project["country"],
            }
        ],
        "dateModified": site.now.replace(microsecond=0).isoformat(),
    }
    planned = {
        key: str(project[field])
        for key, field in (("startDate", "start_date"), ("endDate", "end_date"))
        if project.get(field)
    }
    if planned:
        found["plannedDates"] = [planned]
    return found


def award_date(site: Site, project: Record) -> str:
    """The day the call's results were published; the call's deadline if it has no such day."""
    call = site.call(project["call_id"])
    if call is None:
        return f"{project['year']}-12-31"
    day = call.results_day()
    return (day or call.closes.date()).isoformat()


def _text(texts: Any) -> str:
    found = i18n.pick(texts, LANG)
    return found.value if found else ""


# The CSV's columns: the standard's own titles ("Recipient Org:Name"), which its tools read.
Column = tuple[str, Callable[[Grant], Any]]


def _first(key: str, field: str) -> Callable[[Grant], Any]:
    return lambda g: (g.get(key) or [{}])[0].get(field)


COLUMNS: list[Column] = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("URL", lambda g: g["url"]),
    ("Planned Dates:Start Date", _first("plannedDates", "startDate")),
    ("Planned Dates:End Date", _first("plannedDates", "endDate")),
    ("Recipient Org:Identifier", _first("recipientOrganization", "id")),
    ("Recipient Org:Name", _first("recipientOrganization", "name")),
    ("Recipient Org:City", _first("recipientOrganization", "addressLocality")),
    ("Recipient Org:Country", _first("recipientOrganization", "addressCountry")),
    ("Recipient Org:Web Address", _first("recipientOrganization", "url")),
    ("Funding Org:Identifier", _first("fundingOrganization", "id")),
    ("Funding Org:Name", _first("fundingOrganization", "name")),
    ("Grant Programme:Code", _first("grantProgramme", "code")),
    ("Grant Programme:Title", _first("grantProgramme", "title")),
    ("Grant Programme:URL", _first("grantProgramme", "url")),
    ("From An Open Call?", lambda g: g["fromOpenCall"]),
    ("Classifications:Vocabulary", _first("classifications", "vocabulary")),
    ("Classifications:Code", _first("classifications", "code")),
    ("Classifications:Title", _first("classifications", "title")),
    ("Beneficiary Location:Name", _first("beneficiaryLocation", "name")),
    ("Beneficiary Location:Country Code", _first("beneficiaryLocation", "countryCode")),
    ("Last Modified", lambda g: g["dateModified"]),
]


def csv_text(package_: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([title for title, _ in COLUMNS])
    for found in package_["grants"]:
        writer.writerow(["" if (v := get(found)) is None else v for _, get in COLUMNS])
    return out.getvalue()
