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
    committee_request_at_accueil,
    committee_update,
)
from .loading import committees_upsert
from .meetings import (
    attendance_answer,
    document_add,
    document_remove,
    meeting_cancel,
    meeting_schedule,
    meeting_update,
    minutes_publish,
)

__all__ = [
    "attendance_answer", "calendar_token_reset", "committee_join", "committee_leave", "committee_listing_set",
    "committee_member_answer", "committee_member_appoint", "committee_member_remove", "committee_member_role_set",
    "committee_request", "committee_request_at_accueil", "committee_update", "committees_upsert",
    "document_add", "document_remove",
    "meeting_cancel", "meeting_schedule", "meeting_update", "minutes_publish",
]
