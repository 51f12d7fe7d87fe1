"""What a record page says to machines: schema.org JSON-LD, in the page's language.

An association is an `Organization`; a funded project a `MonetaryGrant` (its funder the
ministry, its recipient the association); a training an `Event`; a call for projects an
`Offer` of grants open between its dates. Pure functions: record → dict.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from portal_contract import languages
from site_builder.model import i18n
from site_builder.model.site import Call, Record
from site_builder.pages import json_block

# The publisher's name as the footer gives it, in the page's language; the other official
# name (Arabic, or French on an Arabic page) beside it for machines that match either.
MINISTRY = "Ministry Delegate in charge of Moroccans Residing Abroad and Migration Affairs"


def ministry(lang: str) -> dict[str, Any]:
    other = "fr" if languages.direction(lang) == "rtl" else "ar"
    return {
        "@type": "GovernmentOrganization",
        "name": str(i18n.translations(lang).ugettext(MINISTRY)),
        "alternateName": str(i18n.translations(other).ugettext(MINISTRY)),
    }


def _text(texts: Any, lang: str) -> str:
    found = i18n.pick(texts, lang)
    return found.value if found else ""


def association(record: Record, lang: str, url: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url,
        "url": url,
        "name": record["name"]["latin"],
        "description": _text(record.get("description"), lang),
        "foundingDate": str(record["founded"]),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": record["city"],
            "addressCountry": record["country"],
        },
    }
    if record["name"].get("arabic"):
        found["alternateName"] = record["name"]["arabic"]
    if record.get("consent") and record.get("contact", {}).get("email"):
        found["email"] = record["contact"]["email"]
    return found


def project(record: Record, lang: str, url: str, recipient: str) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "MonetaryGrant",
        "@id": url,
        "url": url,
        # In the page's language, else by the languages' order (a new one's column may be
        # empty): required languages always have a title.
        "name": languages.pick(i18n.columns(record, "title"), lang)[0],
        "description": record.get(f"summary_{lang}") or "",
        "amount": {"@type": "MonetaryAmount", "value": record["amount_mad"], "currency": "MAD"},
        "funder": ministry(lang),
        "recipient": {"@type": "Organization", "@id": recipient},
        "startDate": record.get("start_date") or str(record["year"]),
    }


def training(record: Record, lang: str, url: str) -> dict[str, Any]:
    online = record.get("format") == "online"
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": _text(record["title"], lang),
        "description": _text(record.get("summary"), lang),
        "startDate": record["starts"],
        "endDate": record.get("ends", record["starts"]),
        "inLanguage": record.get("language", lang),
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "location": {"@type": "VirtualLocation", "url": url}
        if online
        else {
            "@type": "Place",
            "name": record.get("venue") or record.get("city", ""),
            "address": {
                "@type": "PostalAddress",
                "addressLocality": record.get("city", ""),
                "addressCountry": record.get("country", ""),
            },
        },
        "organizer": ministry(lang),
        "isAccessibleForFree": True,
    }


def call(item: Call, lang: str, url: str) -> dict[str, Any]:
    amounts = item.data.get("eligibility", {}).get("amount_mad", {})
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Offer",
        "@id": url,
        "url": url,
        "name": _text(item.data["title"], lang),
        "description": _text(item.data.get("summary"), lang),
        "validFrom": item.opens.isoformat(),
        "validThrough": item.closes.isoformat(),
        "offeredBy": ministry(lang),
        "priceCurrency": "MAD",
    }
    if amounts:
        found["priceSpecification"] = {
            "@type": "PriceSpecification",
            "minPrice": amounts.get("min"),
            "maxPrice": amounts.get("max"),
            "priceCurrency": "MAD",
        }
    return found


def script(data: dict[str, Any]) -> Markup:
    """A JSON-LD block (site_builder/pages/json_block.py)."""
    return json_block.script(data, type="application/ld+json")
