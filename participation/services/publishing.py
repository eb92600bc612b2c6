"""What follows a comment's publication or change: notifications, emails
and the live update of everyone reading the page, all after the commit."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction

from ..commenting import live_group
from ..models import Comment, Follow, NotificationKind
from ..selectors.comments import comment_counts_key
from .notifications import notifications_create

logger = logging.getLogger(__name__)


def comment_published(comment: Comment, *, target=None) -> None:
    """Tell the author of the comment answered and the page's followers,
    and show the comment to everyone reading the page."""
    target = target or comment.content_object
    recipients = {}
    if comment.parent_id and comment.parent_id != comment.pk:
        parent = Comment.objects.filter(pk=comment.parent_id).values("user_id", "deleted_at").first()
        if parent and parent["user_id"] and parent["deleted_at"] is None:
            recipients[parent["user_id"]] = NotificationKind.COMMENT_REPLY
    followers = Follow.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).values_list("user_id", flat=True)
    for user_id in followers:
        recipients.setdefault(user_id, NotificationKind.FOLLOWED_COMMENT)
    recipients.pop(comment.user_id, None)
    notifications_create(
        recipients=recipients,
        target=target,
        actor_id=comment.user_id,
        title=str(getattr(target, "title", target)),
        url=f"{target.get_absolute_url()}#comment-{comment.pk}",
        comment=comment,
    )
    live_broadcast_on_commit(comment, "posted")


def comment_changed(comment: Comment) -> None:
    live_broadcast_on_commit(comment, "changed")


def live_broadcast_on_commit(comment: Comment, event: str) -> None:
    payload = {
        "type": "comment.event",
        "event": event,
        "comment": comment.pk,
        "parent": comment.parent_id if comment.parent_id != comment.pk else None,
    }
    group = live_group(comment.content_type_id, comment.object_pk)
    counts_key = comment_counts_key(comment.organisation_id)
    transaction.on_commit(lambda: (cache.delete(counts_key), live_broadcast(group, payload)))


def live_broadcast(group: str, payload: dict) -> None:
    """Push to the readers of a page. A channel layer that is down must not
    fail the request: the comment is saved, readers see it on reload."""
    try:
        async_to_sync(get_channel_layer().group_send)(group, payload)
    except Exception:
        logger.exception("Live update to %s failed", group)


def moderators_notify(comment: Comment, *, state: str, actor_id: int | None) -> None:
    """Tell the organisation's staff that a comment waits for them (pending,
    or reported for the first time)."""
    from django.urls import reverse

    from .memberships import organisation_staff_ids

    organisation = comment.organisation
    if organisation is None:
        return
    staff = organisation_staff_ids(organisation) - {actor_id}
    url = f"{reverse('participation_moderation')}?state={state}&organisation={organisation.pk}#moderation-{comment.pk}"
    notifications_create(
        recipients=dict.fromkeys(staff, NotificationKind.COMMENT_TO_MODERATE), target=comment.content_object,
        actor_id=actor_id, title=organisation.title, url=url, comment=comment,
    )


def author_notify(comment: Comment, *, kind: str, moderator_id: int) -> None:
    """Tell a comment's author that the moderators hid or approved it."""
    if not comment.user_id or comment.user_id == moderator_id:
        return
    target = comment.content_object
    notifications_create(
        recipients={comment.user_id: kind}, target=target, actor_id=None, title=str(getattr(target, "title", target)),
        url=f"{target.get_absolute_url()}#comment-{comment.pk}", comment=comment,
    )
