from .accounts import SELF_DECLARED_ROLES, STAFF_ROLES, EmailFrequency, Membership, MembershipStatus, Role, User
from .accueil import AccueilPerson, Origin
from .audit import AuditAction, AuditEntry
from .comments import (
    Comment,
    CommentReport,
    ModerationAction,
    ModerationEvent,
    ModerationPolicy,
    ReportReason,
    Stance,
)
from .notifications import EmailPreference, Follow, Notification, NotificationKind, ScheduledRun
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
    "AuditAction", "AuditEntry",
    "DEFAULT_VOTE", "MemberCategory", "RegisterMember", "RegisterSettings", "Subscription", "VoteRight",
    "SELF_DECLARED_ROLES", "STAFF_ROLES", "Comment", "EmailFrequency", "CommentReport", "EmailPreference", "Follow",
    "Membership",
    "MembershipStatus",
    "ScheduledRun", "ModerationAction", "ModerationEvent", "ModerationPolicy", "Notification", "NotificationKind",
    "ReportReason",
    "Role", "Stance", "User",
]
