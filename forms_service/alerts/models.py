"""Email alerts: who asked for which new calls and trainings, and what each was sent."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import ClassVar

from django.db import models, transaction
from django.utils.translation import gettext_lazy

KINDS = ("calls", "trainings")


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits: the link is the only key, no sign-in


class Subscription(models.Model):
    """One person's alerts. Nothing is sent before the link in the first email is followed
    (double opt-in); unsubscribing deletes the row, so no address outlives its consent."""

    email = models.EmailField(max_length=254)
    lang = models.CharField(max_length=3)  # portal_contract.languages.CODE: zgh too
    kinds = models.JSONField()  # some of KINDS
    programmes = models.JSONField(default=list)  # empty: every programme
    axes = models.JSONField(default=list)  # empty: every priority area
    country = models.CharField(max_length=2, blank=True)  # empty: any host country
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created = models.DateTimeField(auto_now_add=True)
    confirmed = models.DateTimeField(null=True, db_index=True)
    # The email that asked to confirm: it goes with the subscription (see forget).
    confirmation = models.ForeignKey(
        "submissions.Email", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = gettext_lazy("alert subscription")
        verbose_name_plural = gettext_lazy("alert subscriptions")


class Announced(models.Model):
    """A call or training `notify` has seen: what is not here is new. The unique pair is what
    makes a second run, even at the same time as the first, announce nothing twice."""

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=120)
    seen = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["kind", "key"], name="announced_once")
        ]


class Alert(models.Model):
    """One item told to one subscriber, in the email that told it."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=120)
    email = models.ForeignKey("submissions.Email", null=True, on_delete=models.SET_NULL)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["subscription", "kind", "key"], name="alerted_once")
        ]


def forget(subscription: Subscription) -> None:
    """Delete a subscription with every email about it — its confirmation, its alerts, sent or
    still waiting (so none goes out after unsubscribing) — so its address is nowhere left."""
    from forms_service.submissions.models import Email

    with transaction.atomic():
        emails = [a.email_id for a in subscription.alerts.all()] + [subscription.confirmation_id]
        subscription.delete()
        Email.objects.filter(pk__in=[pk for pk in emails if pk is not None]).delete()


def purge_unconfirmed(days: int, now: datetime) -> int:
    """Remove the requests for alerts nobody confirmed within `days`; how many."""
    stale = Subscription.objects.filter(
        confirmed__isnull=True, created__lt=now - timedelta(days=days)
    )
    count = 0
    for subscription in stale:
        forget(subscription)
        count += 1
    return count
