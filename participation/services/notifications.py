"""In-app notifications, and their emails sent by the background worker."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import EmailPreference, Notification, User
from ..selectors.notifications import unread_count_forget


def notifications_create(*, recipients: dict[int, str], target, actor_id: int | None, title: str, url: str,
                         comment=None, membership=None, detail: str = "") -> list[Notification]:
    """One notification per recipient ({user id: kind}) about `target`, for
    those its kind's audience admits now (participation/notifying.py): a
    caller's list of people is a wish, not a permission. Their emails leave
    after the commit, from the worker, which asks again."""
    from ..notifying import may_receive

    if not recipients:
        return []
    people = User.objects.filter(pk__in=list(recipients), is_active=True).in_bulk()
    candidates = (
        Notification(recipient=people[user_id], kind=kind, actor_id=actor_id, title=title[:255], url=url[:500],
                     detail=str(detail)[:255], comment=comment, membership=membership, target=target)
        for user_id, kind in sorted(recipients.items()) if user_id in people
    )
    notifications = Notification.objects.bulk_create(
        notification for notification in candidates if may_receive(notification.recipient, notification))
    if not notifications:
        return []
    ids = [notification.pk for notification in notifications]
    _forget_unread([notification.recipient_id for notification in notifications])
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
    _forget_unread([user.pk])
    return count


def _forget_unread(user_ids: list[int]) -> None:
    """Now, and again once committed: a page counting in between would have
    cached the count from before."""
    unread_count_forget(user_ids)
    transaction.on_commit(lambda: unread_count_forget(user_ids))


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
