"""The kinds of notification of comments, moderation and roles, and the
e-mail preferences they go by (participation/notifying.py)."""

from django.utils.translation import gettext_lazy as _

from .models import NotificationKind as Kind
from .notifying import kind_register, preference_register

REPLY, FOLLOWED, MODERATION, MEMBERSHIP = "reply", "followed", "moderation", "membership"


def register() -> None:
    preference_register(REPLY, _("email me when someone replies to me"))
    preference_register(FOLLOWED, _("email me about what I follow"))
    preference_register(MEMBERSHIP, _("email me about role requests and their answers"))
    preference_register(MODERATION, _("email me about the moderation of comments (mine, or those I moderate)"))
    kind_register(Kind.COMMENT_REPLY, _("A reply to my comment"), preference=REPLY)
    kind_register(Kind.FOLLOWED_COMMENT, _("A new comment on what I follow"), preference=FOLLOWED)
    kind_register(Kind.COMMENT_TO_MODERATE, _("A comment to moderate"), preference=MODERATION)
    kind_register(Kind.COMMENT_HIDDEN, _("My comment hidden by the moderators"), preference=MODERATION)
    kind_register(Kind.COMMENT_APPROVED, _("My comment approved"), preference=MODERATION)
    kind_register(Kind.MEMBERSHIP_REQUESTED, _("A role request to answer"), preference=MEMBERSHIP)
    kind_register(Kind.MEMBERSHIP_ANSWERED, _("The answer to my role request"), preference=MEMBERSHIP)
