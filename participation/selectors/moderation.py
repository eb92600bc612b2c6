"""Reads for the moderators: whom they moderate, what waits for them, and
what the comments in their queue were posted on."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q

from cms.models import OrganisationPage

from .. import roles
from ..models import Comment, CommentReport

_OPEN_REPORTS = CommentReport.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True)
_NOT_GONE = Q(hidden_at__isnull=True, deleted_at__isnull=True)
PENDING = Q(is_public=False) & _NOT_GONE
REPORTED = Q(Exists(_OPEN_REPORTS)) & _NOT_GONE
HIDDEN = Q(hidden_at__isnull=False)
PUBLISHED = Q(is_public=True) & _NOT_GONE


def moderated_organisations(user):
    """Superusers moderate every organisation; staff, those they work for."""
    return OrganisationPage.objects.order_by("title").filter(roles.staff_q(user, "pk"))


def is_moderator(user) -> bool:
    return roles.is_staff_anywhere(user)


def waiting_count(user) -> int:
    """Comments a moderator should look at (pending or reported), in one query."""
    comments = Comment.objects.filter(organisation__isnull=False)
    if not user.is_superuser:
        comments = comments.filter(roles.staff_q(user))
    return comments.filter(PENDING | REPORTED).count()


def moderation_tab_counts(organisation_ids) -> dict:
    return Comment.objects.filter(organisation__in=organisation_ids).aggregate(
        pending=Count("pk", filter=PENDING),
        reported=Count("pk", filter=REPORTED),
        published=Count("pk", filter=PUBLISHED),
        hidden=Count("pk", filter=HIDDEN),
    )


def comment_targets(comments) -> dict:
    """What the comments were posted on, one query per kind of object
    (plan pages: one per page type), however many comments there are."""
    wanted = defaultdict(set)
    for comment in comments:
        wanted[comment.content_type_id].add(comment.object_pk)
    found = {}
    for content_type_id, pks in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        for target in model._default_manager.filter(pk__in=pks):
            found[(content_type_id, str(target.pk))] = target
    return found
