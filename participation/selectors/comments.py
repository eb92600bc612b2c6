"""Reading comments: a page's threads in one query, counts, moderation queues."""

import copy
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from .. import roles
from ..models import Comment, CommentReport, Follow

THREADS_PER_PAGE = 30
ORDERS = ("oldest", "newest")


@dataclass
class CommentNode:
    comment: Comment
    children: list["CommentNode"] = field(default_factory=list)

    @property
    def has_visible_replies(self) -> bool:
        return any(child.is_shown for child in self.children)

    @property
    def is_shown(self) -> bool:
        """Deleted comments stay only as the place of their replies."""
        return not self.comment.is_deleted or self.has_visible_replies


def comments_for(target, *, user=None):
    """The comments of one object that this person may see: the published
    ones, the hidden and deleted ones (shown as such), and their own pending
    ones. Each carries its number of likes and whether this person liked
    or reported it."""
    content_type = ContentType.objects.get_for_model(target)
    visible = Q(is_public=True)
    liked = reported = Value(False)
    if user is not None and user.is_authenticated:
        visible |= Q(user=user)
        liked = Exists(CommentFlag.objects.filter(comment=OuterRef("pk"), user=user, flag=LIKEDIT_FLAG))
        reported = Exists(CommentReport.objects.filter(comment=OuterRef("pk"), reporter=user))
    return (
        Comment.objects.filter(content_type=content_type, object_pk=str(target.pk))
        .filter(visible)
        # The organisation's name for the staff badge, without building a page object per comment.
        .select_related("user")
        .annotate(
            organisation_title=F("organisation__title"),
            # A subquery rather than a join: no GROUP BY over every column read.
            like_count=Coalesce(Subquery(
                CommentFlag.objects.filter(comment=OuterRef("pk"), flag=LIKEDIT_FLAG).order_by().values("comment")
                .annotate(n=Count("pk")).values("n")
            ), 0),
            liked=liked,
            reported=reported,
        )
        .order_by("thread_id", "order")
    )


def comment_thread(target, *, user=None, order: str = "oldest", stance: str = "", page=1,
                   preview: bool = False) -> dict:
    """Everything a page's discussion shows, in one query: the threads
    (newest or oldest first, optionally those of one stance), a page of
    them, and the number of comments and of distinct participants."""
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    published, participants = 0, set()
    for comment in reader_comments(target, user=user, preview=preview):
        node = nodes[comment.pk] = CommentNode(comment)
        if comment.is_readable:
            published += 1
            participants.add(comment.user_id)
        parent = nodes.get(comment.parent_id) if comment.parent_id != comment.pk else None
        if parent is not None:
            parent.children.append(node)
        elif comment.level == 0:
            roots.append(node)
    threads = [root for root in roots if root.is_shown and (not stance or root.comment.stance == stance)]
    if order == "newest":
        threads.reverse()
    paginator = Paginator(threads, THREADS_PER_PAGE)
    return {
        "page": paginator.get_page(page),
        "comment_count": published,
        "participant_count": len(participants),
        "order": order if order in ORDERS else "oldest",
        "stance": stance,
    }


LIKED, REPORTED, OWN_PENDING = "liked", "reported", "own"


def _discussion_name(target) -> str:
    return f"comments:{ContentType.objects.get_for_model(target).pk}:{target.pk}"


def _read(queryset) -> list[Comment]:
    # Whole users go into the cache with their comments, but for their password hash.
    return mark_staff_authors(list(queryset.defer("user__password")))


def public_comments(target, *, preview: bool = False) -> list[Comment]:
    """What everyone sees of a discussion (published comments, hidden and
    deleted ones as such, like counts, staff marks), cached until the next
    change the public pages show: a comment, a like, a moderation."""
    from core.page_cache import public_cached

    if preview:
        return _read(comments_for(target))
    return public_cached(_discussion_name(target), lambda: _read(comments_for(target)))


