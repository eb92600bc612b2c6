"""The unread count of the bell, on every page a signed-in person opens:
kept in the cache, forgotten when a notification arrives or is read."""

from django.core.cache import cache

UNREAD_KEY = "notifications-unread:{}"
# A notification that disappears without being read (its comment deleted)
# leaves the count off by one for this long at most.
UNREAD_SECONDS = 300


def unread_count(user) -> int:
    from ..models import Notification

    return cache.get_or_set(
        UNREAD_KEY.format(user.pk),
        lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        timeout=UNREAD_SECONDS,
    )


def unread_count_forget(user_ids) -> None:
    cache.delete_many([UNREAD_KEY.format(user_id) for user_id in user_ids])


def notifications_of(user):
    """A person's notifications, newest first, with what the bell's list asks
    of each: its actor, comment, role request and target."""
    from ..models import Notification

    return (Notification.objects.filter(recipient=user)
            .select_related("actor", "comment__organisation", "membership__organisation")
            .prefetch_related("target"))


def notifications_shown(user, notifications) -> list:
    """The notifications of one page of the list, each marked `shown` while
    its kind's audience still admits the person; the others are listed
    without their text or link (participation/notifying.py)."""
    from wagtail.models import Page

    from ..notifying import may_receive, view_restrictions_prefetch

    notifications = list(notifications)
    view_restrictions_prefetch({id(n.target): n.target for n in notifications
                                if isinstance(n.target, Page)}.values())
    for notification in notifications:
        notification.shown = may_receive(user, notification)
    return notifications
