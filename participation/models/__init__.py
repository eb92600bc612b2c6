from .accounts import SELF_DECLARED_ROLES, STAFF_ROLES, Membership, MembershipStatus, Role, User
from .accueil import AccueilPerson, Origin
from .comments import (
    Comment,
    CommentReport,
    ModerationAction,
    ModerationEvent,
    ModerationPolicy,
    ReportReason,
    Stance,
)
from .notifications import EmailPreference, Follow, Notification, NotificationKind
from .register import (
    DEFAULT_VOTE,
    MemberCategory,
    RegisterMember,
    RegisterSettings,
    Subscription,
    VoteRight,
)

__all__ = [
    "AccueilPerson", "Origin",
    "DEFAULT_VOTE", "MemberCategory", "RegisterMember", "RegisterSettings", "Subscription", "VoteRight",
    "SELF_DECLARED_ROLES", "STAFF_ROLES", "Comment", "CommentReport", "EmailPreference", "Follow", "Membership",
    "MembershipStatus",
    "ModerationAction", "ModerationEvent", "ModerationPolicy", "Notification", "NotificationKind", "ReportReason",
    "Role", "Stance", "User",
]