def reader_comments(target, *, user=None, preview: bool = False) -> list[Comment]:
    """`comments_for(target, user=user)`, in the same order and with the
    same marks: from the cached discussion and one query of what is this
    reader's own (their likes and reports, and their comments awaiting
    moderation, read whole only when there are some); or, when the cache
    has no discussion, read for this reader, the discussion being cached
    from it as everyone sees it."""
    from core.page_cache import public_key, seconds

    if user is None or not user.is_authenticated:
        return public_comments(target, preview=preview)
    key = None if preview else public_key(_discussion_name(target))
    shared = cache.get(key) if key else None
    if shared is None:
        comments = _read(comments_for(target, user=user))
        if key:
            public = [copy.copy(comment) for comment in comments if comment.is_public]
            for comment in public:
                comment.liked = comment.reported = False
            cache.set(key, public, timeout=seconds())
        return comments
    marks: dict[int, set] = {}
    for comment_id, mark in _reader_marks(target, user):
        marks.setdefault(comment_id, set()).add(mark)
    pending = [comment_id for comment_id, found in marks.items() if OWN_PENDING in found]
    if pending:
        shared = sorted(shared + _read(comments_for(target, user=user).filter(pk__in=pending)),
                        key=lambda comment: (comment.thread_id, comment.order))
    for comment in shared:
        found = marks.get(comment.pk, ())
        comment.liked, comment.reported = LIKED in found, REPORTED in found
    return shared


def _reader_marks(target, user):
    content_type = ContentType.objects.get_for_model(target)
    on_target = {"comment__content_type": content_type, "comment__object_pk": str(target.pk)}
    likes = CommentFlag.objects.filter(**on_target, user=user, flag=LIKEDIT_FLAG).values_list(
        "comment_id", Value(LIKED, output_field=CharField()))
    reports = CommentReport.objects.filter(**on_target, reporter=user).values_list(
        "comment_id", Value(REPORTED, output_field=CharField()))
    own_pending = Comment.objects.filter(content_type=content_type, object_pk=str(target.pk), user=user,
                                         is_public=False).values_list(
        "pk", Value(OWN_PENDING, output_field=CharField()))
    return likes.order_by().union(reports.order_by(), own_pending.order_by(), all=True)


def comment_node(comment_id: int, *, user=None) -> CommentNode | None:
    """One comment as the thread would show it (for live updates), or None
    when this person may not see it."""
    comment = Comment.objects.select_related(None).filter(pk=comment_id).only("content_type", "object_pk").first()
    if comment is None:
        return None
    found = comments_for(comment.content_object, user=user).filter(pk=comment_id).first()
    return CommentNode(mark_staff_authors([found])[0]) if found else None


def mark_staff_authors(comments: list[Comment]) -> list[Comment]:
    """Flag the comments written by staff of the organisation that moderates
    them, so readers can tell the organisation's voice (one query)."""
    organisations = {comment.organisation_id for comment in comments if comment.organisation_id}
    authors = {comment.user_id for comment in comments if comment.user_id}
    staff = roles.staff_pairs(organisations, authors)
    for comment in comments:
        comment.by_staff = (comment.user_id, comment.organisation_id) in staff
    return comments


def is_following(user, target) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).exists()


def target_comment_counts(target) -> dict:
    """One object's published comments and distinct participants."""
    return Comment.objects.for_object(target).published().aggregate(
        comments=Count("pk"), participants=Count("user", distinct=True)
    )


def comment_counts_key(organisation_id) -> str:
    return f"participation:comment-counts:{organisation_id}"


def comment_counts(*, organisation) -> dict:
    """An organisation's published comments and distinct participants,
    cached until one of its comments is published or changes
    (participation.services.publishing)."""
    def count():
        return Comment.objects.filter(organisation=organisation).published().aggregate(
            comments=Count("pk"), participants=Count("user", distinct=True)
        )

    return cache.get_or_set(comment_counts_key(organisation.pk), count, timeout=24 * 3600)


def moderation_queue(*, organisations, state: str):
    """Comments for a moderator: pending, reported (with open reports),
    published (newest first) or hidden, for the organisations this
    moderator looks after."""
    queryset = Comment.objects.filter(organisation__in=organisations).select_related("user", "organisation")
    if state == "pending":
        queryset = queryset.pending()
    elif state == "reported":
        open_reports = CommentReport.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True)
        queryset = queryset.filter(Exists(open_reports), hidden_at__isnull=True, deleted_at__isnull=True)
    elif state == "published":  # any comment may be hidden, reported or not
        queryset = queryset.published()
    elif state == "hidden":
        queryset = queryset.filter(hidden_at__isnull=False)
    else:
        raise ValueError(state)
    return queryset.annotate(
        open_report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True), distinct=True)
    ).order_by("-submit_date")
