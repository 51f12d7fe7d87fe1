"""`forms-service notify`: after a publish, tell each confirmed subscriber what is new.

New is what `notify` has not seen before (the Announced table): a call not yet closed, a
training whose registration is not yet closed. Each subscriber gets one email per run with
every new item that matches their choices, in their language, with a one-click unsubscribe
(RFC 8058). The items, the alerts and the emails are written in one transaction and the
emails sent by the outbox: a run that fails writes nothing, a second run finds nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forms_service import clock, links, subjects
from forms_service.alerts.models import Alert, Announced, Subscription
from forms_service.submissions.models import Email


@dataclass(frozen=True)
class Item:
    kind: str  # "calls" or "trainings"
    subject: subjects.Subject

    @property
    def key(self) -> str:
        return self.subject.id

    def matches(self, sub: Subscription) -> bool:
        data = self.subject.data
        if self.kind not in sub.kinds:
            return False
        if sub.programmes and data.get("programme") not in sub.programmes:
            return False
        if self.kind == "calls":
            # A call with no list of priority areas or host countries is open to all.
            axes = data.get("axes") or []
            if sub.axes and axes and not set(sub.axes) & set(axes):
                return False
            countries = data.get("eligibility", {}).get("host_countries") or []
            return not (sub.country and countries and sub.country not in countries)
        where = data.get("country")  # a training online has none: open to every country
        return not (sub.country and where and where != sub.country)


def current(data_dir: Path, now: datetime) -> list[Item]:
    """Calls not yet closed and trainings still taking registrations, in the data now."""
    items = [Item("calls", c) for c in subjects.all_calls(data_dir).values() if now < c.closes]
    items += [Item("trainings", t) for t in subjects.trainings(data_dir).values() if now < t.closes]
    return items


@dataclass(frozen=True)
class Result:
    new: int  # items seen for the first time
    emails: int  # emails queued


def notify(data_dir: Path, now: datetime | None = None) -> Result:
    now = now or clock.now()
    with transaction.atomic():
        new = [item for item in current(data_dir, now) if _first_sight(item)]
        emails = 0
        if new:
            confirmed = Subscription.objects.filter(confirmed__isnull=False)
            for sub in confirmed.prefetch_related("alerts"):
                told = {(a.kind, a.key) for a in sub.alerts.all()}
                mine = [i for i in new if i.matches(sub) and (i.kind, i.key) not in told]
                if mine:
                    _queue(sub, mine, now)
                    emails += 1
    return Result(len(new), emails)


def _first_sight(item: Item) -> bool:
    # Under a concurrent run, this insert waits for the other's commit, then finds its row.
    _row, created = Announced.objects.get_or_create(kind=item.kind, key=item.key)
    return created


def unsubscribe_url(sub: Subscription) -> str:
    return links.to("alerts-unsubscribe", sub.lang, sub.token)


def _queue(sub: Subscription, items: Iterable[Item], now: datetime) -> None:
    items = list(items)
    with translation.override(sub.lang):
        lines = []
        for item in items:
            title = item.subject.title(sub.lang)
            when = item.subject.when(item.subject.closes, sub.lang)
            if item.kind == "calls":
                heading = _("Call for projects: %(title)s") % {"title": title}
                date = _("Deadline: %(when)s") % {"when": when}
            else:
                heading = _("Training: %(title)s") % {"title": title}
                date = _("Registration closes: %(when)s") % {"when": when}
            page = links.absolute(f"/{sub.lang}/{item.kind}/{item.key}/")
            lines.append(f"{heading}\n{date}\n{page}")
        count = len(items)
        if count == 1:
            subject = _("Partnership portal: %(title)s") % {
                "title": items[0].subject.title(sub.lang)
            }
        else:
            subject = ngettext(
                "Partnership portal: %(count)s new call or training",
                "Partnership portal: %(count)s new calls and trainings",
                count,
            ) % {"count": count}
        stop = unsubscribe_url(sub)
        why = _("You receive this email because you asked for alerts on the partnership portal.")
        leave = _("To stop these alerts, open this link: %(link)s") % {"link": stop}
        body = "\n\n".join(lines) + f"\n\n-- \n{why}\n{leave}\n"
    email = Email.objects.create(
        to=sub.email,
        subject=subject,
        body=body,
        headers={
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        next_try=now,
    )
    Alert.objects.bulk_create(
        [Alert(subscription=sub, kind=i.kind, key=i.key, email=email) for i in items]
    )
