"""The kinds of notification of comments, moderation and roles, the e-mail
preferences they go by, and who may receive each (participation/notifying.py).
A comment's notification is about the commented object (its target)."""

from django.utils.translation import gettext_lazy as _

from .models import NotificationKind as Kind
from .notifying import kind_register, preference_register, readable
from .predicates import is_comment_moderator, is_staff_of_membership_organisation

REPLY, FOLLOWED, MODERATION, MEMBERSHIP = "reply", "followed", "moderation", "membership"


def published_comment_readable(person, notification) -> bool:
    """A reply, or a comment on what one follows: while the comment is
    published and the person may read where it was posted."""
    comment = notification.comment
    return comment is not None and comment.is_readable and readable(person, notification.target)


def own_comment_readable(person, notification) -> bool:
    """One's own comment hidden or approved: while one may read where it is."""
    comment = notification.comment
    return comment is not None and comment.user_id == person.pk and readable(person, notification.target)


def comment_to_moderate(person, notification) -> bool:
    return is_comment_moderator(person, notification.comment)


def request_to_answer(person, notification) -> bool:
    return is_staff_of_membership_organisation(person, notification.membership)


def own_request(person, notification) -> bool:
    membership = notification.membership
    return membership is not None and membership.user_id == person.pk


def register() -> None:
    preference_register(REPLY, _("email me when someone replies to me"))
    preference_register(FOLLOWED, _("email me about what I follow"), consent=True)
    preference_register(MEMBERSHIP, _("email me about role requests and their answers"))
    preference_register(MODERATION, _("email me about the moderation of comments (mine, or those I moderate)"))
    kind_register(Kind.COMMENT_REPLY, _("A reply to my comment"), preference=REPLY,
                  audience=published_comment_readable)
    kind_register(Kind.FOLLOWED_COMMENT, _("A new comment on what I follow"), preference=FOLLOWED,
                  audience=published_comment_readable)
    kind_register(Kind.COMMENT_TO_MODERATE, _("A comment to moderate"), preference=MODERATION,
                  audience=comment_to_moderate)
    kind_register(Kind.COMMENT_HIDDEN, _("My comment hidden by the moderators"), preference=MODERATION,
                  audience=own_comment_readable)
    kind_register(Kind.COMMENT_APPROVED, _("My comment approved"), preference=MODERATION,
                  audience=own_comment_readable)
    kind_register(Kind.MEMBERSHIP_REQUESTED, _("A role request to answer"), preference=MEMBERSHIP,
                  audience=request_to_answer)
    kind_register(Kind.MEMBERSHIP_ANSWERED, _("The answer to my role request"), preference=MEMBERSHIP,
                  audience=own_request)
