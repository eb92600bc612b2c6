"""The moderators' actions on comments, each one logged with its reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import OrganisationPage

from ..audit import audit_record
from ..models import (
    AuditAction,
    Comment,
    CommentReport,
    ModerationAction,
    ModerationEvent,
    ModerationPolicy,
    NotificationKind,
    User,
)
from ..predicates import is_organisation_staff
from .publishing import author_notify, comment_changed, comment_published

REASON_REQUIRED = {ModerationAction.HIDE, ModerationAction.RESTORE}


def _check_moderator(user: User, organisation: OrganisationPage | None) -> None:
    if not is_organisation_staff(user, organisation):
        raise PermissionDenied


@transaction.atomic
def comment_moderate(*, comment: Comment, moderator: User, action: str, reason: str = "") -> Comment:
    """Approve a pending comment, hide one, restore a hidden one, or dismiss
    its reports. Hiding and restoring need a reason, which the log keeps."""
    # comments-xtd's manager joins the (nullable) user: PostgreSQL locks no outer join
    comment = Comment.objects.select_related(None).select_for_update().get(pk=comment.pk)
    _check_moderator(moderator, comment.organisation)
    reason = reason.strip()[:500]
    if action in REASON_REQUIRED and not reason:
        # The code goes on the field's error: Django drops `code=` given with a dict.
        raise ValidationError({"reason": ValidationError(_("Give a reason: it is kept in the moderation log."),
                                                         code="no_reason")})
    now = timezone.now()
    before = _state(comment)
    if action == ModerationAction.APPROVE:
        if not comment.is_pending:
            raise ValidationError(_("This comment is not awaiting moderation."), code="not_pending")
        comment.is_public = True
        comment.save(update_fields=["is_public"])
        comment_published(comment)
        author_notify(comment, kind=NotificationKind.COMMENT_APPROVED, moderator_id=moderator.pk)
    elif action == ModerationAction.HIDE:
        if comment.is_hidden:
            raise ValidationError(_("This comment is already hidden."), code="already_hidden")
        comment.hidden_at, comment.hidden_reason = now, reason
        comment.save(update_fields=["hidden_at", "hidden_reason"])
        CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=now)
        comment_changed(comment)
        author_notify(comment, kind=NotificationKind.COMMENT_HIDDEN, moderator_id=moderator.pk)
    elif action == ModerationAction.RESTORE:
        if not comment.is_hidden:
            raise ValidationError(_("This comment is not hidden."), code="not_hidden")
        was_published = comment.is_public
        comment.hidden_at, comment.hidden_reason, comment.is_public = None, "", True
        comment.save(update_fields=["hidden_at", "hidden_reason", "is_public"])
        if was_published:
            comment_changed(comment)
        else:  # rejected while pending, then restored: its first publication
            comment_published(comment)
    elif action == ModerationAction.DISMISS:
        CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=now)
    else:
        raise ValidationError(_("Unknown moderation action."), code="unknown_action")
    ModerationEvent.objects.create(
        organisation_id=comment.organisation_id, comment=comment, moderator=moderator, action=action, reason=reason
    )
    if comment.organisation_id:
        audit_record(organisation=comment.organisation_id, actor=moderator, action=AuditAction.COMMENT_MODERATED,
                     obj=comment, label=_("Comment #%(number)s") % {"number": comment.pk},
                     before={"state": before}, after={"state": _state(comment), "action": action, "reason": reason})
    return comment


def _state(comment: Comment) -> str:
    return "hidden" if comment.is_hidden else "pending" if comment.is_pending else "public"


@transaction.atomic
def moderation_policy_set(*, organisation: OrganisationPage, moderator: User, pre_moderation: bool) -> ModerationPolicy:
    """Switch an organisation between post-moderation (the default) and pre-moderation."""
    _check_moderator(moderator, organisation)
    policy, _created = ModerationPolicy.objects.select_for_update().get_or_create(organisation=organisation)
    if policy.pre_moderation != pre_moderation:
        policy.pre_moderation = pre_moderation
        policy.save()
        audit_record(organisation=organisation, actor=moderator, action=AuditAction.MODERATION_POLICY,
                     before={"pre_moderation": not pre_moderation}, after={"pre_moderation": pre_moderation})
        ModerationEvent.objects.create(
            organisation=organisation, moderator=moderator,
            action=ModerationAction.PRE_MODERATION_ON if pre_moderation else ModerationAction.PRE_MODERATION_OFF,
        )
    return policy
