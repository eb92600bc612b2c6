"""Digests: the notification e-mails of a day or a week, in one e-mail per
person (participation/emails.py: digest_email), sent by the worker when the
clock says (participation/scheduling.py).

A notification is e-mailed at most once, whoever sends it: each row is
claimed by a conditional UPDATE (`emailed_at` still empty) before the
e-mail leaves, so two digests running at once, or a digest and an instant
e-mail, share the rows instead of both sending them; this is exact on
SQLite as on PostgreSQL (the row-level write is atomic on both). A row is
given back if the e-mail fails."""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from ..emails import digest_email, email_wanted
from ..models import EmailFrequency, Notification, User
from ..notifying import digest_kinds, kind, may_receive

logger = logging.getLogger(__name__)

# How far back a digest looks for what was never sent: more than a week, so
# that a clock down for a few days loses nothing; what stays unsent longer
# (a kind switched off, a page closed to the person) is left to the site.
LOOKBACK = datetime.timedelta(days=14)


def pending_notifications(user: User, *, now: datetime.datetime):
    return (Notification.objects.filter(recipient=user, emailed_at__isnull=True, kind__in=digest_kinds(),
                                        created_at__gt=now - LOOKBACK, created_at__lte=now)
            .select_related("recipient", "actor", "comment").prefetch_related("target")
            .order_by("created_at", "pk"))


def digest_send(*, user: User, frequency: str, now: datetime.datetime | None = None) -> int:
    """The person's digest: every notification not yet e-mailed that they
    still want by e-mail and may still be told (asked now), claimed one by
    one; how many it carried (0: no e-mail)."""
    now = now or timezone.now()
    if not user.is_active or not user.email:
        return 0
    wanted: dict[str, bool] = {}
    chosen = []
    for notification in pending_notifications(user, now=now):
        key = kind(notification.kind).preference
        if key not in wanted:
            wanted[key] = email_wanted(user, key)
        if wanted[key] and may_receive(user, notification):
            chosen.append(notification)
    claimed = [notification for notification in chosen if Notification.objects.filter(
        pk=notification.pk, emailed_at__isnull=True).update(emailed_at=now)]
    if not claimed:
        return 0
    try:
        digest_email(user, claimed, frequency=frequency).send()
    except Exception:
        Notification.objects.filter(pk__in=[n.pk for n in claimed], emailed_at=now).update(emailed_at=None)
        raise
    return len(claimed)


@task()
def notification_digest_send(user_id: int, frequency: str) -> int:
    """One person's digest now (when they leave a digest for instant e-mails)."""
    user = User.objects.filter(pk=user_id).first()
    return 0 if user is None else digest_send(user=user, frequency=frequency)


def digests_send(*, frequency: str, now: datetime.datetime | None = None) -> str:
    """Every digest of this frequency (a job of the clock)."""
    now = now or timezone.now()
    people = User.objects.filter(
        is_active=True, email_frequency=frequency, pk__in=Notification.objects.filter(
            emailed_at__isnull=True, kind__in=digest_kinds(), created_at__gt=now - LOOKBACK).values("recipient_id"),
    ).exclude(email="").order_by("pk")
    sent = carried = 0
    for person in people.iterator():
        try:
            count = digest_send(user=person, frequency=frequency, now=now)
        except Exception:
            logger.exception("The %s digest of person %s failed", frequency, person.pk)
            continue
        sent += bool(count)
        carried += count
    return f"{sent} digest(s), {carried} notification(s)"


def daily_digests(due_at: datetime.datetime) -> str:
    return digests_send(frequency=EmailFrequency.DAILY)


def weekly_digests(due_at: datetime.datetime) -> str:
    return digests_send(frequency=EmailFrequency.WEEKLY)
