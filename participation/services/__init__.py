from .comments import comment_delete, comment_edit, comment_like, comment_post, comment_report, is_pre_moderated
from .committees import (
    calendar_token_reset,
    committee_join,
    committee_leave,
    committee_listing_set,
    committee_member_answer,
    committee_member_appoint,
    committee_member_remove,
    committee_member_role_set,
    committee_request,
    committee_update,
)
from .follows import follow_set
from .meetings import (
    attendance_answer,
    document_add,
    document_remove,
    meeting_cancel,
    meeting_schedule,
    meeting_update,
    minutes_publish,
)
from .memberships import (
    committees_upsert,
    membership_answer,
    membership_request,
    membership_sync_admin_access,
    membership_withdraw,
)
from .moderation import comment_moderate, moderation_policy_set
from .notifications import notifications_create, notifications_mark_read

__all__ = [
    "calendar_token_reset",
    "attendance_answer",
    "comment_delete",
    "comment_edit",
    "comment_like",
    "comment_moderate",
    "comment_post",
    "comment_report",
    "committee_join",
    "committee_leave",
    "committee_listing_set",
    "committee_member_answer",
    "committee_member_appoint",
    "committee_member_remove",
    "committee_member_role_set",
    "committee_request",
    "committee_update",
    "committees_upsert",
    "document_add",
    "document_remove",
    "follow_set",
    "is_pre_moderated",
    "meeting_cancel",
    "meeting_schedule",
    "meeting_update",
    "membership_answer",
    "membership_request",
    "membership_sync_admin_access",
    "membership_withdraw",
    "minutes_publish",
    "moderation_policy_set",
    "notifications_create",
    "notifications_mark_read",
]
