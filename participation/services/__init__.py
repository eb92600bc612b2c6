from .comments import comment_delete, comment_edit, comment_like, comment_post, comment_report, is_pre_moderated
from .follows import follow_set
from .memberships import (
    membership_answer,
    membership_request,
    membership_sync_admin_access,
    membership_withdraw,
)
from .moderation import comment_moderate, moderation_policy_set
from .notifications import (
    email_frequency_set,
    email_links_revoke,
    email_preference_set,
    notifications_create,
    notifications_mark_read,
)

__all__ = [
    "comment_delete", "comment_edit", "comment_like", "comment_moderate", "comment_post", "comment_report",
    "email_frequency_set", "email_links_revoke", "email_preference_set", "follow_set", "is_pre_moderated",
    "membership_answer",
    "membership_request",
    "membership_sync_admin_access", "membership_withdraw", "moderation_policy_set", "notifications_create",
    "notifications_mark_read",
]
