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
