"""In-app notifications, and their emails sent by the background worker."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import EmailFrequency, EmailPreference, Notification, User
from ..selectors.notifications import unread_count_forget


def notifications_create(*, recipients: dict[int, str], target, actor_id: int | None, title: str, url: str,
                         comment=None, membership=None, detail: str = "", once_key: str | None = None,
                         ) -> list[Notification]:
    """One notification per recipient ({user id: kind}) about `target`, for
    those its kind's audience admits now (participation/notifying.py): a
    caller's list of people is a wish, not a permission. Their emails leave
    after the commit, from the worker, which asks again. With `once_key`, a
    person who already had one with that key makes the database refuse it
    (IntegrityError: the caller makes one per savepoint)."""
    from ..notifying import may_receive

    if not recipients:
        return []
    people = User.objects.filter(pk__in=list(recipients), is_active=True).in_bulk()
    candidates = (
        Notification(recipient=people[user_id], kind=kind, actor_id=actor_id, title=title[:255], url=url[:500],
                     detail=str(detail)[:255], comment=comment, membership=membership, target=target,
                     once_key=once_key)
        for user_id, kind in sorted(recipients.items()) if user_id in people
    )
    notifications = Notification.objects.bulk_create(
        notification for notification in candidates if may_receive(notification.recipient, notification))
    if not notifications:
        return []
    ids = [notification.pk for notification in notifications]
    _forget_unread([notification.recipient_id for notification in notifications], changed=True)
    transaction.on_commit(lambda: notification_emails_enqueue(ids))
    return notifications


def notification_emails_enqueue(ids: list[int]) -> None:
    from ..tasks import notification_email_send

    for notification_id in ids:
        notification_email_send.enqueue(notification_id)


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark some (or, with no ids, all) of a person's notifications read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    count = unread.update(read_at=timezone.now())
    _forget_unread([user.pk], changed=bool(count))
    return count


def _forget_unread(user_ids: list[int], *, changed: bool) -> None:
    """Now, and again once committed: a page counting in between would have
    cached the count from before. Once committed, the bell of the person's
    open pages is told to count again (participation/live.py)."""
    from ..live import bell_ring

    unread_count_forget(user_ids)
    transaction.on_commit(lambda: unread_count_forget(user_ids))
    if changed:
        bell_ring(user_ids)


def email_preference_set(*, user: User, key: str, enabled: bool) -> None:
    """A person's choice for one kind of e-mail, kept with its date."""
    from ..notifying import preference

    preference(key)  # a known one, or KeyError
    EmailPreference.objects.update_or_create(user=user, key=key, defaults={"enabled": enabled})


def email_links_revoke(*, user: User) -> None:
    """Every unsubscribe link sent to this person so far stops working
    (participation/emails.py); those of the next e-mails work."""
    User.objects.filter(pk=user.pk).update(email_links_version=F("email_links_version") + 1)
    user.refresh_from_db(fields=["email_links_version"])


def email_frequency_set(*, user: User, frequency: str) -> None:
    """When the person's notification e-mails leave. Leaving a digest for
    instant e-mails sends what was waiting for it now, in one digest."""
    if frequency not in EmailFrequency.values:
        raise ValueError(frequency)
    previous = User.objects.filter(pk=user.pk).values_list("email_frequency", flat=True).first()
    User.objects.filter(pk=user.pk).update(email_frequency=frequency)
    user.email_frequency = frequency
    if previous in {EmailFrequency.DAILY, EmailFrequency.WEEKLY} and frequency == EmailFrequency.INSTANT:
        from .digests import notification_digest_send

        transaction.on_commit(lambda: notification_digest_send.enqueue(user.pk, previous))
