"""Personal data: kept for a set time, then removed; and all of it about one email, on request.

Moroccan law 09-08 and, for applicants in Europe, the GDPR give people the right to know what
is held about them and to have it kept no longer than needed: FORMS_RETENTION_DAYS after a
submission's last change (the review's end), its answers, attachments and emails go.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from forms_service.alerts.models import Subscription
from forms_service.staff.models import StatusChange
from forms_service.submissions.models import Draft, Email, Submission


def expired(now: datetime | None = None) -> Any:
    """Submissions whose last change is older than the retention period."""
    limit = (now or timezone.now()) - timedelta(days=settings.FORMS_RETENTION_DAYS)
    latest = Submission.objects.annotate(last=Max("changes__at"))
    return latest.filter(Q(last__lt=limit) | Q(last__isnull=True, created__lt=limit))


def purge(now: datetime | None = None) -> dict[str, int]:
    """Remove what has been kept long enough; what was removed, counted."""
    files = settings.FORMS_UPLOAD_DIR / "files"
    with transaction.atomic():
        gone = list(expired(now).prefetch_related("files"))
        stored = [a.stored for s in gone for a in s.files.all()]
        emails = Email.objects.filter(submission__in=gone).delete()[0]
        Submission.objects.filter(pk__in=[s.pk for s in gone]).delete()
    for name in stored:  # after the commit: a file is never missing for a kept submission
        (files / name).unlink(missing_ok=True)
    return {"submissions": len(gone), "attachments": len(stored), "emails": emails}


def about(email: str) -> dict[str, Any]:
    """Everything held about an email address, as the person may ask for it."""
    found = Submission.objects.filter(email__iexact=email).order_by("created")
    return {
        "email": email,
        "submissions": [
            {
                "reference": s.reference,
                "form": s.form_id,
                "language": s.lang,
                "received": s.created.isoformat(),
                "status": s.status,
                "answers": s.answers,
                "attachments": [a.name for a in s.files.all()],
                "review": [
                    {"at": c.at.isoformat(), "status": c.new, "comment": c.comment}
                    for c in StatusChange.objects.filter(submission=s).order_by("at")
                ],
                "emails": [
                    {"subject": e.subject, "sent": e.sent.isoformat() if e.sent else None}
                    for e in s.emails.order_by("pk")
                ],
            }
            for s in found
        ],
        "alerts": [
            {
                "asked": a.created.isoformat(),
                "confirmed": a.confirmed.isoformat() if a.confirmed else None,
                "language": a.lang,
                "about": a.kinds,
                "programmes": a.programmes,
                "priority_areas": a.axes,
                "host_country": a.country,
            }
            for a in Subscription.objects.filter(email__iexact=email).order_by("created")
        ],
        "saved_forms": [
            {
                "form": d.form_id,
                "language": d.lang,
                "saved": d.saved.isoformat(),
                "link_expires": d.link_expires.isoformat(),
                "answers": d.data,
                "attachments": [kept["name"] for kept in d.files.values()],
            }
            for d in Draft.objects.filter(email__iexact=email).order_by("saved")
        ],
    }
