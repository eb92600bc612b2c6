"""Writing comments: post, reply, edit, delete, like, report."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG

from core.sanitising import MAX_LENGTH, clean_user_text

from ..commenting import commentable
from ..models import Comment, CommentReport, ModerationPolicy, Origin, User
from .follows import follow_set
from .publishing import comment_changed, comment_published, moderators_notify


def _clean_text(text: str) -> str:
    text = clean_user_text(text)
    if not text:
        # The code goes on the field's error: Django drops `code=` given with a dict.
        raise ValidationError({"text": ValidationError(_("Write something before sending."), code="empty")})
    if len(text) > MAX_LENGTH:
        message = _("A comment may be %(max)s characters long at most; this one has %(length)s.") % {
            "max": number_format(MAX_LENGTH, force_grouping=True),
            "length": number_format(len(text), force_grouping=True),
        }
        raise ValidationError({"text": ValidationError(message, code="too_long")})
    return text


def _check_rate(user: User) -> None:
    """At most COMMENTS_PER_MINUTE comments a minute per person. The person's
    row is locked so that simultaneous posts are counted one after the other."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    since = timezone.now() - timedelta(minutes=1)
    if Comment.objects.filter(user=user, submit_date__gte=since).count() >= settings.COMMENTS_PER_MINUTE:
        raise ValidationError(
            _("You have posted %(count)d comments in the last minute. Please wait a moment before posting again; "
              "your text is kept below.") % {"count": settings.COMMENTS_PER_MINUTE},
            code="rate_limit",
        )


def is_pre_moderated(organisation) -> bool:
    return organisation is not None and ModerationPolicy.objects.filter(
        organisation=organisation, pre_moderation=True
    ).exists()


@transaction.atomic
def comment_post(*, user: User, target, text: str, stance: str = "", parent: Comment | None = None,
                 recorded_by: User | None = None) -> Comment:
    """A new comment, or a reply to `parent`. Published at once, or kept for
    the moderators when the organisation pre-moderates; its author follows
    the page from then on. `recorded_by`: written at the accueil by that
    person, on `user`'s behalf (services/accueil.py checked it)."""
    text = _clean_text(text)
    content_type = ContentType.objects.get_for_model(target)
    if parent is not None:
        if parent.content_type_id != content_type.pk or parent.object_pk != str(target.pk):
            raise ValidationError(_("This reply does not belong to this page."), code="wrong_parent")
        if not parent.is_readable:
            raise ValidationError(_("This comment can no longer be answered."), code="parent_unavailable")
        if not parent.can_have_replies:
            raise ValidationError(_("Replies go three levels deep at most: answer the comment above."),
                                  code="too_deep")
        stance = ""
    _check_rate(user)
    organisation = commentable(target).organisation(target)
    comment = Comment(
        content_type=content_type,
        object_pk=str(target.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=str(user)[:50],
        comment=text,
        submit_date=timezone.now(),
        is_public=not is_pre_moderated(organisation),
        organisation=organisation,
        stance=stance,
        parent_id=parent.pk if parent else 0,
        origin=Origin.ACCUEIL if recorded_by is not None else Origin.ONLINE,
        recorded_by=recorded_by,
    )
    # The length is _clean_text's.
    comment.full_clean(exclude=["comment", "content_type", "site", "user", "organisation", "recorded_by"])
    comment.save()
    follow_set(user=user, target=target, follow=True)
    if comment.is_public:
        comment_published(comment, target=target)
    else:
        moderators_notify(comment, state="pending", actor_id=user.pk)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user: User, text: str) -> Comment:
    """Its author may rewrite a comment for 15 minutes; it then reads "modifié"."""
    # comments-xtd's manager joins the (nullable) user: PostgreSQL locks no outer join
    comment = Comment.objects.select_related(None).select_for_update().get(pk=comment.pk)
    if comment.user_id != user.pk:
        raise PermissionDenied
    if not comment.is_editable_now():
        raise ValidationError(_("Comments can be edited for 15 minutes after posting; this one no longer can."),
                              code="edit_window")
    text = _clean_text(text)
    if text != comment.comment:
        comment.comment, comment.edited_at = text, timezone.now()
        comment.save(update_fields=["comment", "edited_at"])
        comment_changed(comment)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user: User) -> Comment:
    """The author deletes their comment: the text goes, the replies stay."""
    # comments-xtd's manager joins the (nullable) user: PostgreSQL locks no outer join
    comment = Comment.objects.select_related(None).select_for_update().get(pk=comment.pk)
    if comment.user_id != user.pk:
        raise PermissionDenied
    if not comment.is_deleted:
        comment.comment, comment.stance, comment.deleted_at = "", "", timezone.now()
        comment.save(update_fields=["comment", "stance", "deleted_at"])
        comment_changed(comment)
    return comment


def comment_like(*, comment: Comment, user: User, like: bool = True) -> bool:
    """One like per person (a database constraint); liking twice is liking."""
    if like:
        if not comment.is_readable or comment.user_id == user.pk:
            raise ValidationError(_("You cannot like this comment."), code="cannot_like")
        try:
            with transaction.atomic():
                CommentFlag.objects.create(comment=comment, user=user, flag=LIKEDIT_FLAG)
        except IntegrityError:
            pass
    else:
        CommentFlag.objects.filter(comment=comment, user=user, flag=LIKEDIT_FLAG).delete()
    comment_changed(comment)
    return like


def comment_report(*, comment: Comment, user: User, reason: str, details: str = "") -> CommentReport:
    """Ask the moderators to look at a comment. Once per person and comment."""
    if comment.user_id == user.pk:
        raise ValidationError(_("You cannot report your own comment; you may delete it."), code="own_comment")
    report = CommentReport(comment=comment, reporter=user, reason=reason, details=clean_user_text(details))
    report.full_clean(exclude=["comment", "reporter"], validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        raise ValidationError(_("You have already reported this comment; the moderators will look at it."),
                              code="already_reported") from error
    if not CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).exclude(pk=report.pk).exists():
        moderators_notify(comment, state="reported", actor_id=None)  # the reporter is not named
    return report
